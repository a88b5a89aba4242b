#include "server/ivr_speech.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "loaders/street_address.h"
#include "server/request_fields.h"

namespace rxlocator {
namespace {

constexpr char kSpeakOpen[] =
    "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" "
    "xml:lang=\"en-US\">";
constexpr char kSpeakClose[] = "</speak>";

// Appends the characters of `in` that XML 1.0 can carry: valid UTF-8
// without control characters other than tab, newline and carriage return,
// escaped for markup when `escape`.
void AppendXmlChars(absl::string_view in, bool escape, std::string* out) {
  size_t i = 0;
  while (i < in.size()) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      ++i;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        continue;
      }
      if (!escape) {
        out->push_back(static_cast<char>(c));
        continue;
      }
      switch (c) {
        case '&':
          out->append("&amp;");
          break;
        case '<':
          out->append("&lt;");
          break;
        case '>':
          out->append("&gt;");
          break;
        case '"':
          out->append("&quot;");
          break;
        case '\'':
          out->append("&apos;");
          break;
        default:
          out->push_back(static_cast<char>(c));
      }
      continue;
    }
    // A multi-byte sequence: its length from the lead byte, then continuation
    // bytes, no overlong form, no surrogate, nothing past U+10FFFF and not
    // the non-characters U+FFFE and U+FFFF.
    size_t length;
    uint32_t min;
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
    } else {
      ++i;
      continue;
    }
    bool valid = i + length <= in.size();
    uint32_t code = c & (0x7F >> length);
    for (size_t k = 1; valid && k < length; ++k) {
      const unsigned char b = static_cast<unsigned char>(in[i + k]);
      valid = (b & 0xC0) == 0x80;
      code = (code << 6) | (b & 0x3F);
    }
    if (!valid || code < min || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE ||
        code == 0xFFFF) {
      ++i;
      continue;
    }
    out->append(in.data() + i, length);
    i += length;
  }
}

// `text` without what XML (and so protobuf strings) cannot carry.
std::string Clean(absl::string_view text) {
  std::string out;
  AppendXmlChars(text, /*escape=*/false, &out);
  return out;
}

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = absl::ascii_toupper(static_cast<unsigned char>(s[0]));
  return s;
}

// "99503" -> "9 9 5 0 3": digits read one by one by any engine.
std::string SpacedDigits(absl::string_view digits) {
  return absl::StrJoin(digits.begin(), digits.end(), " ",
                       [](std::string* out, char c) { out->push_back(c); });
}

// "a", "a and b", "a, b and c".
std::string JoinAnd(const std::vector<std::string>& items) {
  if (items.size() <= 1) return items.empty() ? "" : items[0];
  return absl::StrCat(absl::StrJoin(items.begin(), items.end() - 1, ", "),
                      " and ", items.back());
}

// ---------------------------------------------------------------------------
// Words and sentences.

// Some words of a sentence, as text and as SSML.
struct Words {
  std::string text;
  std::string ssml;
  bool markup = false;  // The SSML ends in an element.
};

Words Plain(absl::string_view words) {
  return {Clean(words), SsmlEscape(words), false};
}

// A 10-digit phone number: "9 0 7, 3 4 4, 1 7 1 7" in text, which every
// engine reads digit by digit with pauses, and say-as telephone in SSML.
Words Telephone(absl::string_view d) {
  return {absl::StrCat(SpacedDigits(d.substr(0, 3)), ", ",
                       SpacedDigits(d.substr(3, 3)), ", ",
                       SpacedDigits(d.substr(6))),
          absl::StrCat("<say-as interpret-as=\"telephone\">", d.substr(0, 3),
                       "-", d.substr(3, 3), "-", d.substr(6), "</say-as>"),
          true};
}

