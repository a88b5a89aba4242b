// The HHS replay tool against the real server: the 12 bundled historical
// versions of the Paxlovid file, fed oldest first through ReportStock,
// leave the server with exactly the stock of the last version. The server
// lets only holders of its writer token write, as in production.
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "loaders/stock_loader.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "server/data_loading.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

using ::testing::HasSubstr;

constexpr char kLastVersion[] =
    "/data/history/paxlovid/"
    "paxlovid-data_2022-03-16T23-23-19-00-00_b96502d50d.csv.gz";

TEST(ReplayHhsTest, EndsWithTheStockOfTheLastVersion) {
  const std::string source = RXLOCATOR_SOURCE_DIR;
  // Counted in 2022: the horizon must reach back that far to show them.
  const std::string tokens = ::testing::TempDir() + "/replay_hhs_tokens";
  std::ofstream(tokens) << "replay-token-5d2e8c41a9\n";
  ServerProcess server(
      {"--stock=native:" + source + "/tests/integration/testdata/no_stock.csv",
       "--stock_hide_after_days=100000", "--writer_token_file=" + tokens});
  ASSERT_TRUE(server.WaitUntilServing()) << server.output();
  const BinaryRun refused =
      RunBinary("tools/rxlocator-replay-hhs", "--server=" + server.address());
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("ReportStock needs credentials"));
  const BinaryRun run = RunBinary(
      "tools/rxlocator-replay-hhs",
      absl::StrCat("--server=", server.address(), " --token_file=", tokens));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // Every version, in time order, and every update accounted for.
  std::printf("%s", run.output.c_str());
  const std::regex line(
      R"((\S+): \d+ rows, (\d+) sent: (\d+) applied, (\d+) stale, (\d+) rejected)");
  std::vector<std::string> versions;
  for (auto it =
           std::sregex_iterator(run.output.begin(), run.output.end(), line);
       it != std::sregex_iterator(); ++it) {
    versions.push_back((*it)[1]);
    EXPECT_EQ(std::stoi((*it)[2]),
              std::stoi((*it)[3]) + std::stoi((*it)[4]) + std::stoi((*it)[5]))
        << it->str();
  }
  ASSERT_EQ(versions.size(), 12);
  EXPECT_TRUE(std::is_sorted(versions.begin(), versions.end()));

  // What the last version says, resolved as the server resolves it.
  absl::StatusOr<LoadedData> loaded =
      LoadSnapshot(BundledData(source + "/data"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const std::vector<Pharmacy>& pharmacies = loaded->snapshot->pharmacies();
  absl::StatusOr<std::vector<StockObservation>> rows =
      LoadHhsStock(source + kLastVersion, pharmacies,
                   loaded->snapshot->directory(), LoadOptions(), nullptr);
  ASSERT_TRUE(rows.ok()) << rows.status();
  // Per pharmacy and NDC, the newest row (the first of equally new ones).
  std::vector<StockObservation> last;
  std::map<std::pair<std::string, std::string>, size_t> position;
  for (const StockObservation& o : *rows) {
    auto [it, fresh] =
        position.try_emplace({o.pharmacy_id, o.ndc}, last.size());
    if (fresh) {
      last.push_back(o);
    } else if (Newer(o.level, last[it->second].level)) {
      last[it->second] = o;
    }
  }
  ASSERT_GT(last.size(), 4000);

  auto stub = v1::Inventory::NewStub(server.Channel());
  int checked = 0;
  for (size_t begin = 0; begin < last.size(); begin += 100) {
    const size_t end = std::min(last.size(), begin + 100);
    v1::GetStockRequest request;
    for (size_t i = begin; i < end; ++i) {
      request.add_pharmacy_ids(last[i].pharmacy_id);
    }
    request.add_ndcs(last[begin].ndc);
    grpc::ClientContext context;
    v1::GetStockResponse response;
    ASSERT_TRUE(stub->GetStock(&context, request, &response).ok());
    for (size_t i = begin; i < end; ++i) {
      const StockObservation& want = last[i];
      ASSERT_EQ(want.ndc, last[begin].ndc);
      const v1::StockStatus& got = response.pharmacies(i - begin).stock(0);
      EXPECT_EQ(got.quantity(), want.level.quantity) << want.pharmacy_id;
      EXPECT_EQ(got.observed_at().seconds(),
                absl::ToUnixSeconds(want.level.observed_at))
          << want.pharmacy_id;
      EXPECT_EQ(got.source(), "hhs");
      ++checked;
    }
  }
  EXPECT_EQ(checked, last.size());
}

}  // namespace
}  // namespace rxlocator
