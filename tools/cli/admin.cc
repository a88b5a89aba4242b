// rxlocator reload and stats: have the server read its data files again
// (Admin.Reload), and show what it serves (Admin.GetStats).
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/output.h"

namespace rxlocator::cli {
namespace {

// How long `reload` waits without --timeout: loading a national data set
// takes far longer than a query.
constexpr double kReloadTimeoutSeconds = 600;

absl::Duration FromProto(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

// "2026-11-22 14:05:03Z"
std::string TimeText(const google::protobuf::Timestamp& t) {
  return absl::FormatTime(
      "%Y-%m-%d %H:%M:%SZ",
      absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos()),
      absl::UTCTimeZone());
}

// "1.234s", to the millisecond.
std::string DurationText(const google::protobuf::Duration& d) {
  return absl::StrFormat("%.3fs", absl::ToDoubleSeconds(FromProto(d)));
}

// "3h12m5s ago", or "just now".
std::string AgeText(const google::protobuf::Duration& d) {
  const absl::Duration age = absl::Trunc(FromProto(d), absl::Seconds(1));
  if (age == absl::ZeroDuration()) return "just now";
  return absl::StrCat(absl::FormatDuration(age), " ago");
}

// "7376 pharmacies (7375 walk-in), 4 networks, ..."
std::string CountsText(const v1::DataCounts& c) {
  return absl::StrCat(c.pharmacies(), " pharmacies (", c.walk_in_pharmacies(),
                      " walk-in), ", c.networks(), " networks, ", c.plans(),
                      " plans, ", c.drugs(), " drugs, ", c.zip_codes(),
                      " ZIP codes");
}

}  // namespace

int Reload(const Args& args, const Connection& connection) {
  if (args.positional.size() != 1) Usage("reload takes no arguments");
  Connection patient = connection;
  if (!args.Has("timeout")) patient.timeout_seconds = kReloadTimeoutSeconds;
  v1::ReloadResponse response;
  const grpc::Status status = CallUnary(patient, &v1::Admin::Stub::Reload,
                                        v1::ReloadRequest(), &response);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(response);
    return 0;
  }
  const bool same = response.old_data_version() == response.new_data_version();
  std::printf("data version %s -> %s%s, loaded in %s\n%s\n",
              response.old_data_version().c_str(),
              response.new_data_version().c_str(),
              same ? " (the same data)" : "",
              DurationText(response.load_duration()).c_str(),
              CountsText(response.counts()).c_str());
  return 0;
}

int Stats(const Args& args, const Connection& connection) {
  if (args.positional.size() != 1) Usage("stats takes no arguments");
  v1::GetStatsResponse s;
  const grpc::Status status = CallUnary(connection, &v1::Admin::Stub::GetStats,
                                        v1::GetStatsRequest(), &s);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(s);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  if (s.data_version().empty()) {
    rows.push_back({"data version", "none: the first load still runs"});
  } else {
    const v1::DataCounts& c = s.counts();
    rows.push_back({"data version", s.data_version()});
    rows.push_back(
        {"loaded at",
         absl::StrCat(TimeText(s.loaded_at()), ", ", AgeText(s.age()), ", in ",
                      DurationText(s.load_duration()))});
    rows.push_back(
        {"pharmacies", absl::StrCat(c.pharmacies(), " (",
                                    c.walk_in_pharmacies(), " walk-in)")});
    rows.push_back({"networks", absl::StrCat(c.networks())});
    rows.push_back({"plans", absl::StrCat(c.plans())});
    rows.push_back({"drugs", absl::StrCat(c.drugs())});
    rows.push_back({"ZIP codes", absl::StrCat(c.zip_codes())});
  }
  rows.push_back({"reloads", absl::StrCat(s.reloads_ok(), " ok, ",
                                          s.reloads_failed(), " failed")});
  if (!s.last_reload_error().empty()) {
    rows.push_back({"last failure", TimeText(s.last_reload_failed_at())});
    rows.push_back({"", s.last_reload_error()});
  }
  rows.push_back({"stock levels", absl::StrCat(s.stock_levels())});
  rows.push_back({"redis", s.redis_configured() ? "yes" : "no"});
  PrintColumns(rows);
  if (s.stock_stale()) std::printf("%s\n", kStaleStock);
  return 0;
}

}  // namespace rxlocator::cli