// One paragraph of sentences. A sentence ends with a period in the text;
// in SSML its <s> element ends it, and a period is added only after words
// (engines such as eSpeak read a period after a <say-as> as "dot").
class Paragraph {
 public:
  Paragraph& Say(std::initializer_list<Words> words) {
    std::string text, ssml;
    bool markup = false;
    for (const Words& w : words) {
      text += w.text;
      ssml += w.ssml;
      markup = w.markup;
    }
    const bool ended = !text.empty() && absl::StrContains(".?!", text.back());
    if (!text_.empty()) text_ += ' ';
    absl::StrAppend(&text_, text, ended ? "" : ".");
    absl::StrAppend(&ssml_, "<s>", ssml, ended || markup ? "" : ".", "</s>");
    return *this;
  }
  Paragraph& Say(absl::string_view plain) { return Say({Plain(plain)}); }

  const std::string& text() const { return text_; }
  std::string ssml() const { return absl::StrCat("<p>", ssml_, "</p>"); }

 private:
  std::string text_;
  std::string ssml_;
};

Speech Document(const std::vector<const Paragraph*>& paragraphs) {
  Speech speech;
  speech.ssml = kSpeakOpen;
  for (const Paragraph* p : paragraphs) {
    if (p->text().empty()) continue;
    if (!speech.text.empty()) speech.text += ' ';
    speech.text += p->text();
    speech.ssml += p->ssml();
  }
  speech.ssml += kSpeakClose;
  return speech;
}

// ---------------------------------------------------------------------------
// Addresses and names.

bool HasLowerCase(absl::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return absl::ascii_islower(c); });
}

// A word as it is looked up: upper case, without trailing periods.
std::string Key(absl::string_view word) {
  while (!word.empty() && word.back() == '.') word.remove_suffix(1);
  return absl::AsciiStrToUpper(word);
}

// "AVENUE" -> "Avenue".
std::string TitleCase(absl::string_view upper) {
  std::string out = absl::AsciiStrToLower(upper);
  return Capitalized(std::move(out));
}

// A word of a line as published, put right: title case in an all-capitals
// line (for words of letters with a vowel: "NORTHERN" -> "Northern", but
// "CVS" stays), and lower-case ordinals ("88TH" -> "88th").
std::string CaseFix(absl::string_view word, bool all_caps) {
  std::string out(word);
  const size_t digits = out.find_first_not_of("0123456789");
  if (digits != 0) {
    if (digits != std::string::npos) {
      const std::string rest = absl::AsciiStrToUpper(out.substr(digits));
      if (rest == "ST" || rest == "ND" || rest == "RD" || rest == "TH") {
        out = absl::AsciiStrToLower(out);
      }
    }
    return out;
  }
  if (!all_caps) return out;
  int letters = 0;
  bool vowel = false;
  for (const char c : out) {
    if (absl::ascii_isalpha(c)) {
      ++letters;
      vowel |= absl::StrContains("AEIOUY", absl::ascii_toupper(c));
    } else if (c != '\'' && c != '-' && c != '.') {
      return out;
    }
  }
  if (letters < 2 || !vowel) return out;
  // Capitals after a hyphen, and after a one-letter prefix and an
  // apostrophe: "SMITH-JONES" -> "Smith-Jones", "O'NEIL" -> "O'Neil", but
  // "MARY'S" -> "Mary's".
  for (size_t i = 0; i < out.size(); ++i) {
    const bool starts =
        i == 0 || out[i - 1] == '-' || (i == 2 && out[1] == '\'');
    out[i] = starts ? absl::ascii_toupper(out[i]) : absl::ascii_tolower(out[i]);
  }
  return out;
}

// The words of StreetWords(), by both spellings, plus "UNIT".
const absl::flat_hash_map<std::string, const StreetWord*>& StreetWordIndex() {
  static const auto* const kIndex = [] {
    static constexpr StreetWord kUnit = {"UNIT", "UNIT",
                                         StreetWord::Kind::kUnit};
    auto* index = new absl::flat_hash_map<std::string, const StreetWord*>;
    for (const StreetWord& w : StreetWords()) {
      index->emplace(w.word, &w);
      index->emplace(w.abbreviation, &w);
    }
    index->emplace(kUnit.word, &kUnit);
    return index;
  }();
  return *kIndex;
}

