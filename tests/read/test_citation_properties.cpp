// Properties of the citation parser (include/citegraph/read/citation_parser.hpp) that hold for any
// input, checked on generated and damaged inputs rather than on golden fields (those are
// test_citation_parser.cpp's):
//  - parse_citation and read_citation never throw, on any bytes;
//  - from valid UTF-8 they return only valid UTF-8 (no field cut inside a character);
//  - a year, when set, is in [1500, 2100];
//  - journal_key is idempotent, and folds the spellings of one journal to one key.
// The inputs: 20,000 strings of 0..300 bytes from a fixed seed -- random bytes, random
// "citation-like" text, and real reference texts of tests/data/citations/*.tsv with bytes
// flipped, '(' ')' ';' ':' '.' and digits inserted, pieces deleted or spliced -- plus every
// prefix (a cut at every byte offset) of 50 real texts. tests/fuzz/fuzz_citation.cpp checks the
// same properties under libFuzzer.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/graph/record.hpp"
#include "citegraph/read/citation_parser.hpp"
#include "read/text_check.hpp"
#include "tests/read/citation_rows.hpp"

namespace {

using citegraph::io::journal_key;
using citegraph::io::ParsedCitation;

std::vector<std::string> real_texts() {
  std::vector<std::string> texts;
  for (auto& row : citegraph::test::citation_rows()) texts.push_back(row.at("text"));
  return texts;
}

// Well-formed UTF-8 without NUL: the readers' own check (read/text_check.hpp), strict (RFC 3629).
bool valid_utf8(std::string_view s) {
  return citegraph::io::find_bad_text_byte(s) == std::string_view::npos;
}

std::string escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '\\') {
      out += c;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", u);
      out += hex;
    }
  }
  return out;
}

// Runs both entry points on `text`; the first broken property, or "" when all hold.
std::string violation(std::string_view text) {
  const bool utf8 = valid_utf8(text);
  std::string what;
  auto field = [&](const char* name, std::string_view value) {
    if (what.empty() && utf8 && !valid_utf8(value)) {
      what = std::string("invalid UTF-8 in ") + name + ": \"" + escaped(value) + "\"";
    }
  };
  auto year = [&](const std::optional<int>& y) {
    if (what.empty() && y && (*y < 1500 || *y > 2100)) what = "year " + std::to_string(*y);
  };
  try {
    const ParsedCitation p = citegraph::io::parse_citation(text);
    for (const auto& author : p.authors) {
      field("surname", author.surname);
      field("initials", author.initials);
    }
    field("title", p.title);
    field("container", p.container);
    field("volume", p.volume);
    field("issue", p.issue);
    field("first_page", p.first_page);
    field("last_page", p.last_page);
    field("doi", p.doi);
    field("pmcid", p.pmcid);
    field("url", p.url);
    year(p.year);
    citegraph::Reference reference;
    citegraph::io::read_citation(text, reference);
    field("Reference::citation", reference.citation);
    field("Reference::journal", reference.journal);
    field("Reference::volume", reference.volume);
    field("Reference::issue", reference.issue);
    field("Reference::pages", reference.pages);
    field("Reference::title", reference.title);
    field("Reference::first_author", reference.first_author);
    field("Reference::ids.doi", reference.ids.doi);
    field("Reference::ids.pmcid", reference.ids.pmcid);
    year(reference.year);
  } catch (const std::exception& error) {
    what = std::string("exception: ") + error.what();
  } catch (...) {
    what = "unknown exception";
  }
  return what;
}

// Generated inputs, 0..300 bytes each, from a fixed seed.
class Inputs {
 public:
  explicit Inputs(std::vector<std::string> real) : real_(std::move(real)) {}

  std::string next() {
    std::string s;
    switch (below(8)) {
      case 0:  // random bytes
        s.resize(below(301));
        for (char& c : s) c = static_cast<char>(below(256));
        break;
      case 1:  // citation-like tokens: words, initials, numbers, punctuation, UTF-8
        while (s.size() < below(301)) s += token();
        break;
      default:  // a real text, damaged
        s = real_[below(real_.size())];
        for (std::uint64_t k = 1 + below(4); k > 0; --k) mutate(s);
        break;
    }
    if (s.size() > 300) s.resize(below(301));
    return s;
  }

