// CommandMain: the main() of every rxlocator program: --help prints the
// usage, flags that do not parse exit 2 with the reason, anything else runs.
//
//   int main(int argc, char** argv) {
//     return rxlocator::CommandMain<rxlocator::Flags>(
//         argc, argv, "rxlocator-server",
//         absl::StrFormat(rxlocator::kUsage, RXLOCATOR_DATA_DIR),
//         rxlocator::ParseFlags, rxlocator::Run);
//   }
#ifndef RXLOCATOR_SERVER_COMMAND_MAIN_H_
#define RXLOCATOR_SERVER_COMMAND_MAIN_H_

#include <cstdio>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rxlocator {

// `report_error` tells of flags that do not parse; by default it prints
// "name: error" on stderr.
template <typename Flags>
int CommandMain(int argc, char** argv, const char* name,
                const std::string& usage,
                absl::StatusOr<Flags> (*parse)(int, char**),
                int (*run)(const Flags&),
                void (*report_error)(absl::string_view error) = nullptr) {
  for (int i = 1; i < argc; ++i) {
    if (absl::string_view(argv[i]) == "--help") {
      std::fputs(usage.c_str(), stdout);
      return 0;
    }
  }
  absl::StatusOr<Flags> flags = parse(argc, argv);
  if (!flags.ok()) {
    if (report_error != nullptr) {
      report_error(flags.status().message());
    } else {
      std::fprintf(stderr, "%s: %s\n", name,
                   std::string(flags.status().message()).c_str());
    }
    return 2;
  }
  return run(*flags);
}

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_COMMAND_MAIN_H_
