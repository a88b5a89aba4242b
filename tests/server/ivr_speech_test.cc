// The IVR's words: addresses, names, phones and hours as spoken, and whole
// answers in text and SSML, checked by hand.
#include "server/ivr_speech.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/ssml_check.h"

namespace rxlocator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using Table = std::vector<std::pair<std::string, std::string>>;

// How every SSML answer opens.
std::string SpeakOpen() {
  return "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/"
         "synthesis\" xml:lang=\"en-US\">";
}

TEST(SpokenStreetTest, SpellsOutAbbreviations) {
  const Table cases = {
      // Real lines of the bundled data.
      {"725 E NORTHERN LIGHTS BLVD", "725 East Northern Lights Boulevard"},
      {"725 E. Northern Lights Blvd -", "725 East Northern Lights Boulevard"},
      {"2550 E 88TH AVE", "2550 East 88th Avenue"},
      {"4000 W DIMOND BLVD", "4000 West Dimond Boulevard"},
      {"8900 Old Seward Hwy", "8900 Old Seward Highway"},
      {"3340 Providence Dr.", "3340 Providence Drive"},
      {"4200 Lake Otis Pkwy", "4200 Lake Otis Parkway"},
      {"18600 Eagle River Rd", "18600 Eagle River Road"},
      {"1340 GAMBELL ST", "1340 Gambell Street"},
      {"17025 Snowmobile Ln", "17025 Snowmobile Lane"},
      {"3841 Piper St, Ste T4-054", "3841 Piper Street, Suite T4-054"},
      {"2841 DeBarr Rd. Ste. 45", "2841 DeBarr Road Suite 45"},
      {"6307 Debarr Road Suite C", "6307 Debarr Road Suite C"},
      {"4001 Lake Otis Parkway #101", "4001 Lake Otis Parkway number 101"},
      {"187 Glenn Hwy, Bldg. B", "187 Glenn Highway, Building B"},
      {"MP 33.5 Tok Cutoff", "Milepost 33.5 Tok Cutoff"},
      {"Mile 111.5 Richardson Hwy", "Mile 111.5 Richardson Highway"},
      // Other suffixes and directionals.
      {"12 Harbor Ct", "12 Harbor Court"},
      {"9 Elm Cir", "9 Elm Circle"},
      {"100 Main St N", "100 Main Street North"},
      {"200 W 5th Ave", "200 West 5th Avenue"},
      {"500 NW Market St", "500 Northwest Market Street"},
      {"10 Route 9 SE", "10 Route 9 Southeast"},
      {"1 WESTERN AVE", "1 Western Avenue"},
  };
  for (const auto& [line, spoken] : cases) {
    EXPECT_EQ(SpokenStreet(line), spoken) << line;
  }
}

// "St" is Saint and "Dr" Doctor before a name; both are the street before a
// suffix, directional, unit or nothing. A directional letter that is the
// street's name stays a letter, as does a unit's id.
TEST(SpokenStreetTest, SaintsDoctorsLettersAndUnits) {
  const Table cases = {
      {"1 St Paul Ave", "1 Saint Paul Avenue"},
      {"40 ST JOHNS RD", "40 Saint Johns Road"},
      {"1200 Dr Martin Luther King Jr Blvd",
       "1200 Doctor Martin Luther King Junior Boulevard"},
      {"1 Mt View Dr", "1 Mount View Drive"},
      {"3101 A St", "3101 A Street"},
      {"100 Main St Ste 5", "100 Main Street Suite 5"},
      {"100 Park Dr E", "100 Park Drive East"},
      {"1 Oak St, Floor 2", "1 Oak Street, Floor 2"},
      {"100 E St", "100 E Street"},
      {"100 E St NW", "100 E Street Northwest"},
      {"100 N Main St", "100 North Main Street"},
      {"200 W Hwy 50", "200 West Highway 50"},
      {"100 Avenue N", "100 Avenue N"},
      {"100 Main St Ste E", "100 Main Street Suite E"},
      {"9 Elm St Apt W", "9 Elm Street Apartment W"},
      {"55 O'NEIL RD", "55 O'Neil Road"},
      {"7 MARY'S WAY", "7 Mary's Way"},
      {"1 CVS PLZ", "1 CVS Plaza"},
  };
  for (const auto& [line, spoken] : cases) {
    EXPECT_EQ(SpokenStreet(line), spoken) << line;
  }
}

