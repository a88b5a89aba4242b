#include "loaders/load_report.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace rxlocator {
namespace {

// "(duplicate 2, no coordinates 252)"
std::string Breakdown(const std::map<std::string, int64_t>& counts) {
  return absl::StrCat(" (",
                      absl::StrJoin(counts, ", ",
                                    [](std::string* out, const auto& entry) {
                                      absl::StrAppend(out, entry.first, " ",
                                                      entry.second);
                                    }),
                      ")");
}

}  // namespace

std::string LoadReport::Summary() const {
  std::string out =
      absl::StrCat(path, ": ", rows_read, " rows read, ", rows_loaded,
                   " loaded as ", items, " ", item_kind);
  if (located_by_zip > 0) {
    absl::StrAppend(&out, " (", located_by_zip, " placed at their ZIP code)");
  }
  absl::StrAppend(&out, ", ", rows_skipped, " skipped");
  if (!skipped_by_reason.empty()) {
    absl::StrAppend(&out, Breakdown(skipped_by_reason));
  }
  absl::StrAppend(&out, ", ", warnings, " warnings");
  if (!warnings_by_reason.empty()) {
    absl::StrAppend(&out, Breakdown(warnings_by_reason));
  }
  out += '\n';
  for (const std::string& example : examples) {
    absl::StrAppend(&out, "  ", example, "\n");
  }
  return out;
}

RowLog::RowLog(std::string path, const LoadOptions& options, LoadReport* report)
    : options_(options),
      report_(report != nullptr ? report : &own_report_),
      file_(path) {
  *report_ = LoadReport();
  report_->path = std::move(path);
}

absl::Status RowLog::Finish(size_t items, absl::string_view kind) {
  report_->rows_loaded = report_->rows_read - report_->rows_skipped;
  report_->items = static_cast<int64_t>(items);
  report_->item_kind = std::string(kind);
  return status_;
}

void RowLog::Skip(int line, absl::string_view reason, absl::string_view what) {
  ++report_->rows_skipped;
  ++report_->skipped_by_reason[std::string(reason)];
  Record(line, what);
}

void RowLog::Warn(int line, absl::string_view reason, absl::string_view what) {
  ++report_->warnings;
  ++report_->warnings_by_reason[std::string(reason)];
  Record(line, what);
}

void RowLog::Record(int line, absl::string_view what) {
  std::string message = absl::StrCat(file_, ":", line, ": ", what);
  if (options_.strict && status_.ok()) {
    status_ = absl::InvalidArgumentError(message);
  }
  if (static_cast<int>(report_->examples.size()) < options_.max_examples) {
    report_->examples.push_back(std::move(message));
  }
}

}  // namespace rxlocator
