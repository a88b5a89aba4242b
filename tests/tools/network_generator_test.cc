#include "tools/network_generator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/identifiers.h"
#include "index/pharmacy_directory.h"
#include "loaders/network_loader.h"
#include "loaders/pharmacy_loader.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

// 40 pharmacies: walgreens 12, cvs 10, rite_aid 6, kroger 5 and 7
// independents, over six states. ind-1 and ind-2 have no NPI; ind-6 has
// ind-5's.
std::vector<Pharmacy> TestPharmacies() {
  const std::vector<std::pair<std::string, int>> groups = {
      {"walgreens", 12}, {"cvs", 10}, {"rite_aid", 6}, {"kroger", 5}, {"", 7}};
  const char* const states[] = {"IL", "TX", "CA", "NY", "FL", "AZ"};
  std::vector<Pharmacy> pharmacies;
  int n = 0;
  for (const auto& [chain, count] : groups) {
    for (int i = 1; i <= count; ++i, ++n) {
      Pharmacy p;
      p.id = absl::StrCat(chain.empty() ? "ind" : chain, "-", i);
      p.name = absl::StrCat(chain.empty() ? "Corner" : chain, " Pharmacy #", i);
      p.chain = chain;
      p.npi = NpiWithCheckDigit(absl::StrCat(100000000 + 7 * n));
      p.address = {.line1 = absl::StrCat(100 + n, " Main St"),
                   .city = "Springfield",
                   .state = states[n % 6],
                   .zip = absl::StrFormat("%05d", 10000 + 97 * n)};
      p.latitude = 30 + 0.25 * n;
      p.longitude = -80 - 0.5 * n;
      p.time_zone = "America/Chicago";
      pharmacies.push_back(p);
    }
  }
  auto find = [&](absl::string_view id) -> Pharmacy& {
    return *std::find_if(pharmacies.begin(), pharmacies.end(),
                         [&](const Pharmacy& p) { return p.id == id; });
  };
  find("ind-1").npi.clear();
  find("ind-2").npi.clear();
  find("ind-6").npi = find("ind-5").npi;
  return pharmacies;
}