TEST(WrittenStreetTest, KeepsAbbreviationsInTitleCase) {
  EXPECT_EQ(WrittenStreet("725 E NORTHERN LIGHTS BLVD"),
            "725 E Northern Lights Blvd");
  EXPECT_EQ(WrittenStreet("2550 E 88TH AVE"), "2550 E 88th Ave");
  EXPECT_EQ(WrittenStreet("3841 Piper St, Ste T4-054"),
            "3841 Piper St, Ste T4-054");
}

TEST(SpokenAddressTest, UnitFromLineTwoAndCity) {
  Address a{.line1 = "4200 Lake Otis Pkwy",
            .line2 = "STE 102",
            .city = "ANCHORAGE",
            .state = "AK",
            .zip = "99508"};
  EXPECT_EQ(SpokenAddress(a), "4200 Lake Otis Parkway, Suite 102, Anchorage");
  EXPECT_EQ(WrittenAddress(a), "4200 Lake Otis Pkwy, Ste 102, Anchorage");
  // A PO box, a dash or the street again in line 2 is not said.
  for (const char* line2 : {"P.O. Box 1908", "-", "4200 Lake Otis Pkwy"}) {
    a.line2 = line2;
    EXPECT_EQ(SpokenAddress(a), "4200 Lake Otis Parkway, Anchorage") << line2;
  }
  a.line2 = "#A500";
  EXPECT_EQ(SpokenAddress(a), "4200 Lake Otis Parkway, number A500, Anchorage");
  EXPECT_EQ(SpokenAddress({.city = "Bethel"}), "Bethel");
}

TEST(SpokenNameTest, DropsStoreNumbersAndCompanySuffixes) {
  const Table cases = {
      {"Walgreens Co. #13656", "Walgreens"},
      {"Walgreens Store #15654", "Walgreens"},
      {"Walmart Inc #10-2070", "Walmart"},
      {"CVS Pharmacy, Inc. #17436", "CVS Pharmacy"},
      {"CARRS PHARMACY #720", "Carrs Pharmacy"},
      {"CARRS PHARMACY", "Carrs Pharmacy"},
      {"Patients First Medical Clinic, LLC", "Patients First Medical Clinic"},
      {"Genoa Healthcare LLC #00146", "Genoa Healthcare"},
      {"St. Elias Specialty Clinic", "Saint Elias Specialty Clinic"},
      {"Main St Pharmacy", "Main St Pharmacy"},
      {"Anchorage Neighborhood Health Clinic",
       "Anchorage Neighborhood Health Clinic"},
      {"Inc.", "Inc."},
  };
  for (const auto& [name, spoken] : cases) {
    EXPECT_EQ(SpokenName(name), spoken) << name;
  }
}

TEST(PhoneDigitsTest, TenDigitsOrNone) {
  const Table cases = {
      {"(907) 344-1717", "9073441717"},
      {"9075635900", "9075635900"},
      {"907-344-1717", "9073441717"},
      {"+1 907 344 1717", "9073441717"},
      {"907-344-1717 ext 12", "9073441717"},
      {"000-000-0000", ""},
      {"344-1717", ""},
      {"", ""},
      {"907-144-1717", ""},
  };
  for (const auto& [published, digits] : cases) {
    EXPECT_EQ(PhoneDigits(published), digits) << published;
  }
}

TEST(MilesTextTest, OneDecimal) {
  EXPECT_EQ(MilesText(1216.482), "0.8");
  EXPECT_EQ(MilesText(1609.344), "1.0");
  EXPECT_EQ(MilesText(40), "0.0");
  EXPECT_EQ(MilesText(40233.6), "25.0");
}

