// The commands of the rxlocator client, one function each: each reads its
// flags from `args`, calls the server over `connection`, prints the answer
// and returns the exit code (exit_codes.h). A bad flag exits at once with
// kUsageError.
//
//   const Args args = ParseArgs(argc, argv);
//   return Nearest(args, Connect(args));
#ifndef RXLOCATOR_TOOLS_CLI_COMMANDS_H_
#define RXLOCATOR_TOOLS_CLI_COMMANDS_H_

#include "tools/cli/args.h"
#include "tools/cli/connection.h"

namespace rxlocator::cli {

// nearest: pharmacies nearest first (nearest.cc).
int Nearest(const Args& args, const Connection& connection);
// pharmacy ID: one pharmacy (pharmacy.cc).
int PharmacyCommand(const Args& args, const Connection& connection);
// check-network ID: whether a pharmacy is in a plan's network (pharmacy.cc).
int CheckNetworkCommand(const Args& args, const Connection& connection);
// stock get, stock report FILE (stock.cc).
int StockCommand(const Args& args, const Connection& connection);
// watch: stock events for a drug near a place (watch.cc).
int Watch(const Args& args, const Connection& connection);
// ivr: what a phone caller would hear (ivr.cc).
int Ivr(const Args& args, const Connection& connection);
// urgent: where to pick up a prescription soonest (urgent.cc).
int Urgent(const Args& args, const Connection& connection);
// health: whether the server is serving (health.cc).
int Health(const Args& args, const Connection& connection);
// reload: the server reads its data files again (admin.cc).
int Reload(const Args& args, const Connection& connection);
// stats: what the server serves, and its reloads (admin.cc).
int Stats(const Args& args, const Connection& connection);

}  // namespace rxlocator::cli

#endif  // RXLOCATOR_TOOLS_CLI_COMMANDS_H_
