// The command line of the rxlocator client: flags and positional arguments,
// and the flags several commands share, each checked so that a bad value is
// a usage error naming the flag.
//
//   const Args args = ParseArgs(argc, argv);
//   if (!args.Has("plan")) Usage("nearest needs --plan");
//   *request.mutable_plan() = PlanFlag(args);
#ifndef RXLOCATOR_TOOLS_CLI_ARGS_H_
#define RXLOCATOR_TOOLS_CLI_ARGS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "rxlocator/v1/pharmacy_locator.pb.h"

namespace rxlocator::cli {

// Distances are miles on the command line and meters in the API.
constexpr double kMetersPerMile = 1609.344;

// The usage text, with the commands in main.cc.
extern const char kUsage[];

// Flags as name -> values, in order; positional arguments apart.
struct Args {
  std::map<std::string, std::vector<std::string>> flags;
  std::vector<std::string> positional;

  bool Has(const std::string& name) const { return flags.count(name) > 0; }
  std::string Get(const std::string& name, std::string fallback = "") const {
    auto it = flags.find(name);
    return it == flags.end() ? fallback : it->second.back();
  }
};

// "--name=value" and "--name value" are flags (a switch such as --json takes
// no value); anything else is positional.
Args ParseArgs(int argc, char** argv);

// Prints `problem` and the usage text to stderr and exits with kUsageError.
[[noreturn]] void Usage(const std::string& problem);

// A whole-number flag of at least `min`; a usage error otherwise.
int64_t WholeFlag(const Args& args, const std::string& name, int64_t min);

double NumberFlag(const Args& args, const std::string& name);

// The --plan flag as the API's Plan; a usage error if it does not parse.
v1::Plan PlanFlag(const Args& args);

// The --zip flag, or the --lat and --lng flags, as the origin of a search;
// a usage error naming `command` if there are neither.
v1::Origin OriginFlags(const Args& args, absl::string_view command);

// A --drug flag's NDC, returned as given (the server normalises it), checked
// here so that a mistyped NDC is a usage error.
const std::string& DrugFlag(const std::string& ndc);

}  // namespace rxlocator::cli

#endif  // RXLOCATOR_TOOLS_CLI_ARGS_H_
