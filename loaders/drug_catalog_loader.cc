#include "loaders/drug_catalog_loader.h"

#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "loaders/csv.h"
#include "loaders/rows.h"

namespace rxlocator {
namespace {

// Drugs in order of first appearance, one per NDC.
class DrugList {
 public:
  // The position of the drug with NDC `ndc`, or nullopt.
  std::optional<size_t> Find(const std::string& ndc) const {
    auto it = by_ndc_.find(ndc);
    if (it == by_ndc_.end()) return std::nullopt;
    return it->second;
  }
  // The line on which drug `i` was listed.
  int LineOf(size_t i) const { return lines_[i]; }
  const Drug& operator[](size_t i) const { return drugs_[i]; }

  // Adds `drug`, listed on `line`; its NDC must be new.
  void Add(Drug drug, int line) {
    by_ndc_.emplace(drug.ndc, drugs_.size());
    drugs_.push_back(std::move(drug));
    lines_.push_back(line);
  }

  std::vector<Drug> Release() && { return std::move(drugs_); }

 private:
  std::vector<Drug> drugs_;
  std::vector<int> lines_;
  absl::flat_hash_map<std::string, size_t> by_ndc_;
};

// ---- native ----

enum NativeColumn {
  kNdc,
  kName,
  kStrength,
  kForm,
  kProduct,
  kSpecialty,
  kNumColumns
};
constexpr absl::string_view kNativeColumnNames[] = {
    "ndc", "name", "strength", "form", "product", "specialty"};
static_assert(std::size(kNativeColumnNames) == kNumColumns);
constexpr size_t kNumNativeRequired = kName + 1;

// ---- HHS ----

enum HhsColumn { kNationalDrugCode, kOrderLabel, kNumHhsColumns };
constexpr absl::string_view kHhsColumnNames[] = {"national_drug_code",
                                                 "order_label"};
static_assert(std::size(kHhsColumnNames) == kNumHhsColumns);

// Reads the CSV file at `path`, finds `names` in its header (the first
// `num_required` required), and calls add_row(columns, row, log, drugs) for
// each well-formed row; the drugs added, in order.
template <typename AddRow>
absl::StatusOr<std::vector<Drug>> LoadDrugs(
    const std::string& path, const LoadOptions& options, LoadReport* report,
    absl::Span<const absl::string_view> names, size_t num_required,
    AddRow add_row) {
  RowLog log(path, options, report);
  DrugList drugs;
  absl::Status status =
      ForEachCsvFileRow(path, ',', names, num_required, log,
                        [&](const CsvColumns& columns, const CsvRecord& row) {
                          add_row(columns, row, log, drugs);
                        });
  if (!status.ok()) return status;
  return log.Finish(std::move(drugs).Release(), "drugs");
}

void AddNativeRow(const CsvColumns& columns, const CsvRecord& row, RowLog& log,
                  DrugList& drugs) {
  const auto field = [&](NativeColumn column) {
    return row.Trimmed(columns[column]);
  };
  std::optional<std::string> ndc =
      NdcOrSkip(log, row.line, "ndc", row.Field(columns[kNdc]));
  if (!ndc.has_value()) return;
  Drug drug;
  drug.name = field(kName);
  if (drug.name.empty()) {
    return log.Skip(row.line, "missing name", "name is empty");
  }
  if (std::optional<size_t> first = drugs.Find(*ndc)) {
    return log.Skip(
        row.line, "duplicate NDC",
        absl::StrCat("ndc ", Quoted(field(kNdc)), " is ", FormatNdc(*ndc),
                     ", already listed on line ", drugs.LineOf(*first)));
  }
  const std::string specialty = absl::AsciiStrToUpper(field(kSpecialty));
  if (specialty != "" && specialty != "Y" && specialty != "N") {
    return log.Skip(row.line, "bad specialty",
                    absl::StrCat("specialty ", Quoted(field(kSpecialty)),
                                 " is not Y or N"));
  }
  drug.specialty = specialty == "Y";
  drug.ndc = *std::move(ndc);
  drug.strength = field(kStrength);
  drug.form = field(kForm);
  drug.product = field(kProduct);
  // By default one product per name, strength and form: never a package of
  // another strength.
  if (drug.product.empty()) {
    std::vector<absl::string_view> parts;
    for (const std::string* part : {&drug.name, &drug.strength, &drug.form}) {
      if (!part->empty()) parts.push_back(*part);
    }
    drug.product = absl::AsciiStrToLower(absl::StrJoin(parts, " "));
  }
  drug.source = SourceLabel("native", log.file(), row.line);
  drugs.Add(std::move(drug), row.line);
}

void AddHhsRow(const CsvColumns& columns, const CsvRecord& row, RowLog& log,
               DrugList& drugs) {
  std::optional<std::string> ndc =
      NdcOrSkip(log, row.line, kHhsColumnNames[kNationalDrugCode],
                row.Field(columns[kNationalDrugCode]));
  if (!ndc.has_value()) return;
  const std::string label = row.Trimmed(columns[kOrderLabel]);
  if (label.empty()) {
    return log.Skip(row.line, "missing name", "order_label is empty");
  }
  if (std::optional<size_t> first = drugs.Find(*ndc)) {
    if (label != drugs[*first].name) {
      log.Warn(row.line, "conflicting name",
               absl::StrCat("order_label ", Quoted(label), " differs from ",
                            Quoted(drugs[*first].name), " given for ",
                            FormatNdc(*ndc), " on line ", drugs.LineOf(*first),
                            "; keeping the first"));
    }
    return;
  }
  Drug drug;
  drug.ndc = *std::move(ndc);
  drug.name = label;
  drug.product = absl::AsciiStrToLower(label);
  drug.source = SourceLabel("hhs", log.file(), row.line);
  drugs.Add(std::move(drug), row.line);
}

}  // namespace

absl::StatusOr<std::vector<Drug>> LoadDrugCatalog(const std::string& path,
                                                  const LoadOptions& options,
                                                  LoadReport* report) {
  return LoadDrugs(path, options, report, kNativeColumnNames,
                   kNumNativeRequired, AddNativeRow);
}

absl::StatusOr<std::vector<Drug>> LoadHhsDrugs(const std::string& path,
                                               const LoadOptions& options,
                                               LoadReport* report) {
  return LoadDrugs(path, options, report, kHhsColumnNames, kNumHhsColumns,
                   AddHhsRow);
}

}  // namespace rxlocator
