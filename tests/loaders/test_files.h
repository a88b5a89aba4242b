// Helpers for loader tests: write fixtures to a scratch directory, find the
// real data files, and what several tests check or build.
#ifndef RXLOCATOR_TESTS_LOADERS_TEST_FILES_H_
#define RXLOCATOR_TESTS_LOADERS_TEST_FILES_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rxlocator::testing {

// Writes `contents` to `name` in a directory private to the running test and
// returns its path. With gzip, the file is gzip-compressed.
std::string WriteTempFile(absl::string_view name, absl::string_view contents,
                          bool gzip = false);

// The path of a real data file: `bundled`, relative to the project's data/
// directory, if it is there; else `shared`, relative to ../shared/data next
// to the project. "" if neither exists.
std::string RealDataPath(absl::string_view bundled, absl::string_view shared);

// A CSV line (ending in "\n") for the comma-separated `header` (no line
// end) with `values` in the columns they name and the other fields empty.
// Names match as CsvTable::Column matches them ("State Code" is
// "state_code"). Values are written as given, unquoted.
std::string CsvLine(
    absl::string_view header,
    const std::vector<std::pair<std::string, std::string>>& values);

// `status` is InvalidArgument with exactly `message`.
void ExpectInvalidArgument(const absl::Status& status,
                           const std::string& message);

// The three header variants of the HHS therapeutics locator file, without
// line ends: 2022-01-03/04 (title case), 2022-01-11 to 2022-03-08, and
// 2022-03-16 on.
inline constexpr absl::string_view kHhsTitleCaseHeader =
    "Provider Name,Address1,Address2,City,County,State Code,Zip,National Drug "
    "Code,Order Label,Last Order Date,Expected Delivery Date,Total "
    "Courses,Courses Available,Courses Available Date";
inline constexpr absl::string_view kHhsOrderDatesHeader =
    "provider_name,address1,address2,city,county,state_code,zip,national_drug_"
    "code,order_label,last_order_date,last_date_delivered,total_courses,"
    "courses_available,courses_available_date,geocoded_address,npi";
inline constexpr absl::string_view kHhsHeadHeader =
    "provider_name,address1,address2,city,county,state_code,zip,national_drug_"
    "code,order_label,courses_available,geocoded_address,npi,facility_id,last_"
    "report_date,grantee_code,provider_pin,state_provider_pin";

}  // namespace rxlocator::testing

#endif  // RXLOCATOR_TESTS_LOADERS_TEST_FILES_H_