struct Token {
  std::string word;
  bool comma = false;  // A comma follows it.
  enum class Class { kNumber, kSuffix, kDirectional, kUnit, kHash, kName };
  Class cls = Class::kName;
  const StreetWord* street_word = nullptr;
};
using Class = Token::Class;

// Words split at spaces and commas; a word without letters or digits ("-")
// is dropped, and a comma at the end too.
std::vector<Token> Tokenize(absl::string_view line) {
  std::vector<Token> tokens;
  std::string word;
  const auto flush = [&](bool comma) {
    if (std::any_of(word.begin(), word.end(), [](char c) {
          return absl::ascii_isalnum(c) || c == '#' || !absl::ascii_isascii(c);
        })) {
      tokens.push_back({.word = word});
    }
    if (comma && !tokens.empty()) tokens.back().comma = true;
    word.clear();
  };
  for (const char c : line) {
    if (c == ',') {
      flush(true);
    } else if (absl::ascii_isspace(c)) {
      flush(false);
    } else {
      word += c;
    }
  }
  flush(false);
  if (!tokens.empty()) tokens.back().comma = false;
  for (Token& t : tokens) {
    if (t.word[0] == '#') {
      t.cls = Class::kHash;
    } else if (absl::ascii_isdigit(t.word[0])) {
      t.cls = Class::kNumber;
    } else if (const auto it = StreetWordIndex().find(Key(t.word));
               it != StreetWordIndex().end()) {
      t.street_word = it->second;
      switch (it->second->kind) {
        case StreetWord::Kind::kSuffix:
          t.cls = Class::kSuffix;
          break;
        case StreetWord::Kind::kDirectional:
          t.cls = Class::kDirectional;
          break;
        case StreetWord::Kind::kUnit:
          t.cls = Class::kUnit;
          break;
      }
    }
  }
  return tokens;
}

// A title before a name ("St Paul", "Dr Martin Luther King", "Mt View"):
// its spelled-out form, or "" when `key` is not one.
absl::string_view TitleWord(absl::string_view key) {
  if (key == "ST") return "Saint";
  if (key == "DR") return "Doctor";
  if (key == "MT") return "Mount";
  if (key == "FT") return "Fort";
  return "";
}

std::string Street(absl::string_view line, bool spoken) {
  const std::vector<Token> tokens = Tokenize(line);
  const bool all_caps = !HasLowerCase(line);
  const size_t n = tokens.size();
  // The street name: after the house number, before a unit.
  size_t begin = 0;
  while (begin < n && tokens[begin].cls == Class::kNumber) ++begin;
  size_t end = begin;
  while (end < n && tokens[end].cls != Class::kUnit &&
         tokens[end].cls != Class::kHash) {
    ++end;
  }
  // Whether a directional letter at i is the street's name: "E St", "E St
  // NW" or "Avenue N" (but "W Hwy 50" is West Highway 50).
  const auto letter_name = [&](size_t i) {
    if (i == begin && i + 1 < end && tokens[i + 1].cls == Class::kSuffix) {
      return i + 2 == end || tokens[i + 2].cls == Class::kDirectional;
    }
    return i == begin + 1 && i + 1 == end &&
           tokens[begin].cls == Class::kSuffix;
  };
  // Whether the word after i is a name, in the street and not past a comma.
  const auto before_name = [&](size_t i) {
    return i + 1 < end && !tokens[i].comma && tokens[i + 1].cls == Class::kName;
  };

  std::string out;
  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    const std::string key = Key(t.word);
    std::string word;
    if (i > 0 && tokens[i - 1].cls == Class::kUnit && t.cls != Class::kHash &&
        t.cls != Class::kUnit) {
      word = t.word;  // A unit's id: "Suite E", "Bldg B".
    } else if (!spoken) {
      // Abbreviations in title case too ("BLVD" -> "Blvd"), but not
      // directionals ("NW").
      word = all_caps && (t.cls == Class::kSuffix || t.cls == Class::kUnit)
                 ? TitleCase(t.word)
                 : CaseFix(t.word, all_caps);
    } else {
      switch (t.cls) {
        case Class::kHash:
          word = t.word.size() == 1 ? "number"
                                    : absl::StrCat("number ", t.word.substr(1));
          break;
        case Class::kDirectional:
          word = letter_name(i) ? CaseFix(t.word, all_caps)
                                : TitleCase(t.street_word->word);
          break;
        case Class::kSuffix:  // "St" and "Dr" may be titles: see TitleWord.
        case Class::kUnit:
          word = (key == "ST" || key == "DR") && before_name(i)
                     ? std::string(TitleWord(key))
                     : TitleCase(t.street_word->word);
          break;
        case Class::kName:
          if (key == "JR") {
            word = "Junior";
          } else if (key == "MP" && i == 0) {
            word = "Milepost";
          } else if (!TitleWord(key).empty() && before_name(i)) {
            word = std::string(TitleWord(key));
          } else {
            word = CaseFix(t.word, all_caps);
          }
          break;
        case Class::kNumber:
          word = CaseFix(t.word, all_caps);
          break;
      }
    }
    if (!out.empty()) out += ' ';
    absl::StrAppend(&out, word, t.comma ? "," : "");
  }
  return Clean(out);
}

