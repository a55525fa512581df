// The PMID parser (see citegraph/graph/pmid.hpp).
#include "citegraph/graph/pmid.hpp"

#include <cstdint>

#include "support/ascii.hpp"
#include "support/shown.hpp"

namespace citegraph {
namespace {

constexpr std::uint64_t kMaxPmid = 4294967295ULL;

}  // namespace

PmidParse parse_pmid(std::string_view digits, Pmid& out) {
  if (digits.empty()) return PmidParse::kEmpty;
  std::uint64_t value = 0;
  bool too_large = false;
  for (char c : digits) {
    if (!ascii::is_digit(c)) return PmidParse::kNotNumber;
    if (!too_large) {
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
      too_large = value > kMaxPmid;
    }
  }
  if (too_large) return PmidParse::kTooLarge;
  if (value == 0) return PmidParse::kZero;
  out = static_cast<Pmid>(value);
  return PmidParse::kOk;
}

std::optional<Pmid> parse_pmid(std::string_view text) {
  Pmid pmid = 0;
  if (parse_pmid(ascii::trim(text), pmid) != PmidParse::kOk) return std::nullopt;
  return pmid;
}

std::string describe_pmid_parse(std::string_view subject, std::string_view value,
                                PmidParse status) {
  std::string out(subject);
  switch (status) {
    case PmidParse::kEmpty:
      return out + " is empty";
    case PmidParse::kZero:
      return out + " " + shown(value) + " is zero";
    case PmidParse::kTooLarge:
      return out + " " + shown(value) + " is larger than 4294967295";
    case PmidParse::kNotNumber:
    case PmidParse::kOk:
      break;
  }
  return out + " " + shown(value) + " is not a number";
}

}  // namespace citegraph
