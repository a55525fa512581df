// PubMed identifiers as text: the one parser every reader and the command line use.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "citegraph/graph/record.hpp"

namespace citegraph {

// What parse_pmid(digits, out) found.
enum class PmidParse {
  kOk,         // a PMID, stored in `out`
  kEmpty,      // no characters
  kNotNumber,  // a character other than an ASCII digit
  kZero,       // digits only, value 0
  kTooLarge,   // digits only, value above 4294967295
};

// `digits` exactly as given (no trimming): one or more ASCII digits, value 1..4294967295; leading
// zeros allowed, at any length. A non-digit anywhere makes kNotNumber, whatever the digits before
// it are worth. `out` is written only on kOk.
[[nodiscard]] PmidParse parse_pmid(std::string_view digits, Pmid& out);

// `text` without leading and trailing ASCII white space (space, \t, \n, \r, \f, \v), parsed as
// above; nullopt unless that is kOk.
[[nodiscard]] std::optional<Pmid> parse_pmid(std::string_view text);

// The readers' message for a PMID that is not kOk: `subject` + " is empty" for kEmpty, else
// `subject` + " \"<value>\" is not a number" / "is zero" / "is larger than 4294967295", the value
// cut to 40 characters followed by "..." when longer. E.g. subject "reference PMID".
[[nodiscard]] std::string describe_pmid_parse(std::string_view subject, std::string_view value,
                                              PmidParse status);

}  // namespace citegraph