// Line 2 when it names a unit ("Suite 102", "#A500"); not when it repeats
// the street or gives a PO box.
bool IsUnitLine(absl::string_view line) {
  const std::vector<Token> tokens = Tokenize(line);
  return !tokens.empty() &&
         (tokens[0].cls == Class::kUnit || tokens[0].cls == Class::kHash);
}

std::string City(absl::string_view city) {
  const bool all_caps = !HasLowerCase(city);
  std::vector<std::string> words;
  for (absl::string_view w : absl::StrSplit(city, ' ', absl::SkipEmpty())) {
    words.push_back(CaseFix(w, all_caps));
  }
  return Clean(absl::StrJoin(words, " "));
}

std::string FullAddress(const Address& a, bool spoken) {
  std::vector<std::string> parts;
  for (std::string part :
       {Street(a.line1, spoken),
        IsUnitLine(a.line2) ? Street(a.line2, spoken) : "", City(a.city)}) {
    if (!part.empty()) parts.push_back(std::move(part));
  }
  return absl::StrJoin(parts, ", ");
}

// ---------------------------------------------------------------------------
// Hours.

constexpr const char* kWeekdays[] = {"Monday",   "Tuesday", "Wednesday",
                                     "Thursday", "Friday",  "Saturday",
                                     "Sunday"};

// "9 PM", "8:30 AM", "noon", "midnight".
std::string TimeText(absl::CivilMinute t) {
  if (t.minute() == 0 && t.hour() == 0) return "midnight";
  if (t.minute() == 0 && t.hour() == 12) return "noon";
  const int hour = t.hour() % 12 == 0 ? 12 : t.hour() % 12;
  return absl::StrCat(
      hour,
      t.minute() == 0
          ? ""
          : absl::StrCat(":", absl::Dec(t.minute(), absl::kZeroPad2)),
      t.hour() < 12 ? " AM" : " PM");
}

// When a change happens, seen from `today`: "9 PM" / "at 8 AM" (today),
// "2 AM tomorrow" / "at 8 AM tomorrow", "Monday at 9 AM". Midnight ends the
// day before it: closing at 00:00 tonight is "until midnight".
std::string When(const HoursChange& change, absl::CivilDay today,
                 absl::string_view zone_name, bool opening) {
  absl::CivilDay day(change.local);
  if (change.local.hour() == 0 && change.local.minute() == 0) day -= 1;
  std::string time = TimeText(change.local);
  if (!zone_name.empty()) absl::StrAppend(&time, " ", zone_name);
  const absl::string_view at = opening ? "at " : "";
  if (day <= today) return absl::StrCat(at, time);
  if (day == today + 1) return absl::StrCat(at, time, " tomorrow");
  return absl::StrCat(day - today >= 7 ? "next " : "",
                      kWeekdays[static_cast<int>(absl::GetWeekday(day))],
                      " at ", time);
}

// ---------------------------------------------------------------------------
// The answer.

