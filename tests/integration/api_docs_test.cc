// Runs every example in docs/api.md against the real server: each request
// is sent as written, and the response must contain what the page shows.
// Markers in the page: "<!-- example: Method -->" before a JSON request,
// then "<!-- returns -->" before a JSON response, or
// "<!-- returns error: CODE -->" before a text block with the message.
#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "tests/integration/server_process.h"

namespace rxlocator {
namespace {

struct Example {
  std::string method;
  std::string request;     // JSON.
  std::string response;    // JSON, for a success.
  std::string error_code;  // e.g. "NOT_FOUND", for a failure.
  std::string error_message;
  int line;
};

std::vector<Example> ReadExamples(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  const std::string page = text.str();
  static const std::regex kExample(
      R"(<!-- example: (\w+) -->\s*```json\n([\s\S]*?)```\s*<!-- returns(?: error: (\w+))? -->\s*```\w*\n([\s\S]*?)```)");
  std::vector<Example> examples;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), kExample);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    Example e;
    e.method = m[1];
    e.request = m[2];
    e.error_code = m[3];
    (e.error_code.empty() ? e.response : e.error_message) = m[4];
    e.line = 1 + std::count(page.begin(), page.begin() + m.position(0), '\n');
    examples.push_back(e);
  }
  return examples;
}

// Whether `actual` holds everything `shown` does: objects by key, arrays of
// the same length element by element, numbers to 0.001, "<any>" anything.
::testing::AssertionResult Contains(const nlohmann::json& actual,
                                    const nlohmann::json& shown,
                                    const std::string& where) {
  if (shown.is_string() && shown == "<any>") {
    return ::testing::AssertionSuccess();
  }
  if (shown.is_object()) {
    for (const auto& [key, value] : shown.items()) {
      if (!actual.is_object() || !actual.contains(key)) {
        return ::testing::AssertionFailure()
               << where << "." << key << " is missing";
      }
      auto inner = Contains(actual[key], value, where + "." + key);
      if (!inner) return inner;
    }
    return ::testing::AssertionSuccess();
  }
  if (shown.is_array()) {
    if (!actual.is_array() || actual.size() != shown.size()) {
      return ::testing::AssertionFailure()
             << where << " has " << actual.size() << " elements, the page "
             << shown.size();
    }
    for (size_t i = 0; i < shown.size(); ++i) {
      auto inner =
          Contains(actual[i], shown[i], absl::StrCat(where, "[", i, "]"));
      if (!inner) return inner;
    }
    return ::testing::AssertionSuccess();
  }
  if (shown.is_number() && actual.is_number() &&
      std::abs(shown.get<double>() - actual.get<double>()) <= 0.001) {
    return ::testing::AssertionSuccess();
  }
  if (shown == actual) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << where << " is " << actual.dump()
                                       << ", the page says " << shown.dump();
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    default:
      return absl::StrCat("code ", code);
  }
}

// The page writes times relative to when the test runs, "{{now-60m}}", so
// that stock counts in its examples stay fresh: each becomes an RFC 3339
// instant that many minutes ago.
std::string Expand(const std::string& json) {
  static const std::regex kNow(R"(\{\{now-(\d+)m\}\})");
  std::string out;
  auto last = json.cbegin();
  for (auto it = std::sregex_iterator(json.begin(), json.end(), kNow);
       it != std::sregex_iterator(); ++it) {
    out.append(last, json.cbegin() + it->position(0));
    out += absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                            absl::Now() - absl::Minutes(std::stoi((*it)[1])),
                            absl::UTCTimeZone());
    last = json.cbegin() + it->position(0) + it->length(0);
  }
  out.append(last, json.cend());
  return out;
}

