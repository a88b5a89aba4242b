#include "loaders/pharmacy_loader.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "loaders/albertsons.h"
#include "loaders/hhs_locator.h"
#include "loaders/native_pharmacies.h"
#include "loaders/vaccines_gov.h"

namespace rxlocator {
namespace {

using Loader = absl::StatusOr<std::vector<Pharmacy>> (*)(const std::string&,
                                                         const LoadOptions&,
                                                         LoadReport*);
struct Format {
  absl::string_view name;
  PharmacyFormat format;
  Loader load;
};
constexpr Format kFormats[] = {
    {"native", PharmacyFormat::kNative, LoadNativePharmacies},
    {"hhs", PharmacyFormat::kHhs, LoadHhs},
    {"vaccines_gov", PharmacyFormat::kVaccinesGov, LoadVaccinesGov},
    {"albertsons", PharmacyFormat::kAlbertsons, LoadAlbertsons},
};

}  // namespace

absl::StatusOr<PharmacyFormat> ParsePharmacyFormat(absl::string_view name) {
  for (const Format& f : kFormats) {
    if (f.name == name) return f.format;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown pharmacy format \"", name, "\" (known: ",
                   absl::StrJoin(kFormats, ", ",
                                 [](std::string* out, const Format& f) {
                                   absl::StrAppend(out, f.name);
                                 }),
                   ")"));
}

absl::StatusOr<std::vector<Pharmacy>> LoadPharmacies(PharmacyFormat format,
                                                     const std::string& path,
                                                     const LoadOptions& options,
                                                     LoadReport* report) {
  for (const Format& f : kFormats) {
    if (f.format == format) return f.load(path, options, report);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown pharmacy format ", static_cast<int>(format)));
}

}  // namespace rxlocator