std::vector<std::string> ConditionPhrases(const IvrConditions& c, bool spoken) {
  std::vector<std::string> phrases;
  if (c.in_network) {
    phrases.push_back(spoken ? "in your plan's network" : "in network");
  }
  if (c.open_now) phrases.push_back("open now");
  if (c.twenty_four_hours) phrases.push_back("open 24 hours");
  if (c.in_stock) {
    phrases.push_back(spoken ? "with your medicine in stock"
                             : "medicine in stock");
  }
  return phrases;
}

std::string DistancePhrase(double meters) {
  const std::string miles = MilesText(meters);
  if (miles == "0.0") return "less than a tenth of a mile away";
  return absl::StrCat(miles, " miles away");
}

Paragraph Intro(const IvrAnswerFacts& f) {
  Paragraph p;
  const std::string zip = SpacedDigits(f.zip);
  const std::string conditions = JoinAnd(ConditionPhrases(f.conditions, true));
  const std::string with = conditions.empty() ? "" : " " + conditions;
  const size_t n = f.pharmacies.size();
  std::string lead = absl::StrCat("For ZIP code ", zip, ", ");
  const bool searched = f.outcome == IvrOutcome::kFound ||
                        f.outcome == IvrOutcome::kWidened ||
                        f.outcome == IvrOutcome::kNoneNearby;
  if (f.po_box && searched) {
    p.Say(absl::StrCat(
        "ZIP code ", zip, " is for post office boxes, so we searched from ",
        f.city.empty() ? "its post office area"
                       : absl::StrCat("the center of ", City(f.city))));
    lead.clear();
  }
  switch (f.outcome) {
    case IvrOutcome::kFound:
      p.Say(Capitalized(
          n == 1 ? absl::StrCat(lead, "here is the nearest pharmacy", with)
                 : absl::StrCat(lead, "here are the ", n, " nearest pharmacies",
                                with)));
      break;
    case IvrOutcome::kWidened:
      p.Say(Capitalized(absl::StrCat(lead, "the nearest pharmacies", with,
                                     " are farther than usual: within ",
                                     f.searched_radius_miles, " miles")));
      p.Say(n == 1 ? "Here is the nearest"
                   : absl::StrCat("Here are the ", n, " nearest"));
      break;
    case IvrOutcome::kNoneNearby:
      p.Say(Capitalized(absl::StrCat(lead, "there are no pharmacies", with,
                                     " within ", f.searched_radius_miles,
                                     " miles")));
      p.Say(
          "For help finding a pharmacy, please call the member services "
          "number on your insurance card");
      break;
    case IvrOutcome::kUnknownZip:
      p.Say(absl::StrCat("We could not find ZIP code ", zip));
      p.Say("Please check the five digits and try again");
      break;
    case IvrOutcome::kMilitaryZip:
      p.Say(absl::StrCat("ZIP code ", zip,
                         " is for military mail, so it does not tell us "
                         "where you are"));
      p.Say(
          "To find pharmacies near you, please enter the ZIP code of where "
          "you are now");
      break;
    case IvrOutcome::kInvalidZip: {
      std::string digits;
      for (const char c : f.keyed) {
        if (absl::ascii_isdigit(c) && digits.size() < 12) digits += c;
      }
      p.Say(digits.empty() ? "We did not get a ZIP code"
                           : absl::StrCat("We heard ", SpacedDigits(digits),
                                          ", which is not a ZIP code"));
      p.Say("A ZIP code has five digits");
      break;
    }
  }
  return p;
}

Paragraph PharmacyParagraph(const IvrPharmacyFacts& f, size_t number) {
  Paragraph p;
  std::string first =
      absl::StrCat("Number ", number, ": ",
                   f.name.empty() ? "a pharmacy with no name on file" : f.name,
                   ", ", DistancePhrase(f.distance_meters));
  if (!f.spoken_address.empty()) {
    absl::StrAppend(&first, ", at ", f.spoken_address);
  }
  p.Say(first);
  if (!f.hours.empty()) p.Say(Capitalized(f.hours));
  if (f.phone_digits.size() == 10) {
    p.Say({Plain("The phone number is "), Telephone(f.phone_digits)});
  }
  return p;
}