 private:
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_() % n; }

  std::string token() {
    static const char* const kTokens[] = {"Smith J",
                                          "et al.",
                                          "(2001)",
                                          "2019;",
                                          "12(3):",
                                          "106-14",
                                          "J Bone Joint Surg Am",
                                          ". ",
                                          ", ",
                                          "; ",
                                          ": ",
                                          "(",
                                          ")",
                                          "[",
                                          "]",
                                          "In: ",
                                          "eds. ",
                                          "doi:",
                                          "10.1000/x",
                                          "PMID: ",
                                          "PMC12345",
                                          "https://",
                                          "www.",
                                          "Suppl",
                                          "Pt",
                                          "pp. ",
                                          "p. ",
                                          "Accessed ",
                                          "Jan",
                                          "The ",
                                          "&",
                                          "Müller",
                                          "–",
                                          "—",
                                          "\xC2\xA0",
                                          "“",
                                          "”",
                                          "\xE2\x80\x8B",
                                          "\xEF\xBB\xBF",
                                          "é",
                                          "漢字",
                                          "\xF0\x9F\x98\x80",
                                          "1500",
                                          "2100",
                                          "1499",
                                          "2101",
                                          "0000",
                                          "99999",
                                          "e1234",
                                          "S12",
                                          "'",
                                          "\"",
                                          "-",
                                          " ",
                                          "A.",
                                          "B.C.",
                                          "van der",
                                          "de",
                                          "[Internet]",
                                          "Epub ",
                                          "[cited 2020 Jan 5]",
                                          "\t",
                                          "\n"};
    constexpr std::size_t kCount = sizeof kTokens / sizeof kTokens[0];
    return kTokens[below(kCount)];
  }

  void mutate(std::string& s) {
    static constexpr std::string_view kInserted = "();:.0123456789";
    const std::size_t at = below(s.size() + 1);
    switch (below(6)) {
      case 0:  // flip a bit
        if (!s.empty()) {
          char& c = s[below(s.size())];
          c = static_cast<char>(c ^ (1 << below(8)));
        }
        break;
      case 1:  // insert '(' ')' ';' ':' '.' or a digit, a few times
        for (std::uint64_t k = 1 + below(3); k > 0; --k) {
          s.insert(below(s.size() + 1), 1, kInserted[below(kInserted.size())]);
        }
        break;
      case 2:  // delete a piece
        s.erase(at, below(20));
        break;
      case 3:  // cut
        s.resize(at);
        break;
      case 4:  // splice another real text in
        s.insert(at, real_[below(real_.size())].substr(0, below(120)));
        break;
      default:  // a random byte anywhere
        s.insert(at, 1, static_cast<char>(below(256)));
        break;
    }
  }

  std::vector<std::string> real_;
  std::mt19937_64 rng_{20260619};
};

}  // namespace

TEST_CASE("citation properties: no exception, valid UTF-8, plausible years on 20,000 inputs") {
  const std::vector<std::string> real = real_texts();
  REQUIRE(real.size() >= 300);
  Inputs inputs(real);
  int failures = 0;
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = inputs.next();
    REQUIRE(text.size() <= 300);
    valid += valid_utf8(text) ? 1 : 0;
    const std::string what = violation(text);
    if (!what.empty() && ++failures <= 10) {
      MESSAGE("input " << i << " \"" << escaped(text) << "\": " << what);
    }
  }
  MESSAGE(valid << " of 20000 inputs were valid UTF-8");
  CHECK(valid > 5000);  // the UTF-8 property was exercised
  CHECK(failures == 0);
}

TEST_CASE("citation properties: every prefix of 50 real texts") {
  const std::vector<std::string> real = real_texts();
  REQUIRE(real.size() >= 300);
  // 50 texts spread over both files, the non-ASCII ones first (their cuts fall inside
  // characters), then every k-th.
  std::vector<std::string> picked;
  for (const std::string& text : real) {
    const bool non_ascii = std::any_of(
        text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (picked.size() < 20 && non_ascii) {
      picked.push_back(text);
    }
  }
  for (std::size_t i = 0; picked.size() < 50 && i < real.size(); i += real.size() / 30) {
    picked.push_back(real[i]);
  }
  for (std::size_t i = 0; picked.size() < 50 && i < real.size(); ++i) {
    if (std::find(picked.begin(), picked.end(), real[i]) == picked.end()) picked.push_back(real[i]);
  }
  REQUIRE(picked.size() == 50);
  int failures = 0;
  std::size_t cuts = 0;
  for (const std::string& text : picked) {
    for (std::size_t n = 0; n <= text.size(); ++n) {
      ++cuts;
      const std::string prefix = text.substr(0, n);
      const std::string what = violation(prefix);
      if (!what.empty() && ++failures <= 10) {
        MESSAGE("prefix of " << n << " bytes \"" << escaped(prefix) << "\": " << what);
      }
    }
  }
  MESSAGE(cuts << " prefixes");
  CHECK(failures == 0);
}

TEST_CASE("citation properties: journal_key is idempotent on every real container") {
  int checked = 0;
  int failures = 0;
  for (auto& row : citegraph::test::citation_rows()) {
    // The labelled container and the one the parser reads from the text.
    for (const std::string& container :
         {row.at("container"), citegraph::io::parse_citation(row.at("text")).container}) {
      if (container.empty()) continue;
      ++checked;
      const std::string key = journal_key(container);
      const std::string again = journal_key(key);
      if (again != key && ++failures <= 10) {
        MESSAGE("\"" << container << "\" -> \"" << key << "\" -> \"" << again << "\"");
      }
    }
  }
  MESSAGE(checked << " containers");
  CHECK(checked > 300);
  CHECK(failures == 0);
}

TEST_CASE("citation properties: journal_key folds real spellings of one journal") {
  CHECK(journal_key("J. Bone Joint Surg. Am.") == journal_key("J Bone Joint Surg Am"));
  CHECK(journal_key("J Bone Joint Surg Am") == "j bone joint surg am");
  CHECK(journal_key("J. Bone Joint Surg. (Am.)") == "j bone joint surg am");
  CHECK(journal_key("Arthritis & Rheumatism") == journal_key("Arthritis and Rheumatism"));
  CHECK(journal_key("Arthritis & Rheumatism") == "arthritis and rheumatism");
  CHECK(journal_key("The Lancet") == journal_key("Lancet"));
  CHECK(journal_key("The Lancet") == "lancet");
  // Different journals stay apart.
  CHECK(journal_key("J Bone Joint Surg Am") != journal_key("J Bone Joint Surg Br"));
  CHECK(journal_key("Lancet Oncol") != journal_key("Lancet"));
}
