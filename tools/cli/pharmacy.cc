// rxlocator pharmacy and check-network: one pharmacy, and whether it is in a
// plan's network.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/exit_codes.h"
#include "tools/cli/output.h"

namespace rxlocator::cli {
namespace {

// "retail, 90-day retail", in the words of the server's explanations.
std::string FillKinds(const v1::NetworkMembership& m) {
  std::vector<std::string> fills;
  for (const auto& [offered, name] :
       {std::pair{m.retail(), "retail"}, std::pair{m.mail(), "mail-order"},
        std::pair{m.ninety_day_retail(), "90-day retail"},
        std::pair{m.specialty(), "specialty"}}) {
    if (offered) fills.push_back(name);
  }
  return fills.empty() ? "none" : absl::StrJoin(fills, ", ");
}

}  // namespace

int PharmacyCommand(const Args& args, const Connection& connection) {
  if (args.positional.size() != 2) Usage("pharmacy needs one ID");
  v1::GetPharmacyRequest request;
  request.set_id(args.positional[1]);
  v1::Pharmacy p;
  const grpc::Status status = CallUnary(
      connection, &v1::PharmacyLocator::Stub::GetPharmacy, request, &p);
  if (!status.ok()) return Failed(status);
  if (args.Has("json")) {
    PrintJson(p);
    return 0;
  }
  std::printf(
      "%s (%s)\n%s\nphone %s  npi %s  ncpdp %s  chain %s\n"
      "at %.6f, %.6f  time zone %s\n",
      p.name().c_str(), p.id().c_str(), OneLineAddress(p.address()).c_str(),
      p.phone().c_str(), p.npi().c_str(), p.ncpdp_id().c_str(),
      p.chain().c_str(), p.location().latitude(), p.location().longitude(),
      p.time_zone().c_str());
  return 0;
}

int CheckNetworkCommand(const Args& args, const Connection& connection) {
  if (args.positional.size() != 2) Usage("check-network needs one ID");
  if (!args.Has("plan")) Usage("check-network needs --plan");
  v1::CheckNetworkRequest request;
  request.set_pharmacy_id(args.positional[1]);
  *request.mutable_plan() = PlanFlag(args);
  request.set_date(args.Get("date"));
  v1::CheckNetworkResponse response;
  const grpc::Status status = CallUnary(
      connection, &v1::PharmacyLocator::Stub::CheckNetwork, request, &response);
  if (!status.ok()) return Failed(status);
  const int exit_code = response.in_network() ? 0 : kNotInNetwork;
  if (args.Has("json")) {
    PrintJson(response);
    return exit_code;
  }
  const v1::Pharmacy& p = response.pharmacy();
  std::printf("%s (%s)\n%s\n%s\n", p.name().c_str(), p.id().c_str(),
              PlanNetworkLine(response.plan_network()).c_str(),
              response.explanation().c_str());
  if (response.in_network()) {
    std::printf("tier %s  fills %s\n",
                TierName(response.membership().tier()).c_str(),
                FillKinds(response.membership()).c_str());
  }
  return exit_code;
}

}  // namespace rxlocator::cli