// The text message: a header, a numbered line per pharmacy, cut to
// kMaxSmsChars by dropping pharmacies from the end.
std::string SmsBody(const IvrAnswerFacts& f) {
  const std::vector<std::string> conditions =
      ConditionPhrases(f.conditions, false);
  const std::string header = absl::StrCat(
      "Pharmacies near ZIP ", f.zip,
      conditions.empty()
          ? ""
          : absl::StrCat(" (", absl::StrJoin(conditions, ", "), ")"),
      ":");
  std::vector<std::string> lines;
  for (size_t i = 0; i < f.pharmacies.size(); ++i) {
    const IvrPharmacyFacts& p = f.pharmacies[i];
    std::string line = absl::StrCat(i + 1, ". ", p.name);
    if (!p.written_address.empty())
      absl::StrAppend(&line, ", ", p.written_address);
    if (p.phone_digits.size() == 10) {
      absl::StrAppend(&line, ", ", p.phone_digits.substr(0, 3), "-",
                      p.phone_digits.substr(3, 3), "-",
                      p.phone_digits.substr(6));
    }
    if (!p.hours.empty()) absl::StrAppend(&line, ", ", p.hours);
    absl::StrAppend(&line, ", ", MilesText(p.distance_meters), " mi");
    lines.push_back(Clean(line));
  }
  const auto body = [&](size_t kept) {
    std::string text = header;
    for (size_t i = 0; i < kept; ++i) absl::StrAppend(&text, "\n", lines[i]);
    if (kept < lines.size()) {
      absl::StrAppend(&text, "\n+", lines.size() - kept, " more on the call");
    }
    return text;
  };
  size_t kept = lines.size();
  while (kept > 1 && body(kept).size() > kMaxSmsChars) --kept;
  std::string text = body(kept);
  if (text.size() > kMaxSmsChars) {
    // One pharmacy longer than a message: cut it, at a character boundary.
    size_t cut = kMaxSmsChars - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text = absl::StrCat(text.substr(0, cut), "...");
  }
  return text;
}

}  // namespace

std::string SsmlEscape(absl::string_view text) {
  std::string out;
  AppendXmlChars(text, /*escape=*/true, &out);
  return out;
}

std::string SpokenStreet(absl::string_view line) {
  return Street(line, /*spoken=*/true);
}

std::string WrittenStreet(absl::string_view line) {
  return Street(line, /*spoken=*/false);
}

std::string SpokenAddress(const Address& address) {
  return FullAddress(address, /*spoken=*/true);
}

std::string WrittenAddress(const Address& address) {
  return FullAddress(address, /*spoken=*/false);
}

