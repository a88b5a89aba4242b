// sanitizer_canary: commits one deliberate error of the kind named by its
// argument, so that the suite proves its sanitizer build catches it (see
// CMakeLists.txt here). Never run outside those tests.
//
//   sanitizer_canary use-after-free|leak|overflow|race|mutex-race
//   sanitizer_canary child KIND   (runs `sanitizer_canary KIND` with
//                                  RunBinary, as tests run the CLI)
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "testing/server_process.h"

namespace {

// Not optimised away: the compiler cannot see what callers pass.
volatile int sink;

int Run(const std::string& kind, int argc, char** argv) {
  if (kind == "use-after-free") {
    // Through a volatile pointer, or the compiler reads the 0 it stored.
    int* volatile p = new int[4]();
    delete[] p;
    sink = p[1];
  } else if (kind == "leak") {
    // On a thread of its own, so that no stale copy of the pointer stays on
    // a stack that LeakSanitizer scans.
    std::thread([] { sink = *new int[4](); }).join();
  } else if (kind == "overflow") {  // Signed overflow: UBSan.
    int big = INT_MAX - static_cast<int>(argc > 0);
    big += argc + 1;
    sink = big;
  } else if (kind == "race") {
    int shared = 0;
    std::thread a([&] { shared = 1; });
    std::thread b([&] { shared = 2; });
    a.join();
    b.join();
    sink = shared;
  } else if (kind == "mutex-race") {
    // The same, where one thread holds an absl::Mutex and the other does
    // not: still a race, though abseil is not instrumented.
    absl::Mutex mu;
    int shared = 0;
    std::thread a([&] {
      absl::MutexLock lock(&mu);
      shared = 1;
    });
    std::thread b([&] { shared = 2; });
    a.join();
    b.join();
    sink = shared;
  } else if (kind == "mutex-ok") {  // No race: both hold the Mutex.
    absl::Mutex mu;
    int shared = 0;
    auto add = [&] {
      for (int i = 0; i < 1000; ++i) {
        absl::MutexLock lock(&mu);
        ++shared;
      }
    };
    std::thread a(add);
    std::thread b(add);
    a.join();
    b.join();
    return shared == 2000 ? 0 : 1;
  } else if (kind == "child" && argc > 2) {
    const rxlocator::BinaryRun run = rxlocator::RunBinary(
        "tests/sanitizers/sanitizer_canary", std::string(argv[2]));
    std::printf("the child exited with %d\n", run.exit_code);
  } else {
    std::fprintf(stderr, "usage: %s KIND | child KIND\n", argv[0]);
    return 2;
  }
  // The tests fail if this is printed: the first report must stop the
  // program (halt_on_error, -fno-sanitize-recover).
  std::printf("carried on after the error\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return Run(argc > 1 ? argv[1] : "", argc, argv);
}
