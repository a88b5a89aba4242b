#include "loaders/pharmacy_loader.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_files.h"

namespace rxlocator {
namespace {

TEST(ParsePharmacyFormatTest, KnownNames) {
  EXPECT_EQ(ParsePharmacyFormat("native").value(), PharmacyFormat::kNative);
  EXPECT_EQ(ParsePharmacyFormat("hhs").value(), PharmacyFormat::kHhs);
  EXPECT_EQ(ParsePharmacyFormat("vaccines_gov").value(),
            PharmacyFormat::kVaccinesGov);
  EXPECT_EQ(ParsePharmacyFormat("albertsons").value(),
            PharmacyFormat::kAlbertsons);
}

TEST(ParsePharmacyFormatTest, UnknownNameListsTheKnownOnes) {
  absl::StatusOr<PharmacyFormat> format = ParsePharmacyFormat("HHS");
  EXPECT_EQ(format.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(format.status().message(),
            "unknown pharmacy format \"HHS\" (known: native, hhs, "
            "vaccines_gov, albertsons)");
}

TEST(LoadPharmaciesTest, DispatchesToTheAdapter) {
  const std::string path = testing::WriteTempFile(
      "p.csv", "id,name,latitude,longitude\nrx-1,A,61.1,-149.9\n");
  LoadReport report;
  std::vector<Pharmacy> ps =
      LoadPharmacies(PharmacyFormat::kNative, path, LoadOptions(), &report)
          .value();
  ASSERT_EQ(ps.size(), 1);
  EXPECT_EQ(ps[0].id, "rx-1");
  EXPECT_EQ(report.rows_loaded, 1);
  // The same file is not an HHS file.
  EXPECT_FALSE(
      LoadPharmacies(PharmacyFormat::kHhs, path, LoadOptions(), nullptr).ok());
}

}  // namespace
}  // namespace rxlocator