TEST(SsmlEscapeTest, EscapesMarkupAndDropsWhatXmlCannotCarry) {
  EXPECT_EQ(SsmlEscape("Tom & Jerry's <Rx> \"24\""),
            "Tom &amp; Jerry&apos;s &lt;Rx&gt; &quot;24&quot;");
  EXPECT_EQ(SsmlEscape("Caf\xc3\xa9 \xe2\x80\x94 ok"),
            "Caf\xc3\xa9 \xe2\x80\x94 ok");
  // Control characters, a stray continuation byte, a truncated sequence,
  // an overlong '/', a surrogate and U+FFFF.
  EXPECT_EQ(SsmlEscape("a\x01"
                       "b\x80"
                       "c\xc3"
                       "d\xc0\xaf"
                       "e\xed\xa0\x80"
                       "f\xef\xbf\xbf"
                       "g\tend"),
            "abcdefg\tend");
}

// The checker the answers are held to rejects what it should.
TEST(SsmlCheckTest, RejectsWhatIsNotAnAnswerDocument) {
  const std::string speak = SpeakOpen();
  EXPECT_TRUE(IsSsmlDocument(speak + "<p><s>Hi.</s></p></speak>"));
  EXPECT_FALSE(IsSsmlDocument(speak + "Tom & Jerry</speak>"));
  EXPECT_FALSE(IsSsmlDocument(speak + "<p>open</speak>"));
  EXPECT_FALSE(IsSsmlDocument(speak + "<b>x</b></speak>"));
  EXPECT_FALSE(
      IsSsmlDocument("<speak version=\"1.1\" xml:lang=\"en-US\">"
                     "x</speak>"));
  EXPECT_FALSE(IsSsmlDocument(
      "<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" "
      "xml:lang=\"en-US\">x</speak>"));
}

class HoursPhraseTest : public ::testing::Test {
 protected:
  HoursPhraseTest() {
    EXPECT_TRUE(absl::LoadTimeZone("America/Anchorage", &zone_));
    hours_.known = true;
    for (Weekday day : {Weekday::monday, Weekday::tuesday, Weekday::wednesday,
                        Weekday::thursday, Weekday::friday}) {
      hours_.weekly.push_back({day, 9 * 60, 21 * 60});
    }
    hours_.weekly.push_back({Weekday::saturday, 10 * 60, 18 * 60});
  }

  // 2026-11-18 is a Wednesday.
  absl::Time At(int day, int hour, int minute = 0) const {
    return absl::FromCivil(absl::CivilMinute(2026, 11, day, hour, minute),
                           zone_);
  }
  std::string Phrase(const OpeningHours& hours, absl::Time at,
                     absl::string_view zone_name = "") const {
    return HoursPhrase(hours, &zone_, at, zone_name);
  }

  absl::TimeZone zone_;
  OpeningHours hours_;  // Mon-Fri 9 AM-9 PM, Sat 10 AM-6 PM, Sun closed.
};

TEST_F(HoursPhraseTest, OpenUntilAndOpensAt) {
  EXPECT_EQ(Phrase(hours_, At(18, 12)), "open until 9 PM");
  EXPECT_EQ(Phrase(hours_, At(18, 6)), "opens at 9 AM");
  EXPECT_EQ(Phrase(hours_, At(18, 22)), "opens at 9 AM tomorrow");
  EXPECT_EQ(Phrase(hours_, At(20, 22)), "opens at 10 AM tomorrow");
  EXPECT_EQ(Phrase(hours_, At(21, 19)), "opens Monday at 9 AM");
  EXPECT_EQ(Phrase(hours_, At(18, 12), "Central time"),
            "open until 9 PM Central time");
  EXPECT_EQ(Phrase(hours_, At(18, 22), "Central time"),
            "opens at 9 AM Central time tomorrow");
}

