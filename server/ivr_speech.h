// IVR speech: what the phone system says for LocateForIvr, as plain text for
// a TTS engine that takes text and as SSML 1.1 for one that takes markup,
// composed from plain facts (no lookups, no protos) so that every sentence
// can be checked by hand.
//
//   IvrAnswerFacts facts{.outcome = IvrOutcome::kFound, .zip = "99503"};
//   facts.pharmacies.push_back({.name = SpokenName("Walgreens Co. #13656"),
//                               .distance_meters = 1216.5, ...});
//   IvrAnswerSpeech speech = ComposeIvrAnswer(facts);
//   Play(speech.whole.ssml);  // one <speak> document
//
// The text reads numbers the way they are to be spoken: a ZIP code and a
// phone number digit by digit ("9 0 7, 3 4 4, 1 7 1 7"). The SSML says the
// same words, each paragraph a <p> and each sentence an <s>, with phone
// numbers as <say-as interpret-as="telephone">907-344-1717</say-as>; every
// SSML string is a whole well-formed document: data text is XML-escaped and
// anything XML cannot carry (control characters, invalid UTF-8) is dropped.
//
// Every function is pure and thread-safe.
#ifndef RXLOCATOR_SERVER_IVR_SPEECH_H_
#define RXLOCATOR_SERVER_IVR_SPEECH_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "index/opening_hours.h"
#include "index/pharmacy.h"

