// Fuzz target for the network loaders: every input is loaded as a native
// network CSV, a CMS Part D network file (with and without a contract
// year) and a plans CSV, naming the fixture's pharmacies. Each load keeps
// the loaders' promises (CheckLoad). Loaded networks name known pharmacies
// with valid terms, so that NetworkIndex::Build accepts them with the plans
// the file implies; loaded plans print and parse back to themselves.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "index/network.h"
#include "index/network_index.h"
#include "index/plan_key.h"
#include "loaders/load_report.h"
#include "loaders/network_loader.h"
#include "tests/fuzz/checks.h"
#include "tests/fuzz/fuzz_data.h"
#include "tests/fuzz/input_file.h"

namespace rxlocator::fuzzing {
namespace {

void CheckNetworks(const LoadedNetworks& loaded) {
  for (const Network& network : loaded.networks) {
    Require(!network.id.empty(), "a network without an id");
    for (const Membership& m : network.members) {
      Require(TestDirectory().Find(m.pharmacy_id).has_value(),
              "a membership naming an unknown pharmacy");
      Require(m.fills != 0 && m.effective <= m.end,
              "a membership with no fills or ending before it starts");
    }
  }
  Require(NetworkIndex::Build(loaded.networks, loaded.plans, TestDirectory(),
                              TestPharmacies().size())
              .ok(),
          "NetworkIndex::Build refused loaded networks");
}

}  // namespace
}  // namespace rxlocator::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rxlocator;           // NOLINT(build/namespaces)
  using namespace rxlocator::fuzzing;  // NOLINT(build/namespaces)
  const std::string& path = InputFile(data, size);
  for (const NetworkFormat& format :
       {NetworkFormat{}, NetworkFormat{.kind = NetworkFormat::Kind::kPartD},
        NetworkFormat{.kind = NetworkFormat::Kind::kPartD,
        .plan_year = 2026}}) {
    const auto networks =
        CheckLoad([&](const LoadOptions& options, LoadReport* report) {
          return LoadNetworks(format, path, TestPharmacies(), TestDirectory(),
                              options, report);
        });
    if (networks) CheckNetworks(*networks);
  }
  const auto plans =
      CheckLoad([&](const LoadOptions& options, LoadReport* report) {
        return LoadPlans(path, options, report);
      });
  for (const PlanMapping& plan : plans.value_or(std::vector<PlanMapping>())) {
    absl::StatusOr<PlanKey> again = ParsePlanKey(plan.plan.ToString());
    Require(again.ok() && *again == plan.plan && !plan.network_id.empty(),
            "a loaded plan that does not print and parse back");
  }
  return 0;
}
