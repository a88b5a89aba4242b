#include "server/data_loading.h"

#include <malloc.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "index/identifiers.h"
#include "index/ndc.h"
#include "index/pharmacy_directory.h"
#include "loaders/drug_catalog_loader.h"
#include "loaders/load_report.h"
#include "loaders/merge.h"
#include "loaders/stock_loader.h"
#include "loaders/zip_loader.h"

namespace rxlocator {

DataConfig BundledData(const std::string& data_dir) {
  const std::string dir = data_dir + "/";
  return {
      .pharmacies =
          {{PharmacyFormat::kAlbertsons,
            dir +
                "albertsons-family-pharmacies_stores-scraped_2022-06.json.gz"},
           {PharmacyFormat::kVaccinesGov,
            dir + "vaccines_gov_5jp2-pgaw_AK_2022-06-23.csv.gz"},
           {PharmacyFormat::kHhs, dir + "paxlovid-data_2022-03-18.csv.gz"},
           {PharmacyFormat::kNative,
            dir + "synthetic_mail_order_pharmacy.csv.gz"}},
      .zip_paths = {dir + "zip_latlng_timezone.csv.gz"},
      .networks = {{{NetworkFormat::Kind::kNative},
                    dir + "synthetic_networks.csv.gz"},
                   // Without a contract year, so the sample never expires.
                   {{NetworkFormat::Kind::kPartD},
                    dir + "synthetic_partd_networks.txt.gz"}},
      .plan_paths = {dir + "synthetic_plans.csv.gz"},
      .stock = {{StockFormat::kHhs, dir + "paxlovid-data_2022-03-18.csv.gz"}},
  };
}

namespace {

// A "FORMAT:PATH" flag value, its format parsed by parse_format; errors
// quote the flag, e.g. --pharmacies="x" with an example `example`.
template <typename Source, typename ParseFormat>
absl::StatusOr<Source> ParseSource(absl::string_view flag,
                                   absl::string_view spec,
                                   absl::string_view example,
                                   ParseFormat parse_format) {
  const size_t colon = spec.find(':');
  if (colon == absl::string_view::npos || colon + 1 == spec.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        flag, "=\"", spec, "\" must be FORMAT:PATH, e.g. ", example));
  }
  auto format = parse_format(spec.substr(0, colon));
  if (!format.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, "=\"", spec, "\": ", format.status().message()));
  }
  return Source{*format, std::string(spec.substr(colon + 1))};
}

}  // namespace

absl::StatusOr<PharmacySource> ParsePharmacySource(absl::string_view spec) {
  return ParseSource<PharmacySource>("--pharmacies", spec, "hhs:data.csv",
                                     ParsePharmacyFormat);
}

absl::StatusOr<StockSource> ParseStockSource(absl::string_view spec) {
  return ParseSource<StockSource>(
      "--stock", spec, "hhs:paxlovid.csv.gz",
      [](absl::string_view name) -> absl::StatusOr<StockFormat> {
        if (name == "native") return StockFormat::kNative;
        if (name == "hhs") return StockFormat::kHhs;
        return absl::InvalidArgumentError(absl::StrCat(
            "unknown stock format \"", name, "\" (known: native, hhs)"));
      });
}

absl::StatusOr<NetworkSource> ParseNetworkSource(absl::string_view spec) {
  return ParseSource<NetworkSource>(
      "--networks", spec, "partd@2026:networks.txt", ParseNetworkFormat);
}

namespace {

// Appends a multi-line report as separate log lines.
void AddReport(absl::string_view text, std::vector<std::string>* lines) {
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    lines->emplace_back(line);
  }
}

