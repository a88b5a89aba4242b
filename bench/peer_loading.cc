#include "bench/peer_loading.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"

namespace rxlocator {
namespace {

// `text` quoted for the shell.
std::string ShellQuoted(absl::string_view text) {
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "'\\''"}}), "'");
}

// Runs a bash command line, failing if any command of a pipeline fails;
// its failure as a Status naming `what`.
absl::Status Shell(const std::string& what, const std::string& command) {
  const int status = std::system(
      absl::StrCat("bash -o pipefail -c ", ShellQuoted(command)).c_str());
  if (status == 0) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat(what, " failed (status ", status, "): ", command));
}

std::string FileIn(const std::string& dir, absl::string_view name) {
  return ShellQuoted((std::filesystem::path(dir) / std::string(name)).string());
}

}  // namespace

absl::Status LoadIntoRedis(const std::string& dir, int port) {
  return Shell("loading redis",
               absl::StrCat("gzip -dc ", FileIn(dir, "redis.resp.gz"),
                            " | redis-cli -p ", port, " --pipe > /dev/null"));
}

absl::Status LoadIntoPostgis(const std::string& dir,
                             const std::string& conninfo) {
  return Shell("loading postgis",
               absl::StrCat("gzip -dc ", FileIn(dir, "postgis.sql.gz"),
                            " | psql ", ShellQuoted(conninfo),
                            " -q -v ON_ERROR_STOP=1 > /dev/null"));
}

}  // namespace rxlocator