std::string SpokenName(absl::string_view name) {
  std::vector<std::string> words =
      absl::StrSplit(name, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  // A trailing store number and company suffix.
  while (!words.empty()) {
    const std::string key = Key(absl::StripSuffix(words.back(), ","));
    if (words.back()[0] == '#' || key == "INC" || key == "CO" || key == "LLC" ||
        key == "CORP" || key == "LTD" || key == "PLLC" || key == "STORE") {
      words.pop_back();
    } else {
      break;
    }
  }
  if (!words.empty()) {
    std::string& last = words.back();
    last.erase(last.find_last_not_of(",;-") + 1);
    if (last.empty()) words.pop_back();
  }
  if (words.empty()) return Clean(name);
  const bool all_caps = !HasLowerCase(name);
  for (size_t i = 0; i < words.size(); ++i) {
    const absl::string_view title = TitleWord(Key(words[i]));
    // Only a leading title: "Main St Pharmacy" is on a street.
    if (i == 0 && !title.empty() && words.size() > 1) {
      words[i] = std::string(title);
    } else {
      words[i] = CaseFix(words[i], all_caps);
    }
  }
  return Clean(absl::StrJoin(words, " "));
}

std::string PhoneDigits(absl::string_view published) {
  std::string digits;
  for (const char c : published) {
    if (absl::ascii_isalpha(c)) break;  // "ext 2", "x2"
    if (absl::ascii_isdigit(c)) digits += c;
  }
  if (digits.size() == 11 && digits[0] == '1') digits.erase(0, 1);
  if (digits.size() != 10 || digits[0] < '2' || digits[3] < '2') return "";
  return digits;
}

std::string MilesText(double meters) {
  return absl::StrFormat("%.1f", meters / kMetersPerMile);
}

std::string SpokenZoneName(absl::string_view abbreviation) {
  static constexpr std::pair<absl::string_view, absl::string_view> kNames[] = {
      {"EST", "Eastern time"},   {"EDT", "Eastern time"},
      {"CST", "Central time"},   {"CDT", "Central time"},
      {"MST", "Mountain time"},  {"MDT", "Mountain time"},
      {"PST", "Pacific time"},   {"PDT", "Pacific time"},
      {"AKST", "Alaska time"},   {"AKDT", "Alaska time"},
      {"HST", "Hawaii time"},    {"HDT", "Hawaii time"},
      {"AST", "Atlantic time"},  {"ADT", "Atlantic time"},
      {"ChST", "Chamorro time"}, {"SST", "Samoa time"}};
  for (const auto& [abbr, name] : kNames) {
    if (abbr == abbreviation) return std::string(name);
  }
  if (abbreviation.empty() || !absl::ascii_isalpha(abbreviation[0])) {
    return "local time";
  }
  return std::string(abbreviation);
}

std::string HoursPhrase(const OpeningHours& hours, const absl::TimeZone* zone,
                        absl::Time at, absl::string_view zone_name) {
  if (!hours.known || zone == nullptr) {
    return "hours not known, please call ahead";
  }
  if (hours.permanently_closed) return "closed permanently";
  const HoursAnswer answer = Evaluate(hours, at, *zone);
  const absl::CivilDay today(zone->At(at).cs);
  if (answer.state == OpenState::kOpen) {
    if (!answer.change) return "open 24 hours";
    return absl::StrCat("open until ",
                        When(*answer.change, today, zone_name, false));
  }
  const bool temporarily = hours.closed_until && today < *hours.closed_until;
  const absl::string_view closed = temporarily ? "temporarily closed" : "";
  if (!answer.change) {
    return temporarily ? std::string(closed)
                       : "closed all week, please call ahead";
  }
  return absl::StrCat(closed, temporarily ? ", " : "", "opens ",
                      When(*answer.change, today, zone_name, true));
}

IvrAnswerSpeech ComposeIvrAnswer(const IvrAnswerFacts& facts) {
  IvrAnswerSpeech speech;
  const Paragraph intro = Intro(facts);
  std::vector<Paragraph> pharmacies;
  const bool found = facts.outcome == IvrOutcome::kFound ||
                     facts.outcome == IvrOutcome::kWidened;
  if (found) {
    for (size_t i = 0; i < facts.pharmacies.size(); ++i) {
      pharmacies.push_back(PharmacyParagraph(facts.pharmacies[i], i + 1));
    }
  }
  Paragraph menu;
  if (!pharmacies.empty()) {
    menu.Say(pharmacies.size() == 1
                 ? "Press 1 to hear this again, 2 to get it by text message, "
                   "or 3 to search another ZIP code"
                 : "Press 1 to hear these again, 2 to get them by text "
                   "message, or 3 to search another ZIP code");
    speech.menu_actions = {IvrMenuAction::kRepeat, IvrMenuAction::kSendText,
                           IvrMenuAction::kNewZip};
    speech.sms = SmsBody(facts);
  } else {
    menu.Say("Press 1 to hear this again, or 3 to search another ZIP code");
    speech.menu_actions = {IvrMenuAction::kRepeat, IvrMenuAction::kNewZip};
  }

  std::vector<const Paragraph*> whole = {&intro};
  for (const Paragraph& p : pharmacies) {
    speech.pharmacies.push_back(Document({&p}));
    whole.push_back(&p);
  }
  whole.push_back(&menu);
  speech.whole = Document(whole);
  speech.intro = Document({&intro});
  speech.menu = Document({&menu});
  return speech;
}

}  // namespace rxlocator
