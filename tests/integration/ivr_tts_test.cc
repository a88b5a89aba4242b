// LocateForIvr against the real server on the bundled data, heard through a
// real TTS engine: for a sample of ZIP codes (Anchorage ones, a PO-box one,
// one that widens, one with nothing within 100 miles, a military one, an
// unknown one, a malformed one) every SSML answer (the whole answer and each
// pharmacy's) must parse (libxml2) and be rendered by eSpeak NG
// (`espeak-ng -m -f answer.ssml -w answer.wav`) to a WAV file whose length,
// read from its header, is plausible for the words of its plain text.
//
// Plausible: between 0.25 and 0.7 seconds per word. eSpeak NG speaks 175
// words a minute by default, 0.34 s a word; on these answers it takes 0.31
// to 0.50 s a word (Debian 12's 1.51), more than the rate since sentence
// and paragraph ends add pauses and a phone number in <say-as> is read
// with its dashes, and less for answers of short words and single digits.
// Under 0.25 s a word, part of the answer was not spoken (markup swallowed
// text); over 0.7 s, something was spoken that is not in the text: the same
// answers rendered without -m, markup read aloud, take 0.77 s a word.
//
// espeak-ng is a Debian package that scripts/setup.sh installs; without it
// the test fails, saying so: it is never skipped.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "rxlocator/v1/pharmacy_locator.grpc.pb.h"
#include "tests/integration/server_process.h"
#include "tests/server/ssml_check.h"

namespace rxlocator {
namespace {

using Response = v1::LocateForIvrResponse;

constexpr double kMinSecondsPerWord = 0.25;
constexpr double kMaxSecondsPerWord = 0.7;

// The full path of `program` on $PATH, or "".
std::string FindOnPath(const std::string& program) {
  const char* path = getenv("PATH");
  for (absl::string_view dir :
       absl::StrSplit(path == nullptr ? "/usr/bin:/bin" : path, ':')) {
    std::string candidate = absl::StrCat(dir, "/", program);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// The length in seconds of a PCM WAV file, from its header: the "data"
// chunk's size over the "fmt " chunk's byte rate. -1 if it is not one.
double WavSeconds(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  const std::string wav = bytes.str();
  const auto u32 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(wav[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 2]))
               << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 3])) << 24;
  };
  if (wav.size() < 12 || wav.compare(0, 4, "RIFF") != 0 ||
      wav.compare(8, 4, "WAVE") != 0) {
    return -1;
  }
  uint32_t byte_rate = 0;
  for (size_t at = 12; at + 8 <= wav.size();) {
    const std::string id = wav.substr(at, 4);
    const uint32_t size = u32(at + 4);
    if (id == "fmt " && at + 16 <= wav.size()) byte_rate = u32(at + 8 + 8);
    if (id == "data") {
      // eSpeak NG writes the real size; a streaming writer may leave it
      // 0 or ~0, and then the rest of the file is the data.
      const size_t data = (size == 0 || size == 0xFFFFFFFF)
                              ? wav.size() - at - 8
                              : std::min<size_t>(size, wav.size() - at - 8);
      return byte_rate == 0 ? -1 : static_cast<double>(data) / byte_rate;
    }
    at += 8 + size + (size & 1);
  }
  return -1;
}

// Words of the plain text: runs between spaces with a letter or digit.
int Words(const std::string& text) {
  int words = 0;
  for (absl::string_view w : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    for (const char c : w) {
      if (absl::ascii_isalnum(c)) {
        ++words;
        break;
      }
    }
  }
  return words;
}

class IvrTtsTest : public BundledServerTest {
 protected:
  Response Locate(const std::string& zip) {
    auto stub = v1::PharmacyLocator::NewStub(server().Channel());
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    v1::LocateForIvrRequest request;
    request.set_zip_code(zip);
    Response response;
    const grpc::Status status =
        stub->LocateForIvr(&context, request, &response);
    EXPECT_TRUE(status.ok()) << zip << ": " << status.error_message();
    return response;
  }

  // Renders `speech` with espeak-ng and checks its length against its
  // words; `name` names the files.
  void Render(const v1::IvrSpeech& speech, const std::string& name) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(IsSsmlDocument(speech.ssml()));
    const std::string espeak = FindOnPath("espeak-ng");
    ASSERT_FALSE(espeak.empty())
        << "espeak-ng is not installed: this test renders each SSML answer "
           "with it. Run scripts/setup.sh, or apt-get install espeak-ng.";
    const std::string base =
        absl::StrCat(::testing::TempDir(), "ivr_tts_", getpid(), "_", name);
    {
      std::ofstream ssml(base + ".ssml", std::ios::binary);
      ssml << speech.ssml();
    }
    const std::string command =
        absl::StrCat(espeak, " -m -f '", base, ".ssml' -w '", base, ".wav' > '",
                     base, ".log' 2>&1");
    const int status = system(command.c_str());
    std::ifstream log(base + ".log");
    std::stringstream output;
    output << log.rdbuf();
    ASSERT_EQ(status, 0) << command << "\n" << output.str();
    const double seconds = WavSeconds(base + ".wav");
    const int words = Words(speech.text());
    ASSERT_GT(words, 0) << speech.text();
    const double per_word = seconds / words;
    EXPECT_GE(per_word, kMinSecondsPerWord)
        << seconds << " s for " << words << " words: " << speech.text();
    EXPECT_LE(per_word, kMaxSecondsPerWord)
        << seconds << " s for " << words << " words: " << speech.text();
    RecordProperty(name, absl::StrCat(seconds, " s, ", words, " words"));
    std::remove((base + ".ssml").c_str());
    std::remove((base + ".wav").c_str());
    std::remove((base + ".log").c_str());
  }
};

TEST_F(IvrTtsTest, EveryAnswerOfASampleIsSpokenAtAPlausibleLength) {
  struct Case {
    std::string zip;
    Response::Outcome outcome;
  };
  const std::vector<Case> cases = {
      {"99503", Response::FOUND},         // Anchorage, midtown
      {"99501", Response::FOUND},         // Anchorage, downtown
      {"99508-1234", Response::FOUND},    // Anchorage, ZIP+4
      {"99509", Response::FOUND},         // Anchorage PO boxes
      {"99577", Response::WIDENED},       // Eagle River: within 10 miles
      {"99615", Response::WIDENED},       // Kodiak: within 50 miles
      {"99741", Response::NONE_NEARBY},   // Galena
      {"09001", Response::MILITARY_ZIP},  // APO AE
      {"00000", Response::UNKNOWN_ZIP},  {"9950", Response::INVALID_ZIP},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.zip);
    const Response r = Locate(c.zip);
    EXPECT_EQ(r.outcome(), c.outcome) << Response::Outcome_Name(r.outcome());
    std::string name = c.zip;
    Render(r.speech(), name);
    for (int i = 0; i < r.pharmacies_size(); ++i) {
      Render(r.pharmacies(i).speech(), absl::StrCat(name, "_", i + 1));
    }
    EXPECT_TRUE(IsSsmlDocument(r.intro().ssml()));
    EXPECT_TRUE(IsSsmlDocument(r.menu_prompt().ssml()));
    if (c.outcome == Response::FOUND) {
      EXPECT_EQ(r.pharmacies_size(), 3);
      EXPECT_LE(r.sms_body().size(), 480);
      EXPECT_FALSE(r.sms_body().empty());
    }
  }
  // The PO-box ZIP is searched from its centroid, and says so.
  EXPECT_TRUE(Locate("99509").po_box_zip());
}

}  // namespace
}  // namespace rxlocator
