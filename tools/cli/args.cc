// Parsing the client's command line, and its shared flags.
#include "tools/cli/args.h"

#include <cstdio>
#include <cstdlib>

#include "absl/algorithm/container.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "index/ndc.h"
#include "index/plan_key.h"
#include "server/proto_mapping.h"
#include "tools/cli/exit_codes.h"

namespace rxlocator::cli {
namespace {

// Flags that take no value.
constexpr absl::string_view kSwitches[] = {"json",
                                           "help",
                                           "ssml",
                                           "sms",
                                           "open-now",
                                           "24-hour",
                                           "preferred-only",
                                           "ninety-day-retail",
                                           "preferred-first",
                                           "substitute",
                                           "walk",
                                           "tls"};

}  // namespace

Args ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      args.positional.push_back(arg);
      continue;
    }
    const size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? eq : eq - 2);
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (!absl::c_linear_search(kSwitches, name) && i + 1 < argc) {
      value = argv[++i];
    }
    args.flags[name].push_back(value);
  }
  return args;
}

void Usage(const std::string& problem) {
  std::fprintf(stderr, "rxlocator: %s\n\n%s", problem.c_str(), kUsage);
  std::exit(kUsageError);
}

int64_t WholeFlag(const Args& args, const std::string& name, int64_t min) {
  int64_t value;
  if (!absl::SimpleAtoi(args.Get(name), &value) || value < min) {
    Usage(absl::StrCat("--", name, " must be a whole number, ", min,
                       " or more, got \"", args.Get(name), "\""));
  }
  return value;
}

double NumberFlag(const Args& args, const std::string& name) {
  double value;
  if (!absl::SimpleAtod(args.Get(name), &value)) {
    Usage(absl::StrCat("--", name, " must be a number, got \"", args.Get(name),
                       "\""));
  }
  return value;
}

v1::Plan PlanFlag(const Args& args) {
  const absl::StatusOr<PlanKey> key = ParsePlanKey(args.Get("plan"));
  if (!key.ok()) Usage(absl::StrCat("--", key.status().message()));
  return PlanToProto(*key);
}

v1::Origin OriginFlags(const Args& args, absl::string_view command) {
  v1::Origin origin;
  if (args.Has("zip")) {
    origin.set_zip_code(args.Get("zip"));
  } else if (args.Has("lat") && args.Has("lng")) {
    origin.mutable_lat_lng()->set_latitude(NumberFlag(args, "lat"));
    origin.mutable_lat_lng()->set_longitude(NumberFlag(args, "lng"));
  } else {
    Usage(absl::StrCat(command, " needs --zip, or --lat and --lng"));
  }
  return origin;
}

const std::string& DrugFlag(const std::string& ndc) {
  const absl::StatusOr<std::string> normal = NormalizeNdc(ndc);
  if (!normal.ok()) Usage(absl::StrCat("--drug: ", normal.status().message()));
  return ndc;
}

}  // namespace rxlocator::cli