const Pharmacy* FindPharmacy(const std::vector<Pharmacy>& pharmacies,
                             absl::string_view id) {
  for (const Pharmacy& p : pharmacies) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Network& FindNetwork(const GeneratedNetworks& generated,
                           absl::string_view id) {
  for (const Network& n : generated.networks) {
    if (n.id == id) return n;
  }
  ADD_FAILURE() << "no network " << id;
  static const Network kNone;
  return kNone;
}

// A membership without its source, which names the file it was read from.
using MemberTuple =
    std::tuple<std::string, Tier, FillKinds, absl::CivilDay, absl::CivilDay>;
std::vector<MemberTuple> Members(const Network& network) {
  std::vector<MemberTuple> members;
  for (const Membership& m : network.members) {
    members.emplace_back(m.pharmacy_id, m.tier, m.fills, m.effective, m.end);
  }
  return members;
}

// A directory private to the running test.
std::string TestDir(absl::string_view name) {
  const ::testing::TestInfo* test =
      ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("rxlocator_", test->test_suite_name(), "_", test->name(),
                   "_", name);
  std::filesystem::create_directories(dir);
  return dir.string() + "/";
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const char* const kFiles[] = {"networks.csv.gz", "partd.txt.gz", "plans.csv.gz",
                              "mail.csv.gz"};

// Writes the four files into `dir`, as rxlocator-gen-networks does.
void WriteAll(const std::vector<Pharmacy>& pharmacies,
              const GeneratedNetworks& generated, const std::string& dir) {
  std::vector<Pharmacy> with_mail = pharmacies;
  with_mail.push_back(generated.mail_order);
  ASSERT_TRUE(WriteNetworksCsv(generated.networks, dir + kFiles[0]).ok());
  ASSERT_TRUE(
      WritePartDFile(generated.part_d, with_mail, dir + kFiles[1]).ok());
  ASSERT_TRUE(WritePlansCsv(generated.plans, dir + kFiles[2]).ok());
  ASSERT_TRUE(
      WriteNativePharmaciesCsv({generated.mail_order}, dir + kFiles[3]).ok());
}

TEST(NetworkGeneratorTest, SameSeedSameBytesDifferentSeedDifferentNetworks) {
  std::vector<Pharmacy> pharmacies = TestPharmacies();
  const std::string a = TestDir("a"), b = TestDir("b"), c = TestDir("c");
  WriteAll(pharmacies, GenerateNetworks(pharmacies, {.seed = 1}), a);
  // The input order does not matter either.
  std::reverse(pharmacies.begin(), pharmacies.end());
  WriteAll(pharmacies, GenerateNetworks(pharmacies, {.seed = 1}), b);
  WriteAll(pharmacies, GenerateNetworks(pharmacies, {.seed = 2}), c);
  for (const char* file : kFiles) {
    EXPECT_FALSE(FileBytes(a + file).empty());
    EXPECT_EQ(FileBytes(a + file), FileBytes(b + file)) << file;
  }
  // The plans and the mail-order pharmacy do not depend on the seed.
  EXPECT_NE(FileBytes(a + kFiles[0]), FileBytes(c + kFiles[0]));
  EXPECT_NE(FileBytes(a + kFiles[1]), FileBytes(c + kFiles[1]));
}

TEST(NetworkGeneratorTest, NationalBroadCoversNearlyAllWithDateChanges) {
  const std::vector<Pharmacy> pharmacies = TestPharmacies();
  const GeneratedNetworks generated =
      GenerateNetworks(pharmacies, {.plan_year = 2027});
  const Network& broad = FindNetwork(generated, "national-broad");
  EXPECT_EQ(broad.name, "National Broad Network");
  // 40 less 3% (1), plus the mail-order pharmacy.
  ASSERT_THAT(broad.members, SizeIs(40));
  int joining = 0, leaving = 0;
  for (const Membership& m : broad.members) {
    EXPECT_EQ(m.tier, Tier::kStandard);
    joining += m.effective == absl::CivilDay(2027, 7, 1);
    leaving += m.end == absl::CivilDay(2027, 9, 30);
    EXPECT_TRUE(m.effective == absl::CivilDay(2027, 1, 1) ||
                m.effective == absl::CivilDay(2027, 7, 1));
    if (m.pharmacy_id == generated.mail_order.id) {
      EXPECT_EQ(m.fills, Bit(FillKind::kMail));
      continue;
    }
    const Pharmacy* p = FindPharmacy(pharmacies, m.pharmacy_id);
    ASSERT_NE(p, nullptr) << m.pharmacy_id;
    EXPECT_TRUE(m.fills & Bit(FillKind::kRetail));
    EXPECT_EQ((m.fills & Bit(FillKind::kNinetyDayRetail)) != 0,
              !p->chain.empty())
        << m.pharmacy_id;
  }
  EXPECT_EQ(joining, 1);
  EXPECT_EQ(leaving, 1);
}

TEST(NetworkGeneratorTest, NarrowPreferredLeavesOutTheLargestChain) {
  const std::vector<Pharmacy> pharmacies = TestPharmacies();
  const GeneratedNetworks generated = GenerateNetworks(pharmacies, {});
  EXPECT_EQ(generated.excluded_chain, "walgreens");
  EXPECT_EQ(generated.excluded_chain_size, 12);
  const Network& narrow = FindNetwork(generated, "narrow-preferred");
  // 60% of the 28 others (17), plus the mail-order pharmacy.
  ASSERT_THAT(narrow.members, SizeIs(18));
  int preferred = 0;
  for (const Membership& m : narrow.members) {
    if (m.pharmacy_id == generated.mail_order.id) {
      EXPECT_EQ(m.tier, Tier::kStandard);
      continue;
    }
    const Pharmacy* p = FindPharmacy(pharmacies, m.pharmacy_id);
    ASSERT_NE(p, nullptr);
    EXPECT_NE(p->chain, "walgreens") << m.pharmacy_id;
    const bool is_preferred = m.tier == Tier::kPreferred;
    preferred += is_preferred;
    EXPECT_EQ((m.fills & Bit(FillKind::kNinetyDayRetail)) != 0, is_preferred);
  }
  EXPECT_EQ(preferred, 9);
}

TEST(NetworkGeneratorTest, PartDHasBothTiersAndMailOrder) {
  const std::vector<Pharmacy> pharmacies = TestPharmacies();
  const GeneratedNetworks generated = GenerateNetworks(pharmacies, {});
  const Network& part_d = generated.part_d;
  EXPECT_EQ(part_d.id, "H4321-001-000");
  EXPECT_THAT(generated.part_d_preferred_chains,
              ElementsAre("cvs", "rite_aid"));
  EXPECT_EQ(generated.part_d_without_npi, 2);
  EXPECT_EQ(generated.part_d_shared_npi, 1);
  // 90% of the 37 that can be named (33), plus the mail-order pharmacy.
  ASSERT_THAT(part_d.members, SizeIs(34));
  std::set<Tier> retail_tiers;
  for (const Membership& m : part_d.members) {
    EXPECT_EQ(m.effective, absl::CivilDay(2026, 1, 1));
    EXPECT_EQ(m.end, absl::CivilDay(2026, 12, 31));
    if (m.pharmacy_id == generated.mail_order.id) {
      EXPECT_EQ(m.tier, Tier::kPreferred);
      EXPECT_EQ(m.fills, Bit(FillKind::kMail));
      continue;
    }
    const Pharmacy* p = FindPharmacy(pharmacies, m.pharmacy_id);
    ASSERT_NE(p, nullptr);
    EXPECT_FALSE(p->npi.empty());
    EXPECT_NE(p->id, "ind-6");
    retail_tiers.insert(m.tier);
    EXPECT_EQ(m.tier == Tier::kPreferred,
              p->chain == "cvs" || p->chain == "rite_aid")
        << m.pharmacy_id;
  }
  EXPECT_THAT(retail_tiers, ElementsAre(Tier::kStandard, Tier::kPreferred));
}

TEST(NetworkGeneratorTest, SpecialtySelectHasFiveSpreadOverStates) {
  const std::vector<Pharmacy> pharmacies = TestPharmacies();
  const GeneratedNetworks generated = GenerateNetworks(pharmacies, {});
  const Network& specialty = FindNetwork(generated, "specialty-select");
  std::set<std::string> states;
  int mail = 0;
  for (const Membership& m : specialty.members) {
    if (m.pharmacy_id == generated.mail_order.id) {
      ++mail;
      EXPECT_EQ(m.fills, Bit(FillKind::kMail));
      continue;
    }
    EXPECT_EQ(m.fills, Bit(FillKind::kSpecialty));
    states.insert(FindPharmacy(pharmacies, m.pharmacy_id)->address.state);
    // Where the pharmacy is in the broad network, it fills specialty there.
    for (const Network* other : {&FindNetwork(generated, "national-broad"),
                                 &FindNetwork(generated, "narrow-preferred")}) {
      for (const Membership& o : other->members) {
        if (o.pharmacy_id == m.pharmacy_id) {
          EXPECT_TRUE(o.fills & Bit(FillKind::kSpecialty)) << m.pharmacy_id;
        }
      }
    }
  }
  EXPECT_EQ(mail, 1);
  EXPECT_THAT(states, SizeIs(5));
  EXPECT_THAT(specialty.members, SizeIs(6));
}

TEST(NetworkGeneratorTest, EveryPlanNamesANetwork) {
  const GeneratedNetworks generated = GenerateNetworks(TestPharmacies(), {});
  std::vector<std::string> keys;
  for (const PlanMapping& plan : generated.plans) {
    keys.push_back(plan.plan.ToString());
    FindNetwork(generated, plan.network_id);
  }
  EXPECT_THAT(keys,
              ElementsAre("610014:ABC:GRP1", "610014:NARROW:", "610014:SPEC:"));
}

TEST(NetworkGeneratorTest, MailOrderPharmacyIsWellFormedAndNew) {
  std::vector<Pharmacy> pharmacies = TestPharmacies();
  const Pharmacy mail = GenerateNetworks(pharmacies, {}).mail_order;
  EXPECT_EQ(mail.id, "synthetic-mail-1");
  EXPECT_EQ(mail.name, "RxLocator Mail Service Pharmacy (synthetic)");
  EXPECT_EQ(NormalizeNpi(mail.npi).value_or(""), mail.npi);
  EXPECT_FALSE(mail.store_hours.known);

  // Taken id and NPI: the next ones.
  pharmacies[0].id = mail.id;
  pharmacies[1].npi = mail.npi;
  const Pharmacy next = GenerateNetworks(pharmacies, {}).mail_order;
  EXPECT_EQ(next.id, "synthetic-mail-2");
  EXPECT_NE(next.npi, mail.npi);
  EXPECT_EQ(NormalizeNpi(next.npi).value_or(""), next.npi);
}

TEST(NetworkGeneratorTest, NpiCheckDigit) {
  // The example NPI of docs/formats.md.
  EXPECT_EQ(NpiWithCheckDigit("174021978"), "1740219781");
}

TEST(NetworkGeneratorTest, PartDNeedsAnNpi) {
  const std::vector<Pharmacy> pharmacies = TestPharmacies();
  Network network{"H4321-001-000", "", {}};
  network.members.push_back({.pharmacy_id = "ind-1"});
  const absl::Status status =
      WritePartDFile(network, pharmacies, TestDir("x") + "partd.txt");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("no NPI"));
}

// ---- Round trip through the loaders ----

TEST(NetworkGeneratorTest, LoadersReadBackTheSameNetworks) {
  const std::vector<Pharmacy> pharmacies = TestPharmacies();
  const GeneratedNetworks generated = GenerateNetworks(pharmacies, {});
  const std::string dir = TestDir("out");
  WriteAll(pharmacies, generated, dir);

  LoadOptions options;
  options.strict = true;
  LoadReport report;
  absl::StatusOr<std::vector<Pharmacy>> mail = LoadPharmacies(
      PharmacyFormat::kNative, dir + "mail.csv.gz", options, &report);
  ASSERT_TRUE(mail.ok()) << mail.status();
  ASSERT_THAT(*mail, SizeIs(1));
  const Pharmacy& m = (*mail)[0];
  const Pharmacy& want = generated.mail_order;
  EXPECT_EQ(m.id, want.id);
  EXPECT_EQ(m.name, want.name);
  EXPECT_EQ(m.npi, want.npi);
  EXPECT_EQ(m.latitude, want.latitude);
  EXPECT_EQ(m.longitude, want.longitude);
  EXPECT_EQ(m.address.line1, want.address.line1);
  EXPECT_EQ(m.address.line2, want.address.line2);
  EXPECT_EQ(m.address.city, want.address.city);
  EXPECT_EQ(m.address.state, want.address.state);
  EXPECT_EQ(m.address.zip, want.address.zip);
  EXPECT_EQ(m.phone, want.phone);
  EXPECT_EQ(m.time_zone, want.time_zone);
  EXPECT_EQ(m.services, want.services);
  EXPECT_FALSE(m.walk_in);
  EXPECT_FALSE(m.store_hours.known);

  std::vector<Pharmacy> all = pharmacies;
  all.push_back(m);
  const PharmacyDirectory directory(all);

  absl::StatusOr<LoadedNetworks> native =
      LoadNetworks(*ParseNetworkFormat("native"), dir + "networks.csv.gz", all,
                   directory, options, &report);
  ASSERT_TRUE(native.ok()) << native.status();
  ASSERT_EQ(native->networks.size(), generated.networks.size());
  for (size_t i = 0; i < generated.networks.size(); ++i) {
    EXPECT_EQ(native->networks[i].id, generated.networks[i].id);
    EXPECT_EQ(native->networks[i].name, generated.networks[i].name);
    EXPECT_EQ(Members(native->networks[i]), Members(generated.networks[i]))
        << generated.networks[i].id;
  }

  absl::StatusOr<LoadedNetworks> part_d =
      LoadNetworks(*ParseNetworkFormat("partd@2026"), dir + "partd.txt.gz", all,
                   directory, options, &report);
  ASSERT_TRUE(part_d.ok()) << part_d.status();
  ASSERT_THAT(part_d->networks, SizeIs(1));
  EXPECT_EQ(part_d->networks[0].id, generated.part_d.id);
  EXPECT_EQ(part_d->networks[0].name, generated.part_d.name);
  EXPECT_EQ(Members(part_d->networks[0]), Members(generated.part_d));
  ASSERT_THAT(part_d->plans, SizeIs(1));
  EXPECT_EQ(part_d->plans[0].plan.ToString(), "H4321-001-000");
  EXPECT_EQ(part_d->plans[0].network_id, "H4321-001-000");

  absl::StatusOr<std::vector<PlanMapping>> plans =
      LoadPlans(dir + "plans.csv.gz", options, &report);
  ASSERT_TRUE(plans.ok()) << plans.status();
  ASSERT_EQ(plans->size(), generated.plans.size());
  for (size_t i = 0; i < plans->size(); ++i) {
    EXPECT_EQ((*plans)[i].plan, generated.plans[i].plan);
    EXPECT_EQ((*plans)[i].network_id, generated.plans[i].network_id);
    EXPECT_EQ((*plans)[i].name, generated.plans[i].name);
  }
}

TEST(NetworkGeneratorTest, CsvFieldsWithCommasAndQuotesReadBack) {
  std::vector<Pharmacy> pharmacies = TestPharmacies();
  const std::string dir = TestDir("out");
  Network network{"odd", "Broad, \"Plus\" Network", {}};
  network.members.push_back({.pharmacy_id = "cvs-1",
                             .tier = Tier::kPreferred,
                             .effective = absl::CivilDay(2026, 2, 3),
                             .end = absl::CivilDay(2026, 11, 30)});
  ASSERT_TRUE(WriteNetworksCsv({network}, dir + "odd.csv").ok());
  const PharmacyDirectory directory(pharmacies);
  LoadOptions options;
  options.strict = true;
  absl::StatusOr<LoadedNetworks> loaded =
      LoadNetworks(*ParseNetworkFormat("native"), dir + "odd.csv", pharmacies,
                   directory, options, nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_THAT(loaded->networks, SizeIs(1));
  EXPECT_EQ(loaded->networks[0].name, network.name);
  EXPECT_EQ(Members(loaded->networks[0]), Members(network));

  Pharmacy odd = pharmacies[0];
  odd.name = "Say \"Hi\", Pharmacy";
  odd.services = Bit(Service::kDriveThru) | Bit(Service::kVaccinations);
  ASSERT_TRUE(WriteNativePharmaciesCsv({odd}, dir + "odd_pharmacy.csv").ok());
  absl::StatusOr<std::vector<Pharmacy>> read = LoadPharmacies(
      PharmacyFormat::kNative, dir + "odd_pharmacy.csv", options, nullptr);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_THAT(*read, SizeIs(1));
  EXPECT_EQ((*read)[0].name, odd.name);
  EXPECT_EQ((*read)[0].services, odd.services);
  EXPECT_EQ((*read)[0].latitude, odd.latitude);
  EXPECT_TRUE((*read)[0].walk_in);
}

}  // namespace
}  // namespace rxlocator
