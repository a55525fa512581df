// The NLM citation string parser: "Journal. Date;Volume(Issue):Pages [PMID: NNN]" as PubMed
// prints reference lists, with every variant of docs/formats.md (missing year or PMID, date
// ranges, seasons, supplements, "Pt" issues, "; quiz 716" segments, e-page ids, journal names
// with parentheses or periods, empty page fields). A field the string does not state is left
// empty, never guessed.
#pragma once

#include <string>
#include <string_view>

#include "citegraph/graph/record.hpp"

namespace citegraph::io {

struct ReferenceParse {
  bool ok = false;
  std::string error;         // why it failed, when !ok
  std::uint32_t column = 0;  // 1-based column in the text where it failed, 0 if not located
};

// Parses `text` into out.journal/year/volume/issue/pages/ids.pmid/ids.doi; out.citation is set
// to the trimmed text. Fails (and leaves the fields it could not read empty) when there is no
// journal, or when a "[PMID: ...]" or date part is malformed.
ReferenceParse parse_nlm_reference(std::string_view text, Reference& out);

}  // namespace citegraph::io
