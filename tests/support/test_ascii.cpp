// The shared ASCII helpers (support/ascii.hpp) and the PMID parser (citegraph/graph/pmid.hpp).
#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "citegraph/graph/pmid.hpp"
#include "support/ascii.hpp"

using namespace citegraph;

namespace {

PmidParse status_of(std::string_view text, Pmid& out) { return parse_pmid(text, out); }

}  // namespace

TEST_CASE("ascii character classes are byte-wise ASCII") {
  static_assert(ascii::is_digit('0') && ascii::is_digit('9') && !ascii::is_digit('a'));
  static_assert(ascii::is_alpha('z') && ascii::is_alpha('A') && !ascii::is_alpha('1'));
  CHECK_FALSE(ascii::is_alpha('\xc3'));  // a UTF-8 lead byte is no letter
  CHECK_FALSE(ascii::is_digit('/'));
  CHECK_FALSE(ascii::is_digit(':'));
  CHECK(ascii::is_space('\f'));
  CHECK(ascii::is_space('\v'));
  CHECK_FALSE(ascii::is_xml_space('\f'));
  CHECK(ascii::is_xml_space('\r'));
  CHECK_FALSE(ascii::is_blank('\n'));
  CHECK_FALSE(ascii::is_space('\xa0'));  // Latin-1 NBSP / UTF-8 continuation byte
  CHECK(ascii::to_lower('Q') == 'q');
  CHECK(ascii::to_lower('\xc9') == '\xc9');
  CHECK(ascii::to_upper('q') == 'Q');
  CHECK(ascii::to_upper('[') == '[');
}

TEST_CASE("ascii trim, lower and case-insensitive comparison") {
  CHECK(ascii::trim("") == "");
  CHECK(ascii::trim(" \t\r\n\f\v") == "");
  CHECK(ascii::trim("  a b \n") == "a b");
  CHECK(ascii::trim_if("\fx\f", ascii::is_xml_space) == "\fx\f");
  CHECK(ascii::trim_if(" \tx\r\n", ascii::is_xml_space) == "x");
  CHECK(ascii::lower("Café ABC-1") == "café abc-1");
  CHECK(ascii::iequals("PMID", "pmid"));
  CHECK_FALSE(ascii::iequals("PMID", "pmi"));
  CHECK(ascii::istarts_with("DOI:10.1/x", "doi:"));
  CHECK_FALSE(ascii::istarts_with("DO", "doi:"));
}

TEST_CASE("parse_pmid(digits, out): exact digits with a status") {
  Pmid out = 7;
  CHECK(status_of("", out) == PmidParse::kEmpty);
  CHECK(status_of(" ", out) == PmidParse::kNotNumber);
  CHECK(status_of(" 12", out) == PmidParse::kNotNumber);
  CHECK(status_of("12a", out) == PmidParse::kNotNumber);
  CHECK(status_of("-1", out) == PmidParse::kNotNumber);
  CHECK(status_of("0", out) == PmidParse::kZero);
  CHECK(status_of("0000", out) == PmidParse::kZero);
  CHECK(status_of("4294967296", out) == PmidParse::kTooLarge);
  CHECK(status_of("12345678901", out) == PmidParse::kTooLarge);
  // A non-digit wins over a value already too large.
  CHECK(status_of("99999999999a", out) == PmidParse::kNotNumber);
  CHECK(out == 7);  // untouched unless kOk
  CHECK(status_of("4294967295", out) == PmidParse::kOk);
  CHECK(out == 4294967295U);
  CHECK(status_of("00000000000029631514", out) == PmidParse::kOk);
  CHECK(out == 29631514U);
  CHECK(status_of("1", out) == PmidParse::kOk);
  CHECK(out == 1U);
}

TEST_CASE("parse_pmid(text): trimmed, nullopt unless valid") {
  CHECK(parse_pmid(std::string_view("")) == std::nullopt);
  CHECK(parse_pmid(std::string_view("   ")) == std::nullopt);
  CHECK(parse_pmid(std::string_view(" \t29631514\r\n")) == std::optional<Pmid>(29631514U));
  CHECK(parse_pmid(std::string_view("\f7\v")) == std::optional<Pmid>(7U));
  CHECK(parse_pmid(std::string_view("007")) == std::optional<Pmid>(7U));
  CHECK(parse_pmid(std::string_view("4294967295")) == std::optional<Pmid>(4294967295U));
  CHECK(parse_pmid(std::string_view("4294967296")) == std::nullopt);
  CHECK(parse_pmid(std::string_view("0")) == std::nullopt);
  CHECK(parse_pmid(std::string_view("12a")) == std::nullopt);
  CHECK(parse_pmid(std::string_view("1 2")) == std::nullopt);
  CHECK(parse_pmid(std::string_view("12345678901")) == std::nullopt);
}

TEST_CASE("describe_pmid_parse words the readers' messages") {
  CHECK(describe_pmid_parse("PMID", "", PmidParse::kEmpty) == "PMID is empty");
  CHECK(describe_pmid_parse("reference PMID", "12a", PmidParse::kNotNumber) ==
        "reference PMID \"12a\" is not a number");
  CHECK(describe_pmid_parse("PMID", "000", PmidParse::kZero) == "PMID \"000\" is zero");
  CHECK(describe_pmid_parse("citing PMID", "4294967296", PmidParse::kTooLarge) ==
        "citing PMID \"4294967296\" is larger than 4294967295");
  const std::string long_value(45, '9');
  CHECK(describe_pmid_parse("PMID", long_value, PmidParse::kTooLarge) ==
        "PMID \"" + std::string(40, '9') + "...\" is larger than 4294967295");
}
