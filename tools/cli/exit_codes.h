// The exit codes of the rxlocator command-line client, which scripts rely
// on (the usage text in main.cc lists them for people).
#ifndef RXLOCATOR_TOOLS_CLI_EXIT_CODES_H_
#define RXLOCATOR_TOOLS_CLI_EXIT_CODES_H_

namespace rxlocator::cli {

// 0 is success, and 1 an error the server answered with.
constexpr int kServerError = 1;
// Bad usage, or a stock file the client cannot read.
constexpr int kUsageError = 2;
// The server could not be reached in time.
constexpr int kUnreachable = 3;
// check-network: the pharmacy is not in the plan's network.
constexpr int kNotInNetwork = 4;
// stock report: the server rejected some rows (it stored the others).
constexpr int kSomeRejected = 5;
// urgent: the server answered, but no option fills every drug.
constexpr int kNoCompleteOption = 6;

}  // namespace rxlocator::cli

#endif  // RXLOCATOR_TOOLS_CLI_EXIT_CODES_H_
