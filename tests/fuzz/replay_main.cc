// Runs a fuzz target's LLVMFuzzerTestOneInput once on each file named on the
// command line or found (recursively) in a directory named there, the way a
// libFuzzer binary replays a corpus, without libFuzzer:
//
//   build/tests/fuzz/ndc_fuzzer tests/fuzz/corpus/ndc
//   tests/fuzz/regressions/ndc
//
// A target reports a broken promise by aborting, so any failure ends the run
// with the input's path on stderr. Exits 1 if a path does not exist or no
// input was found at all, since a test that runs nothing cannot fail.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

int Run(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::cerr << "cannot read " << path << "\n";
    return 1;
  }
  std::cerr << "running " << path.string() << " (" << bytes.size()
            << " bytes)\n";
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()),
                         bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (fs::is_directory(arg)) {
      for (const fs::directory_entry& entry :
           fs::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) inputs.push_back(entry.path());
      }
    } else if (fs::is_regular_file(arg)) {
      inputs.push_back(arg);
    } else {
      std::cerr << argv[i] << ": no such file or directory\n";
      return 1;
    }
  }
  if (inputs.empty()) {
    std::cerr << "no inputs to replay\n";
    return 1;
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& input : inputs) {
    if (Run(input) != 0) return 1;
  }
  std::cerr << "replayed " << inputs.size() << " inputs\n";
  return 0;
}