// The drug catalog: native catalogs first, then the NDC/name pairs of the
// HHS files among the pharmacy and stock sources.
absl::Status LoadDrugs(const DataConfig& config, Dataset* dataset,
                       std::vector<std::string>* lines) {
  std::vector<std::string> hhs;
  for (const PharmacySource& source : config.pharmacies) {
    if (source.format == PharmacyFormat::kHhs) hhs.push_back(source.path);
  }
  for (const StockSource& source : config.stock) {
    if (source.format == StockFormat::kHhs) hhs.push_back(source.path);
  }
  // The bundled HHS file is both a pharmacy and a stock source.
  std::sort(hhs.begin(), hhs.end());
  hhs.erase(std::unique(hhs.begin(), hhs.end()), hhs.end());
  const LoadOptions options{.strict = config.strict};
  const auto add = [&](absl::StatusOr<std::vector<Drug>> drugs,
                       const LoadReport& report) {
    if (!drugs.ok()) return drugs.status();
    AddReport(report.Summary(), lines);
    for (Drug& drug : *drugs) dataset->drugs.push_back(std::move(drug));
    return absl::OkStatus();
  };
  for (const std::string& path : config.drug_catalog_paths) {
    LoadReport report;
    if (absl::Status s = add(LoadDrugCatalog(path, options, &report), report);
        !s.ok()) {
      return s;
    }
  }
  for (const std::string& path : hhs) {
    LoadReport report;
    if (absl::Status s = add(LoadHhsDrugs(path, options, &report), report);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LoadedData> LoadSnapshot(const DataConfig& config) {
  const absl::Time start = absl::Now();
  LoadedData loaded;
  LoadReport zip_report;
  absl::StatusOr<ZipTable> zips =
      LoadZipTable(config.zip_paths, {.strict = config.strict}, &zip_report);
  if (!zips.ok()) return zips.status();
  AddReport(zip_report.Summary(), &loaded.report);

  std::vector<std::vector<Pharmacy>> sources;
  for (const PharmacySource& source : config.pharmacies) {
    LoadReport report;
    const LoadOptions options{
        .strict = config.strict || source.format == PharmacyFormat::kNative,
        .zips = &*zips};
    absl::StatusOr<std::vector<Pharmacy>> pharmacies =
        LoadPharmacies(source.format, source.path, options, &report);
    if (!pharmacies.ok()) return pharmacies.status();
    AddReport(report.Summary(), &loaded.report);
    sources.push_back(*std::move(pharmacies));
  }

  MergeReport merge_report;
  absl::StatusOr<Dataset> dataset =
      MergeSources(std::move(sources), &*zips, &merge_report);
  if (!dataset.ok()) return dataset.status();
  AddReport(merge_report.Summary(), &loaded.report);

  const PharmacyDirectory directory(dataset->pharmacies);
  const LoadOptions options{.strict = config.strict};
  for (const NetworkSource& source : config.networks) {
    LoadReport report;
    absl::StatusOr<LoadedNetworks> networks =
        LoadNetworks(source.format, source.path, dataset->pharmacies, directory,
                     options, &report);
    if (!networks.ok()) return networks.status();
    AddReport(report.Summary(), &loaded.report);
    for (Network& network : networks->networks) {
      dataset->networks.push_back(std::move(network));
    }
    for (PlanMapping& plan : networks->plans) {
      dataset->plans.push_back(std::move(plan));
    }
  }
  if (absl::Status s = LoadDrugs(config, &*dataset, &loaded.report); !s.ok()) {
    return s;
  }
  for (const std::string& path : config.plan_paths) {
    LoadReport report;
    absl::StatusOr<std::vector<PlanMapping>> plans =
        LoadPlans(path, options, &report);
    if (!plans.ok()) return plans.status();
    AddReport(report.Summary(), &loaded.report);
    for (PlanMapping& plan : *plans) dataset->plans.push_back(std::move(plan));
  }

  // The snapshot rejects a plan mapped twice, so each one counts.
  const size_t plans = dataset->plans.size();
  absl::StatusOr<std::shared_ptr<const Snapshot>> snapshot =
      Snapshot::Build(*std::move(dataset), *std::move(zips));
  if (!snapshot.ok()) return snapshot.status();
  loaded.snapshot = *std::move(snapshot);
  const Snapshot& s = *loaded.snapshot;
  loaded.counts = {
      .pharmacies = s.pharmacies().size(),
      .walk_in = static_cast<size_t>(
          std::count_if(s.pharmacies().begin(), s.pharmacies().end(),
                        [](const Pharmacy& p) { return p.walk_in; })),
      .networks = s.networks().network_count(),
      .plans = plans,
      .drugs = s.drugs().size(),
      .zip_codes = s.zips().size(),
  };
  loaded.took = absl::Now() - start;
  loaded.report.push_back(absl::StrCat(
      "snapshot ", s.version_text(), ": ", loaded.counts.pharmacies,
      " pharmacies, ", loaded.counts.networks, " plan networks, ",
      loaded.counts.drugs, " drugs"));
  return loaded;
}

namespace {

// Observations per batch stored: enough to make a round trip to Redis
// cheap per row, few enough to hold (about 0.5 MB).
constexpr size_t kStockBatch = 4096;

// A stock file's observations on their way to the store, a batch at a
// time, and what the store made of them.
class StockBatches {
 public:
  StockBatches(const std::string& path, StoreStockBatch store, int max_examples)
      : path_(path), store_(store), max_examples_(max_examples) {}

  absl::Status Add(int line, StockObservation observation) {
    batch_.push_back(std::move(observation));
    lines_.push_back(line);
    return batch_.size() < kStockBatch ? absl::OkStatus() : Flush();
  }

  // Stores what is left.
  absl::Status Flush() {
    if (batch_.empty()) return absl::OkStatus();
    absl::StatusOr<std::vector<StockStore::Outcome>> outcomes = store_(batch_);
    if (!outcomes.ok()) return outcomes.status();
    for (size_t i = 0; i < batch_.size(); ++i) {
      if ((*outcomes)[i] == StockStore::Outcome::kApplied) {
        ++applied_;
        continue;
      }
      if (static_cast<int>(stale_examples_.size()) < max_examples_) {
        const StockObservation& o = batch_[i];
        stale_examples_.push_back(absl::StrCat(
            "  ", path_, ":", lines_[i], ": pharmacy ", Quoted(o.pharmacy_id),
            " ndc ", FormatNdc(o.ndc), " observed at ",
            absl::FormatTime(absl::RFC3339_full, o.level.observed_at,
                             absl::UTCTimeZone()),
            " is not newer than the count already held"));
      }
      ++stale_;
    }
    batch_.clear();
    lines_.clear();
    return absl::OkStatus();
  }

  // "path: 5 observations stored, 2 not newer than the count already held"
  // and the first few of those.
  void Report(std::vector<std::string>* lines) const {
    lines->push_back(absl::StrCat(path_, ": ", applied_ + stale_,
                                  " observations stored, ", stale_,
                                  " not newer than the count already held"));
    lines->insert(lines->end(), stale_examples_.begin(), stale_examples_.end());
  }

 private:
  const std::string& path_;
  StoreStockBatch store_;
  const int max_examples_;
  std::vector<StockObservation> batch_;
  std::vector<int> lines_;  // Of batch_'s observations.
  size_t applied_ = 0;
  size_t stale_ = 0;
  std::vector<std::string> stale_examples_;
};

}  // namespace

absl::Status LoadStock(const DataConfig& config, const Snapshot& snapshot,
                       StoreStockBatch store,
                       std::vector<std::string>* report_lines) {
  const LoadOptions options{.strict = config.strict};
  for (const StockSource& source : config.stock) {
    LoadReport report;
    StockBatches batches(source.path, store, options.max_examples);
    absl::Status read =
        (source.format == StockFormat::kHhs ? ReadHhsStock : ReadNativeStock)(
            source.path, snapshot.pharmacies(), snapshot.directory(), options,
            &report, [&](int line, StockObservation observation) {
              return batches.Add(line, std::move(observation));
            });
    if (read.ok()) read = batches.Flush();
    if (!read.ok()) return read;
    AddReport(report.Summary(), report_lines);
    batches.Report(report_lines);
  }
  return absl::OkStatus();
}

void ReleaseFreedMemory() { malloc_trim(0); }

}  // namespace rxlocator