TEST_F(HoursPhraseTest, MidnightNoonAndMinutes) {
  OpeningHours late;
  late.known = true;
  late.weekly = {{Weekday::wednesday, 12 * 60, 24 * 60},
                 {Weekday::friday, 8 * 60 + 30, 19 * 60},
                 {Weekday::friday, 19 * 60 + 30, 26 * 60}};
  EXPECT_EQ(Phrase(late, At(18, 9)), "opens at noon");
  EXPECT_EQ(Phrase(late, At(18, 13)), "open until midnight");
  EXPECT_EQ(Phrase(late, At(19, 9)), "opens at 8:30 AM tomorrow");
  EXPECT_EQ(Phrase(late, At(20, 19, 45)), "open until 2 AM tomorrow");
}

TEST_F(HoursPhraseTest, AroundTheClockUnknownAndClosures) {
  OpeningHours always;
  always.known = true;
  always.always_open = true;
  EXPECT_EQ(Phrase(always, At(18, 3)), "open 24 hours");
  EXPECT_EQ(Phrase(OpeningHours(), At(18, 12)),
            "hours not known, please call ahead");
  EXPECT_EQ(HoursPhrase(hours_, nullptr, At(18, 12), ""),
            "hours not known, please call ahead");
  OpeningHours closed = hours_;
  closed.closed_until = absl::CivilDay(2026, 11, 23);
  EXPECT_EQ(Phrase(closed, At(18, 12)),
            "temporarily closed, opens Monday at 9 AM");
  closed.closed_until = absl::CivilDay(2026, 12, 31);
  EXPECT_EQ(Phrase(closed, At(18, 12)), "temporarily closed");
}

TEST(SpokenZoneNameTest, NamesTheZone) {
  EXPECT_EQ(SpokenZoneName("AKST"), "Alaska time");
  EXPECT_EQ(SpokenZoneName("CDT"), "Central time");
  EXPECT_EQ(SpokenZoneName("HST"), "Hawaii time");
  EXPECT_EQ(SpokenZoneName("+10"), "local time");
}

// Two pharmacies near 99503: the nearest with a name that needs escaping
// and no phone, the other with one.
IvrAnswerFacts TwoFound() {
  IvrAnswerFacts f;
  f.outcome = IvrOutcome::kFound;
  f.keyed = "99503";
  f.zip = "99503";
  f.pharmacies = {
      {.name = "Tom & Jerry's <Rx>",
       .distance_meters = 40,
       .spoken_address = "3101 A Street, Anchorage",
       .written_address = "3101 A St, Anchorage",
       .hours = "hours not known, please call ahead"},
      {.name = "Walgreens",
       .distance_meters = 1216.482,
       .spoken_address = "725 East Northern Lights Boulevard, Anchorage",
       .written_address = "725 E Northern Lights Blvd, Anchorage",
       .hours = "open until 10 PM",
       .phone_digits = "9076448400"},
  };
  return f;
}

