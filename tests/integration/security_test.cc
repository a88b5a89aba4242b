// TLS, mutual TLS and who may write, on the real server binary over real
// gRPC, with certificates this test makes with openssl: reads need only
// TLS; ReportStock and Admin need a client certificate on the allow-list
// or a bearer token from the token file; the health port stays plaintext
// for probes; bad TLS and writer flags stop the server at start; and the
// CLI's TLS and token flags reach all of it.
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc_health_v1.grpc.pb.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/admin.grpc.pb.h"
#include "rxlocator/v1/inventory.grpc.pb.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "testing/stock_feed.h"
#include "tests/integration/server_process.h"
#include "tests/server/anchorage_files.h"

namespace rxlocator {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPaxlovid[] = "00069108530";
constexpr char kToken[] = "feed-token-3f9a1c77e2b54d08";

std::string Dir() {
  static const std::string dir = [] {
    std::string d =
        absl::StrCat(::testing::TempDir(), "/security_test-", getpid());
    std::system(absl::StrCat("rm -rf '", d, "' && mkdir -p '", d, "'").c_str());
    return d;
  }();
  return dir;
}
std::string PathOf(const std::string& name) {
  return absl::StrCat(Dir(), "/", name);
}
std::string Write(const std::string& name, const std::string& text) {
  std::ofstream(PathOf(name)) << text;
  return PathOf(name);
}
std::string Read(const std::string& name) {
  std::ifstream in(PathOf(name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Run(const std::string& command) {
  const std::string quiet =
      absl::StrCat("cd '", Dir(), "' && ", command, " >> openssl.log 2>&1");
  ASSERT_EQ(std::system(quiet.c_str()), 0) << command << "\n"
                                           << Read("openssl.log");
}

// A CA named `ca`, as ca.crt and ca.key.
void MakeCa(const std::string& ca) {
  Run(
      absl::StrCat("openssl req -x509 -newkey ec -pkeyopt "
                   "ec_paramgen_curve:P-256 -nodes -days 2 -subj '/CN=",
                   ca, "' -keyout ", ca, ".key -out ", ca, ".crt"));
}

// A certificate for `name` signed by `ca`, as name.crt and name.key, for
// `usage` (serverAuth or clientAuth), with `san` as its subject alternative
// names.
void MakeCertificate(const std::string& name, const std::string& ca,
                     const std::string& usage, const std::string& san) {
  Write(name + ".ext", absl::StrCat("extendedKeyUsage=", usage,
                                    "\nsubjectAltName=", san, "\n"));
  Run(absl::StrCat(
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
      "-subj '/CN=",
      name, "' -keyout ", name, ".key -out ", name, ".csr && openssl x509 ",
      "-req -in ", name, ".csr -CA ", ca, ".crt -CAkey ", ca,
      ".key -CAcreateserial -days 2 -extfile ", name, ".ext -out ", name,
      ".crt"));
}

// The test's PKI: a CA that signs the server's certificate (for localhost)
// and the clients feed-a (on the writer list, as a URI name) and intruder
// (not on it), and a stranger CA that signs stranger.
void MakePki() {
  static bool made = false;
  if (made) return;
  made = true;
  MakeCa("ca");
  MakeCertificate("server", "ca", "serverAuth", "DNS:localhost,IP:127.0.0.1");
  MakeCertificate("feed-a", "ca", "clientAuth",
                  "URI:spiffe://pbm.example/feed-a");
  MakeCertificate("intruder", "ca", "clientAuth", "DNS:intruder.example");
  MakeCa("stranger-ca");
  MakeCertificate("stranger", "stranger-ca", "clientAuth",
                  "URI:spiffe://pbm.example/feed-a");
}

// A loopback port that nothing listened on a moment ago.
int UnusedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

// A TLS channel to `server` that trusts `ca`, presenting the client
// certificate `client` unless it is empty.
std::shared_ptr<grpc::Channel> TlsChannel(const ServerProcess& server,
                                          const std::string& ca = "ca",
                                          const std::string& client = "") {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = Read(ca + ".crt");
  if (!client.empty()) {
    ssl.pem_cert_chain = Read(client + ".crt");
    ssl.pem_private_key = Read(client + ".key");
  }
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel(server.address(), grpc::SslCredentials(ssl),
                                   args);
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  if (!token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  return context;
}

grpc::Status Pharmacy(const std::shared_ptr<grpc::Channel>& channel) {
  v1::GetPharmacyRequest request;
  request.set_id("p1");
  v1::Pharmacy response;
  return v1::PharmacyLocator::NewStub(channel)->GetPharmacy(Context().get(),
                                                            request, &response);
}

// One count of Paxlovid at p1, sent with `token` (if any).
grpc::Status Report(const std::shared_ptr<grpc::Channel>& channel,
                    int64_t quantity, const std::string& token = "") {
  auto context = Context(token);
  v1::ReportStockResponse response;
  auto writer =
      v1::Inventory::NewStub(channel)->ReportStock(context.get(), &response);
  writer->Write(StockCount("p1", kPaxlovid, quantity, absl::Now()));
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (status.ok() && response.applied() != 1) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        absl::StrCat("applied ", response.applied()));
  }
  return status;
}

int64_t Quantity(const std::shared_ptr<grpc::Channel>& channel) {
  v1::GetStockRequest request;
  request.add_pharmacy_ids("p1");
  request.add_ndcs(kPaxlovid);
  v1::GetStockResponse response;
  const grpc::Status status = v1::Inventory::NewStub(channel)->GetStock(
      Context().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.pharmacies_size() == 1 &&
                 response.pharmacies(0).stock_size() == 1
             ? response.pharmacies(0).stock(0).quantity()
             : -1;
}

grpc::Status Stats(const std::shared_ptr<grpc::Channel>& channel,
                   const std::string& token = "") {
  v1::GetStatsResponse response;
  return v1::Admin::NewStub(channel)->GetStats(
      Context(token).get(), v1::GetStatsRequest(), &response);
}

bool Serving(const std::shared_ptr<grpc::Channel>& channel) {
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  auto health = grpc::health::v1::Health::NewStub(channel);
  while (absl::Now() < deadline) {
    grpc::health::v1::HealthCheckResponse response;
    auto context = Context();
    if (health->Check(context.get(), {}, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

std::vector<std::string> DataFlags() {
  return {"--pharmacies=native:" +
              Write("pharmacies.csv", absl::StrCat(kPharmacyHeader, kMidtown)),
          "--zips=" + Write("zips.csv", kAnchorageZipTable)};
}

// The TLS flags of a server with the test's certificate, then `more`.
std::vector<std::string> TlsFlags(std::vector<std::string> more = {}) {
  std::vector<std::string> flags = DataFlags();
  flags.push_back("--tls_cert=" + PathOf("server.crt"));
  flags.push_back("--tls_key=" + PathOf("server.key"));
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

// A server with TLS, client certificates checked against the CA, feed-a's
// URI allowed to write, the token file, and a plaintext health port.
class SecureServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    MakePki();
    health_port_ = UnusedPort();
    server_ = new ServerProcess(TlsFlags({
        "--tls_client_ca=" + PathOf("ca.crt"),
        "--writer_identities=spiffe://pbm.example/feed-a,feed-b",
        "--writer_token_file=" +
            Write("tokens", absl::StrCat("# feeds\n\n", kToken, "\n")),
        absl::StrCat("--health_listen=127.0.0.1:", health_port_),
    }));
    ASSERT_TRUE(server_->WaitForPort()) << server_->output();
    ASSERT_TRUE(Serving(HealthChannel())) << server_->output();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::shared_ptr<grpc::Channel> HealthChannel() {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", health_port_),
                               grpc::InsecureChannelCredentials());
  }

  static ServerProcess* server_;
  static int health_port_;
};
ServerProcess* SecureServerTest::server_ = nullptr;
int SecureServerTest::health_port_ = 0;

TEST_F(SecureServerTest, PlaintextClientsCannotTalkToTheTlsPort) {
  EXPECT_EQ(Pharmacy(server_->Channel()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecureServerTest, ReadsNeedOnlyTls) {
  const grpc::Status status = Pharmacy(TlsChannel(*server_));
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(Pharmacy(TlsChannel(*server_, "ca", "intruder")).ok());
}

TEST_F(SecureServerTest, ServerCertificateMustBeTrusted) {
  EXPECT_EQ(Pharmacy(TlsChannel(*server_, "stranger-ca")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecureServerTest, HealthPortServesOnlyHealthInPlaintext) {
  EXPECT_TRUE(Serving(HealthChannel()));
  EXPECT_EQ(Pharmacy(HealthChannel()).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(SecureServerTest, WritesWithoutCredentialsAreUnauthenticated) {
  const grpc::Status status = Report(TlsChannel(*server_), 7);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("ReportStock"), HasSubstr("client certificate"),
                    HasSubstr("Bearer")));
}

TEST_F(SecureServerTest, WrongTokenIsUnauthenticatedAndNotEchoed) {
  const std::string guess = "feed-token-3f9a1c77e2b54d09";
  const grpc::Status status = Report(TlsChannel(*server_), 7, guess);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), Not(HasSubstr(guess)));
  EXPECT_EQ(Report(TlsChannel(*server_), 7, "x").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(server_->output(), Not(HasSubstr(guess)));
}

TEST_F(SecureServerTest, TokenLetsAFeedWrite) {
  const grpc::Status status = Report(TlsChannel(*server_), 11, kToken);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Quantity(TlsChannel(*server_)), 11);
}

TEST_F(SecureServerTest, AllowedCertificateLetsAFeedWrite) {
  const grpc::Status status = Report(TlsChannel(*server_, "ca", "feed-a"), 12);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Quantity(TlsChannel(*server_)), 12);
}

TEST_F(SecureServerTest, CertificateOffTheListIsPermissionDenied) {
  const grpc::Status status =
      Report(TlsChannel(*server_, "ca", "intruder"), 13);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("\"intruder\""), HasSubstr("allow-list")));
}

TEST_F(SecureServerTest, CertificateFromAnotherCaFailsTheHandshake) {
  // It carries feed-a's name, but no CA the server trusts signed it.
  EXPECT_EQ(Report(TlsChannel(*server_, "ca", "stranger"), 14).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecureServerTest, AdminCallsNeedCredentialsToo) {
  EXPECT_EQ(Stats(TlsChannel(*server_)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Stats(TlsChannel(*server_, "ca", "intruder")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Stats(TlsChannel(*server_), kToken).ok());
  EXPECT_TRUE(Stats(TlsChannel(*server_, "ca", "feed-a")).ok());

  v1::ReloadResponse reloaded;
  EXPECT_EQ(v1::Admin::NewStub(TlsChannel(*server_))
                ->Reload(Context().get(), v1::ReloadRequest(), &reloaded)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  const grpc::Status status =
      v1::Admin::NewStub(TlsChannel(*server_, "ca", "feed-a"))
          ->Reload(Context().get(), v1::ReloadRequest(), &reloaded);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

// The CLI's TLS and token flags, against the same server.
TEST_F(SecureServerTest, CliSpeaksTlsAndSendsTheToken) {
  const std::string tls = absl::StrCat("--server=", server_->address(),
                                       " --tls-ca=", PathOf("ca.crt"),
                                       " --tls-server-name=localhost ");
  BinaryRun run = RunBinary("tools/rxlocator", tls + "health");
  EXPECT_EQ(run.exit_code, 0) << run.output;

  run = RunBinary("tools/rxlocator", tls + "stats");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("needs credentials"));

  run =
      RunBinary("tools/rxlocator",
                tls + "--token-file=" + Write("cli-token", kToken) + " stats");
  EXPECT_EQ(run.exit_code, 0) << run.output;

  run = RunBinary("tools/rxlocator",
                  absl::StrCat(tls, "--tls-cert=", PathOf("feed-a.crt"),
                               " --tls-key=", PathOf("feed-a.key"), " stats"));
  EXPECT_EQ(run.exit_code, 0) << run.output;

  // Plaintext against the TLS port cannot get through.
  run = RunBinary(
      "tools/rxlocator",
      absl::StrCat("--server=", server_->address(), " --timeout=2 health"));
  EXPECT_EQ(run.exit_code, 3) << run.output;

  run = RunBinary("tools/rxlocator",
                  tls + "--tls-cert=" + PathOf("feed-a.crt") + " stats");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("--tls-cert and --tls-key go together"));

  run =
      RunBinary("tools/rxlocator", tls + "--tls-ca=/nonexistent/ca.crt health");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("/nonexistent/ca.crt"));
}

TEST(SecurityTest, ServerWithoutWritersRefusesEveryWrite) {
  MakePki();
  ServerProcess server(TlsFlags());
  ASSERT_TRUE(server.WaitForPort()) << server.output();
  // Reads work once it serves; writes never do.
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (!Pharmacy(TlsChannel(server)).ok() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  const grpc::Status status = Report(TlsChannel(server), 7, kToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("lets no one write"));
  EXPECT_EQ(Stats(TlsChannel(server, "ca", "feed-a")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST(SecurityTest, RequiredClientCertificatesKeepOutReadersWithout) {
  MakePki();
  ServerProcess server(TlsFlags(
      {"--tls_client_ca=" + PathOf("ca.crt"), "--tls_require_client_cert"}));
  ASSERT_TRUE(server.WaitForPort()) << server.output();
  ASSERT_TRUE(Serving(TlsChannel(server, "ca", "intruder"))) << server.output();
  EXPECT_TRUE(Pharmacy(TlsChannel(server, "ca", "intruder")).ok());
  EXPECT_EQ(Pharmacy(TlsChannel(server)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

// Flags that cannot work stop the server at start (exit 2), naming what is
// wrong.
TEST(SecurityTest, BadSecurityFlagsStopTheServer) {
  MakePki();
  const std::string cert = "--tls_cert=" + PathOf("server.crt");
  const std::string key = "--tls_key=" + PathOf("server.key");
  const std::string ca = "--tls_client_ca=" + PathOf("ca.crt");
  const struct {
    std::vector<std::string> flags;
    std::string message;
  } cases[] = {
      {{cert}, "--tls_cert and --tls_key go together"},
      {{ca}, "--tls_client_ca needs TLS"},
      {{cert, key, "--tls_require_client_cert"},
       "--tls_require_client_cert needs --tls_client_ca"},
      {{cert, "--tls_key=" + PathOf("server.crt")},
       "--tls_key: " + PathOf("server.crt") + " holds no PEM block of PRIVATE"},
      {{cert, key, "--tls_client_ca=/nonexistent/ca.pem"}, "--tls_client_ca: "},
      {{cert, key, "--writer_identities=feed-a"},
       "--writer_identities needs --tls_client_ca"},
      {{cert, key, ca, "--writer_identities=feed-a,"},
       "--writer_identities has an empty identity"},
      {{"--writer_token_file=" +
        Write("short-tokens", "# ok\n" + std::string(kToken) + "\nshort\n")},
       PathOf("short-tokens") + ":3: a token must be at least 16 characters"},
      {{"--writer_token_file=" + Write("no-tokens", "# none\n")},
       PathOf("no-tokens") + " holds no token"},
      {{"--allow_unauthenticated_writes",
        "--writer_token_file=" + Write("tokens", kToken)},
       "give one or the other"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    std::vector<std::string> flags = DataFlags();
    flags.insert(flags.end(), c.flags.begin(), c.flags.end());
    ServerProcess server(flags);
    EXPECT_EQ(server.WaitForExit(absl::Seconds(30)), 2 << 8) << c.message;
    EXPECT_THAT(server.output(), HasSubstr(c.message)) << server.output();
  }
  // A key that is not the certificate's is found only when gRPC starts.
  std::vector<std::string> flags = DataFlags();
  flags.insert(flags.end(), {cert, "--tls_key=" + PathOf("feed-a.key")});
  ServerProcess server(flags);
  EXPECT_EQ(server.WaitForExit(absl::Seconds(30)), 1 << 8);
  EXPECT_THAT(server.output(),
              HasSubstr("is --tls_key the key of --tls_cert?"));
}

TEST(SecurityTest, TokensWithoutTlsAreWarnedAbout) {
  ServerProcess server(
      {DataFlags()[0], DataFlags()[1],
       "--writer_token_file=" + Write("plain-tokens", kToken)});
  ASSERT_TRUE(server.WaitUntilServing()) << server.output();
  EXPECT_THAT(server.output(), HasSubstr("in the clear"));
  // Tokens still work in plaintext: a mesh may encrypt for the server.
  EXPECT_TRUE(Report(server.Channel(), 5, kToken).ok());
  EXPECT_EQ(Report(server.Channel(), 5).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace rxlocator