grpc::Status FromJson(const std::string& json,
                      google::protobuf::Message* message) {
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(Expand(json), message);
  if (parsed.ok()) return grpc::Status::OK;
  return grpc::Status(
      grpc::StatusCode::INTERNAL,
      "the page's request is not valid JSON for the API: " + parsed.ToString());
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

// A unary call: the page's request as a `Request`, the response as JSON.
template <typename Request, typename Response, typename Call>
grpc::Status Unary(const std::string& request_json, Call call,
                   std::string* response_json) {
  Request request;
  if (grpc::Status s = FromJson(request_json, &request); !s.ok()) return s;
  Response response;
  const grpc::Status status = call(Context().get(), request, &response);
  *response_json = ToJson(response);
  return status;
}

// ReportStock: the page's request is the stream, a JSON array of updates.
grpc::Status ReportStock(v1::Inventory::Stub& stub,
                         const std::string& request_json,
                         std::string* response_json) {
  auto context = Context();
  v1::ReportStockResponse response;
  auto writer = stub.ReportStock(context.get(), &response);
  for (const nlohmann::json& element : nlohmann::json::parse(request_json)) {
    v1::StockUpdate update;
    if (grpc::Status s = FromJson(element.dump(), &update); !s.ok()) return s;
    writer->Write(update);
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  *response_json = ToJson(response);
  return status;
}

// WatchAvailability: the page shows the first events of the stream as a
// JSON array; reads that many, then hangs up.
grpc::Status Watch(v1::Inventory::Stub& stub, const std::string& request_json,
                   size_t events, std::string* response_json) {
  v1::WatchAvailabilityRequest request;
  if (grpc::Status s = FromJson(request_json, &request); !s.ok()) return s;
  auto context = Context();
  auto reader = stub.WatchAvailability(context.get(), request);
  nlohmann::json read = nlohmann::json::array();
  v1::AvailabilityEvent event;
  while (read.size() < events && reader->Read(&event)) {
    read.push_back(nlohmann::json::parse(ToJson(event)));
  }
  context->TryCancel();
  *response_json = read.dump();
  return read.size() == events ? grpc::Status::OK : reader->Finish();
}

class ApiDocsTest : public BundledServerTest {};

TEST_F(ApiDocsTest, EveryExampleHoldsAgainstTheServer) {
  const std::vector<Example> examples =
      ReadExamples(std::string(RXLOCATOR_SOURCE_DIR) + "/docs/api.md");
  ASSERT_GE(examples.size(), 3) << "the page lost its examples";
  auto stub = v1::PharmacyLocator::NewStub(server().Channel());
  auto inventory = v1::Inventory::NewStub(server().Channel());
  auto admin = v1::Admin::NewStub(server().Channel());
  for (const Example& e : examples) {
    SCOPED_TRACE(absl::StrCat("docs/api.md:", e.line, " ", e.method));
    std::string json;
    grpc::Status status;
    if (e.method == "FindPharmacies") {
      status = Unary<v1::FindPharmaciesRequest, v1::FindPharmaciesResponse>(
          e.request,
          [&](auto* c, const auto& r, auto* out) {
            return stub->FindPharmacies(c, r, out);
          },
          &json);
    } else if (e.method == "GetPharmacy") {
      status = Unary<v1::GetPharmacyRequest, v1::Pharmacy>(
          e.request,
          [&](auto* c, const auto& r, auto* out) {
            return stub->GetPharmacy(c, r, out);
          },
          &json);
    } else if (e.method == "CheckNetwork") {
      status = Unary<v1::CheckNetworkRequest, v1::CheckNetworkResponse>(
          e.request,
          [&](auto* c, const auto& r, auto* out) {
            return stub->CheckNetwork(c, r, out);
          },
          &json);
    } else if (e.method == "LocateForIvr") {
      status = Unary<v1::LocateForIvrRequest, v1::LocateForIvrResponse>(
          e.request,
          [&](auto* c, const auto& r, auto* out) {
            return stub->LocateForIvr(c, r, out);
          },
          &json);
    } else if (e.method == "UrgentFill") {
      status = Unary<v1::UrgentFillRequest, v1::UrgentFillResponse>(
          e.request,
          [&](auto* c, const auto& r, auto* out) {
            return stub->UrgentFill(c, r, out);
          },
          &json);
    } else if (e.method == "GetStock") {
      status = Unary<v1::GetStockRequest, v1::GetStockResponse>(
          e.request,
          [&](auto* c, const auto& r, auto* out) {
            return inventory->GetStock(c, r, out);
          },
          &json);
    } else if (e.method == "ReportStock") {
      status = ReportStock(*inventory, e.request, &json);
    } else if (e.method == "WatchAvailability") {
      status = Watch(*inventory, e.request,
                     nlohmann::json::parse(e.response).size(), &json);
    } else if (e.method == "GetStats") {
      status = Unary<v1::GetStatsRequest, v1::GetStatsResponse>(
          e.request,
          [&](auto* c, const auto& r, auto* out) {
            return admin->GetStats(c, r, out);
          },
          &json);
    } else {
      ADD_FAILURE() << "no such method in the test: " << e.method;
      continue;
    }
    if (!e.error_code.empty()) {
      EXPECT_EQ(CodeName(status.error_code()), e.error_code);
      EXPECT_EQ(status.error_message() + "\n", e.error_message);
      continue;
    }
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(Contains(nlohmann::json::parse(json),
                         nlohmann::json::parse(e.response), "response"))
        << json;
  }
}

}  // namespace
}  // namespace rxlocator