TEST(ComposeIvrAnswerTest, TwoPharmaciesInTextAndSsml) {
  const IvrAnswerSpeech speech = ComposeIvrAnswer(TwoFound());
  EXPECT_EQ(speech.whole.text,
            "For ZIP code 9 9 5 0 3, here are the 2 nearest pharmacies. "
            "Number 1: Tom & Jerry's <Rx>, less than a tenth of a mile away, "
            "at 3101 A Street, Anchorage. Hours not known, please call ahead. "
            "Number 2: Walgreens, 0.8 miles away, at 725 East Northern Lights "
            "Boulevard, Anchorage. Open until 10 PM. The phone number is "
            "9 0 7, 6 4 4, 8 4 0 0. Press 1 to hear these again, 2 to get "
            "them by text message, or 3 to search another ZIP code.");
  EXPECT_EQ(
      speech.whole.ssml,
      SpeakOpen() +
          "<p><s>For ZIP code 9 9 5 0 3, here are the 2 nearest "
          "pharmacies.</s></p>"
          "<p><s>Number 1: Tom &amp; Jerry&apos;s &lt;Rx&gt;, less than a "
          "tenth of a mile away, at 3101 A Street, Anchorage.</s>"
          "<s>Hours not known, please call ahead.</s></p>"
          "<p><s>Number 2: Walgreens, 0.8 miles away, at 725 East Northern "
          "Lights Boulevard, Anchorage.</s><s>Open until 10 PM.</s>"
          "<s>The phone number is <say-as interpret-as=\"telephone\">"
          "907-644-8400</say-as></s></p>"
          "<p><s>Press 1 to hear these again, 2 to get them by text message, "
          "or 3 to search another ZIP code.</s></p></speak>");
  ASSERT_EQ(speech.pharmacies.size(), 2);
  EXPECT_EQ(speech.pharmacies[1].text,
            "Number 2: Walgreens, 0.8 miles away, at 725 East Northern Lights "
            "Boulevard, Anchorage. Open until 10 PM. The phone number is "
            "9 0 7, 6 4 4, 8 4 0 0.");
  EXPECT_EQ(speech.intro.ssml,
            SpeakOpen() +
                "<p><s>For ZIP code 9 9 5 0 3, here are the 2 nearest "
                "pharmacies.</s></p></speak>");
  EXPECT_EQ(speech.menu.text,
            "Press 1 to hear these again, 2 to get them by text message, or "
            "3 to search another ZIP code.");
  EXPECT_THAT(speech.menu_actions,
              ElementsAre(IvrMenuAction::kRepeat, IvrMenuAction::kSendText,
                          IvrMenuAction::kNewZip));
  EXPECT_EQ(speech.sms,
            "Pharmacies near ZIP 99503:\n"
            "1. Tom & Jerry's <Rx>, 3101 A St, Anchorage, hours not known, "
            "please call ahead, 0.0 mi\n"
            "2. Walgreens, 725 E Northern Lights Blvd, Anchorage, "
            "907-644-8400, open until 10 PM, 0.8 mi");
  for (const Speech* s : {&speech.whole, &speech.intro, &speech.menu,
                          &speech.pharmacies[0], &speech.pharmacies[1]}) {
    EXPECT_TRUE(IsSsmlDocument(s->ssml));
  }
}

std::string IntroText(const IvrAnswerFacts& facts) {
  const IvrAnswerSpeech speech = ComposeIvrAnswer(facts);
  EXPECT_TRUE(IsSsmlDocument(speech.whole.ssml));
  return speech.intro.text;
}

TEST(ComposeIvrAnswerTest, ConditionsAndOnePharmacy) {
  IvrAnswerFacts f = TwoFound();
  f.pharmacies.resize(1);
  f.conditions = {.in_network = true, .open_now = true, .in_stock = true};
  EXPECT_EQ(IntroText(f),
            "For ZIP code 9 9 5 0 3, here is the nearest pharmacy in your "
            "plan's network, open now and with your medicine in stock.");
  EXPECT_EQ(ComposeIvrAnswer(f).menu.text,
            "Press 1 to hear this again, 2 to get it by text message, or 3 "
            "to search another ZIP code.");
  EXPECT_THAT(ComposeIvrAnswer(f).sms,
              HasSubstr("Pharmacies near ZIP 99503 (in network, open now, "
                        "medicine in stock):\n1. "));
}

TEST(ComposeIvrAnswerTest, WidenedAndPoBox) {
  IvrAnswerFacts f = TwoFound();
  f.outcome = IvrOutcome::kWidened;
  f.searched_radius_miles = 25;
  EXPECT_EQ(IntroText(f),
            "For ZIP code 9 9 5 0 3, the nearest pharmacies are farther than "
            "usual: within 25 miles. Here are the 2 nearest.");
  f.po_box = true;
  f.city = "ANCHORAGE";
  f.zip = "99509";
  EXPECT_EQ(IntroText(f),
            "ZIP code 9 9 5 0 9 is for post office boxes, so we searched from "
            "the center of Anchorage. The nearest pharmacies are farther than "
            "usual: within 25 miles. Here are the 2 nearest.");
  f.outcome = IvrOutcome::kFound;
  f.city.clear();
  EXPECT_EQ(IntroText(f),
            "ZIP code 9 9 5 0 9 is for post office boxes, so we searched from "
            "its post office area. Here are the 2 nearest pharmacies.");
}