namespace rxlocator {

// The same words for both kinds of engine.
struct Speech {
  std::string text;
  std::string ssml;  // A whole <speak> document.
};

// A street address line as spoken: USPS abbreviations spelled out
// ("725 E NORTHERN LIGHTS BLVD" -> "725 East Northern Lights Boulevard").
// Rules:
// - A line with no lower-case letters is put in title case (words without
//   a vowel, such as "CVS", keep their capitals); ordinals are lower case
//   ("88TH" -> "88th").
// - Suffixes and unit designators are spelled out (Ave, Blvd, Ct, Dr, Hwy,
//   Ln, Pkwy, Rd, St, Ste, Apt, Bldg, ...); "#12" is "number 12"; the word
//   after a unit designator is its id and is kept ("Ste E" -> "Suite E").
// - "St" and "Dr" before a name are titles: "St Paul Ave" -> "Saint Paul
//   Avenue", "Dr Martin Luther King Jr Blvd" -> "Doctor Martin Luther King
//   Junior Boulevard"; before a suffix, directional, unit or nothing they
//   are the street ("Main St N" -> "Main Street North"). "Mt" and "Ft"
//   before a name are "Mount" and "Fort".
// - Directionals N, S, E, W, NE, NW, SE, SW are spelled out, except where
//   the letter is the street's name: "E St" -> "E Street", "Avenue N" ->
//   "Avenue N".
// - "MP 33.5" is "Milepost 33.5"; stray punctuation ("-") is dropped.
std::string SpokenStreet(absl::string_view line);

// The same line as written in a text message: title case as above, the
// abbreviations kept ("725 E Northern Lights Blvd").
std::string WrittenStreet(absl::string_view line);

// Line 1, line 2 when it is a unit ("Suite 102"; a repeated street or a PO
// box there is left out), and the city, spoken or written.
std::string SpokenAddress(const Address& address);
std::string WrittenAddress(const Address& address);

// A pharmacy's name as spoken: a trailing store number ("#13656", "Store
// #15654") and company suffix (Inc, Co, LLC, Corp, Ltd) dropped, title case
// for an all-capitals name, a leading "St", "Mt" or "Ft" spelled out:
// "CVS Pharmacy, Inc. #17436" -> "CVS Pharmacy", "CARRS PHARMACY #720" ->
// "Carrs Pharmacy".
std::string SpokenName(absl::string_view name);

// The 10 digits of a published US phone number ("(907) 344-1717",
// "+1 907 344 1717", "907-344-1717 ext 2"), or "" when it is not a
// plausible one (area code and exchange must not start with 0 or 1, so
// "000-000-0000" is none).
std::string PhoneDigits(absl::string_view published);

// Miles to one decimal: 1931.2 -> "1.2".
std::string MilesText(double meters);

// A time zone's abbreviation as people say it: "AKST" -> "Alaska time",
// "CDT" -> "Central time"; "local time" for a numeric one ("+10").
std::string SpokenZoneName(absl::string_view abbreviation);

// The pharmacy's hours at `at` in its own zone, as a phrase: "open until
// 9 PM", "open until 2 AM tomorrow", "opens at 8:30 AM", "opens at 8 AM
// tomorrow", "opens Monday at 9 AM", "open until midnight", "opens at
// noon", "open 24 hours", "temporarily closed, opens Monday at 9 AM",
// "hours not known, please call ahead" (unknown hours, or `zone` null).
// `zone_name`, when not empty, follows each time ("open until 9 PM Central
// time"): give it when the pharmacy's zone is not the caller's.
std::string HoursPhrase(const OpeningHours& hours, const absl::TimeZone* zone,
                        absl::Time at, absl::string_view zone_name);

enum class IvrOutcome {
  kFound,        // Pharmacies within the first radius.
  kWidened,      // Only within a wider radius.
  kNoneNearby,   // None within the widest.
  kUnknownZip,   // Well-formed, not known (or no location).
  kMilitaryZip,  // APO/FPO/DPO.
  kInvalidZip,   // Not a ZIP code as keyed.
};

// The keys of the closing menu. A key always means the same thing, so an
// IVR can map them once.
enum class IvrMenuAction : char {
  kRepeat = '1',
  kSendText = '2',
  kNewZip = '3',
};

// What the search was limited to, each spoken after "pharmacies".
struct IvrConditions {
  bool in_network = false;         // "in your plan's network"
  bool open_now = false;           // "open now"
  bool twenty_four_hours = false;  // "open 24 hours"
  bool in_stock = false;           // "with your medicine in stock"
};

struct IvrPharmacyFacts {
  std::string name;  // As spoken (SpokenName).
  double distance_meters = 0;
  std::string spoken_address;   // SpokenAddress.
  std::string written_address;  // WrittenAddress, for the text message.
  std::string hours;            // HoursPhrase.
  std::string phone_digits;     // PhoneDigits; empty: no phone is said.
};

struct IvrAnswerFacts {
  IvrOutcome outcome = IvrOutcome::kFound;
  // The ZIP code as keyed; an invalid one is read back by its digits.
  std::string keyed;
  // The five digits searched (all outcomes but kInvalidZip).
  std::string zip;
  // A PO-box ZIP code, searched from its centroid in `city` (may be empty).
  bool po_box = false;
  std::string city;
  IvrConditions conditions;
  // kWidened and kNoneNearby: the radius the search started at and the
  // one it ended at.
  int first_radius_miles = 5;
  int searched_radius_miles = 5;
  // Nearest first; empty unless kFound or kWidened.
  std::vector<IvrPharmacyFacts> pharmacies;
};

// At most this many characters in a text message: three 160-character
// SMS segments.
inline constexpr size_t kMaxSmsChars = 480;

struct IvrAnswerSpeech {
  Speech whole;  // intro, each pharmacy, menu.
  Speech intro;
  std::vector<Speech> pharmacies;  // One each, in order.
  Speech menu;
  std::vector<IvrMenuAction> menu_actions;  // In the order spoken.
  // Empty when there are no pharmacies; at most kMaxSmsChars, dropping
  // pharmacies from the end (and saying how many) to fit.
  std::string sms;
};

IvrAnswerSpeech ComposeIvrAnswer(const IvrAnswerFacts& facts);

// `text` with XML's special characters escaped for SSML, and what XML 1.0
// cannot carry at all (invalid UTF-8, control characters other than tab,
// newline and carriage return) dropped.
std::string SsmlEscape(absl::string_view text);

}  // namespace rxlocator

#endif  // RXLOCATOR_SERVER_IVR_SPEECH_H_
