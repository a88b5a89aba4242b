// WriteAccess's decisions on hand-made callers: who gets in, with which
// refusal, and token files that are refused at start.
#include "server/write_access.h"

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rxlocator {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "0123456789abcdef-feed";

MATCHER_P2(StatusIs, code, message, "") {
  *result_listener << "status: " << arg;
  return arg.code() == code &&
         ::testing::ExplainMatchResult(message, std::string(arg.message()),
                                       result_listener);
}

MATCHER(IsOk, "") {
  *result_listener << "status: " << arg;
  return arg.ok();
}

std::string TokenFile(const std::string& name, const std::string& text) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/write_access_test-", name);
  std::ofstream(path) << text;
  return path;
}

WriteAccess Access(const WriteAccessOptions& options) {
  absl::StatusOr<WriteAccess> access = WriteAccess::Create(options);
  EXPECT_TRUE(access.ok()) << access.status();
  return *std::move(access);
}

Caller WithHeader(const std::string& authorization) {
  return Caller{.authorization = authorization};
}
Caller WithCertificate(std::vector<std::string> identities) {
  return Caller{.certificate_identities = std::move(identities)};
}

TEST(WriteAccessTest, TokenFromTheFileLetsIn) {
  const WriteAccess access =
      Access({.token_file = TokenFile(
                  "tokens", absl::StrCat("# feeds\n\n  ", kToken,
                                         "  \r\nsecond-token-0000000\n"))});
  EXPECT_TRUE(access.accepts_tokens());
  EXPECT_THAT(access.Check(WithHeader(absl::StrCat("Bearer ", kToken)), "X"),
              IsOk());
  EXPECT_THAT(access.Check(WithHeader(absl::StrCat("bearer  ", kToken)), "X"),
              IsOk());
  EXPECT_THAT(access.Check(WithHeader("Bearer second-token-0000000"), "X"),
              IsOk());
}

TEST(WriteAccessTest, WrongOrMalformedTokenIsUnauthenticated) {
  const WriteAccess access =
      Access({.token_file = TokenFile("one-token", kToken)});
  for (const std::string header :
       {absl::StrCat("Bearer ", kToken, "x"),
        absl::StrCat("Bearer ", std::string(kToken).substr(1)),
        std::string(kToken), absl::StrCat("Basic ", kToken), std::string(""),
        std::string("Bearer ")}) {
    const absl::Status status = access.Check(WithHeader(header), "ReportStock");
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << header;
    EXPECT_THAT(status.message(),
                AllOf(HasSubstr("ReportStock"), Not(HasSubstr(kToken))));
  }
}

TEST(WriteAccessTest, CertificateOnTheListLetsIn) {
  const WriteAccess access =
      Access({.identities = {"feed-a", "spiffe://pbm.example/feed-b"}});
  EXPECT_FALSE(access.accepts_tokens());
  EXPECT_THAT(access.Check(WithCertificate({"feed-a"}), "X"), IsOk());
  // Any of its names will do: the common name or an alternative name.
  EXPECT_THAT(
      access.Check(WithCertificate({"host-7", "spiffe://pbm.example/feed-b"}),
                   "X"),
      IsOk());
}

TEST(WriteAccessTest, CertificateOffTheListIsPermissionDenied) {
  const WriteAccess access = Access({.identities = {"feed-a"}});
  const absl::Status status =
      access.Check(WithCertificate({"feed-ab", "Feed-A"}), "Admin.Reload");
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("Admin.Reload"), HasSubstr("\"feed-ab\"")));
}

TEST(WriteAccessTest, EitherWayInIsEnough) {
  const WriteAccess access = Access(
      {.token_file = TokenFile("either", kToken), .identities = {"feed-a"}});
  // A certificate off the list with a good token: the token lets it in.
  EXPECT_THAT(
      access.Check(Caller{absl::StrCat("Bearer ", kToken), {"other"}}, "X"),
      IsOk());
  // A listed certificate with a bad token: the certificate does.
  EXPECT_THAT(access.Check(Caller{"Bearer wrong", {"feed-a"}}, "X"), IsOk());
  EXPECT_EQ(access.Check(Caller{"Bearer wrong", {"other"}}, "X").code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(WriteAccessTest, NoCredentialsAreUnauthenticated) {
  const WriteAccess access = Access({.identities = {"feed-a"}});
  const absl::Status status = access.Check(Caller{}, "ReportStock");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("needs credentials"));
}

TEST(WriteAccessTest, NoWayInRefusesEveryone) {
  const WriteAccess access = Access({});
  for (const Caller& caller :
       {Caller{}, WithHeader(absl::StrCat("Bearer ", kToken)),
        WithCertificate({"feed-a"})}) {
    const absl::Status status = access.Check(caller, "ReportStock");
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
    EXPECT_THAT(status.message(), HasSubstr("lets no one write"));
  }
}

TEST(WriteAccessTest, AllowUnauthenticatedLetsAnyoneIn) {
  const WriteAccess access = Access({.allow_unauthenticated = true});
  EXPECT_THAT(access.Check(Caller{}, "X"), IsOk());
  EXPECT_THAT(access.Check(WithHeader("Bearer anything"), "X"), IsOk());
}

TEST(WriteAccessTest, BadTokenFilesNameFileAndLine) {
  const std::string short_file =
      TokenFile("short", absl::StrCat(kToken, "\n# a comment\nabc\n"));
  EXPECT_THAT(WriteAccess::Create({.token_file = short_file}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(short_file + ":3:"),
                             HasSubstr("at least 16 characters"),
                             HasSubstr("has 3"), Not(HasSubstr("abc")))));
  const std::string spaced = TokenFile("spaced", "two words in a token\n");
  EXPECT_THAT(WriteAccess::Create({.token_file = spaced}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(spaced + ":1: a token must be printable")));
  const std::string empty = TokenFile("empty", "# nothing\n\n");
  EXPECT_THAT(WriteAccess::Create({.token_file = empty}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(empty + " holds no token")));
  EXPECT_FALSE(WriteAccess::Create({.token_file = "/nonexistent/tokens"}).ok());
}

}  // namespace
}  // namespace rxlocator