// Nothing to read out: a helpful sentence and a menu without the text
// message.
TEST(ComposeIvrAnswerTest, NothingFoundOffersAnotherZip) {
  IvrAnswerFacts f;
  f.keyed = f.zip = "99999";
  f.outcome = IvrOutcome::kUnknownZip;
  const IvrAnswerSpeech unknown = ComposeIvrAnswer(f);
  EXPECT_EQ(unknown.whole.text,
            "We could not find ZIP code 9 9 9 9 9. Please check the five "
            "digits and try again. Press 1 to hear this again, or 3 to "
            "search another ZIP code.");
  EXPECT_THAT(unknown.menu_actions,
              ElementsAre(IvrMenuAction::kRepeat, IvrMenuAction::kNewZip));
  EXPECT_EQ(unknown.sms, "");
  EXPECT_TRUE(unknown.pharmacies.empty());

  f.outcome = IvrOutcome::kNoneNearby;
  f.searched_radius_miles = 100;
  f.conditions.open_now = true;
  EXPECT_EQ(IntroText(f),
            "For ZIP code 9 9 9 9 9, there are no pharmacies open now within "
            "100 miles. For help finding a pharmacy, please call the member "
            "services number on your insurance card.");
  // Pharmacies are never read out for an outcome that found none.
  f.pharmacies = TwoFound().pharmacies;
  EXPECT_THAT(ComposeIvrAnswer(f).whole.text, Not(HasSubstr("Number 1")));

  f = IvrAnswerFacts();
  f.keyed = f.zip = "09001";
  f.outcome = IvrOutcome::kMilitaryZip;
  EXPECT_EQ(IntroText(f),
            "ZIP code 0 9 0 0 1 is for military mail, so it does not tell us "
            "where you are. To find pharmacies near you, please enter the ZIP "
            "code of where you are now.");

  f = IvrAnswerFacts();
  f.outcome = IvrOutcome::kInvalidZip;
  f.keyed = "9950";
  EXPECT_EQ(IntroText(f),
            "We heard 9 9 5 0, which is not a ZIP code. A ZIP code has five "
            "digits.");
  f.keyed = "*#";
  EXPECT_EQ(IntroText(f),
            "We did not get a ZIP code. A ZIP code has five digits.");
}

// Five pharmacies with long names do not fit three SMS segments: the last
// ones are left to the call, and the message says so.
TEST(ComposeIvrAnswerTest, TextMessageFitsThreeSegments) {
  IvrAnswerFacts f = TwoFound();
  f.pharmacies.clear();
  for (int i = 0; i < 5; ++i) {
    f.pharmacies.push_back(
        {.name = "Alaska Native Medical Center Outpatient Pharmacy",
         .distance_meters = 1000.0 * (i + 1),
         .written_address = "4315 Diplomacy Dr, Suite 1203, Anchorage",
         .hours = "opens Monday at 9 AM",
         .phone_digits = "9077292100"});
  }
  const std::string sms = ComposeIvrAnswer(f).sms;
  EXPECT_LE(sms.size(), kMaxSmsChars);
  EXPECT_THAT(sms, HasSubstr("\n3. Alaska Native"));
  EXPECT_THAT(sms, Not(HasSubstr("\n4. ")));
  EXPECT_THAT(sms, testing::EndsWith("\n+2 more on the call"));

  // One pharmacy longer than a message on its own is cut.
  f.pharmacies.resize(1);
  f.pharmacies[0].name = std::string(600, 'x');
  const std::string cut = ComposeIvrAnswer(f).sms;
  EXPECT_EQ(cut.size(), kMaxSmsChars);
  EXPECT_THAT(cut, testing::EndsWith("..."));
}

}  // namespace
}  // namespace rxlocator
