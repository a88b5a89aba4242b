// rxlocator ivr: what a phone caller who keyed in a ZIP code would hear.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/output.h"

namespace rxlocator::cli {
namespace {

v1::LocateForIvrRequest IvrRequest(const Args& args) {
  if (args.positional.size() != 1) Usage("ivr takes only flags");
  if (!args.Has("zip")) Usage("ivr needs --zip");
  if (args.Has("ssml") + args.Has("sms") + args.Has("json") > 1) {
    Usage("ivr takes one of --ssml, --sms and --json");
  }
  v1::LocateForIvrRequest request;
  // As keyed: what is wrong with it is for the server to say to the caller.
  request.set_zip_code(args.Get("zip"));
  if (args.Has("plan")) *request.mutable_plan() = PlanFlag(args);
  request.set_open_now(args.Has("open-now"));
  request.set_twenty_four_hours_only(args.Has("24-hour"));
  if (args.Has("drug")) request.set_in_stock_ndc(DrugFlag(args.Get("drug")));
  if (args.Has("min-quantity")) {
    if (!args.Has("drug")) Usage("--min-quantity needs --drug");
    request.set_min_quantity(WholeFlag(args, "min-quantity", 1));
  }
  if (args.Has("count")) {
    // The server says how many it reads out at most.
    request.set_count(static_cast<int32_t>(std::min<int64_t>(
        WholeFlag(args, "count", 1), std::numeric_limits<int32_t>::max())));
  }
  return request;
}

// The answer as the caller hears it, a paragraph a line: the opening, each
// pharmacy, the menu. Should those not make up the whole (a server newer
// than this client), the whole on one line.
std::string HeardParagraphs(const v1::LocateForIvrResponse& r) {
  std::vector<absl::string_view> paragraphs;
  auto add = [&paragraphs](const v1::IvrSpeech& s) {
    if (!s.text().empty()) paragraphs.push_back(s.text());
  };
  add(r.intro());
  for (const v1::IvrPharmacy& p : r.pharmacies()) add(p.speech());
  add(r.menu_prompt());
  if (absl::StrJoin(paragraphs, " ") != r.speech().text()) {
    return absl::StrCat(r.speech().text(), "\n");
  }
  return absl::StrCat(absl::StrJoin(paragraphs, "\n"), "\n");
}

}  // namespace

int Ivr(const Args& args, const Connection& connection) {
  const v1::LocateForIvrRequest request = IvrRequest(args);
  v1::LocateForIvrResponse response;
  const grpc::Status status = CallUnary(
      connection, &v1::PharmacyLocator::Stub::LocateForIvr, request, &response);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(response);
    return 0;
  }
  if (response.outcome() != v1::LocateForIvrResponse::FOUND) {
    std::fprintf(
        stderr, "rxlocator: outcome %s\n",
        v1::LocateForIvrResponse::Outcome_Name(response.outcome()).c_str());
  }
  if (args.Has("ssml")) {
    std::printf("%s\n", response.speech().ssml().c_str());
  } else if (args.Has("sms")) {
    if (!response.sms_body().empty()) {
      std::printf("%s\n", response.sms_body().c_str());
    }
  } else {
    std::printf("%s", HeardParagraphs(response).c_str());
  }
  return 0;
}

}  // namespace rxlocator::cli
