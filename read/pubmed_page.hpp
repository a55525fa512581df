// The parsing core of the `pubmed-page` reader (read/pubmed_page_reader.cpp), over lines already
// read, so that it can be tested without an Input. One page = one file = one Record.
#pragma once

#include <string>
#include <vector>

#include "citegraph/read/reader.hpp"

namespace citegraph::io {

// Parses the lines of one PubMed abstract page (new or legacy layout, docs/formats.md) and emits
// exactly one Record to `sink`, or none when the page has no title (a counted skip; ParseError
// under --strict). `path` is used for every location; line i of `lines` is line i+1 of the file.
// Unparsable reference lines are skipped through `context` and the rest kept.
// Time: O(total characters).
void parse_pubmed_page(const std::vector<std::string>& lines, const std::string& path,
                       ReadContext& context, const RecordSink& sink);

}  // namespace citegraph::io
