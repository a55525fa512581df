// The format readers, one per file. Each streams Records to the sink and reports skips and
// warnings through the context; read_input (io/reader.hpp) picks one.
#pragma once

#include "citegraph/io/input.hpp"
#include "citegraph/io/reader.hpp"

namespace citegraph::io {

// PubMed abstract page text, new and legacy layouts (docs/formats.md).
void read_pubmed_page(Input& input, ReadContext& context, const RecordSink& sink);
// NIH OCC "citing,referenced", OpenCitations "citing,cited,..." and iCite metadata CSV.
void read_pairs(Input& input, ReadContext& context, const RecordSink& sink);
// PubMed XML (efetch results, baseline and update files): PubmedArticle, PubmedBookArticle and
// DeleteCitation (emitted as Records with deletion = true), under any root element. After a
// fatal XML error reading resumes at the next record; every record lost is a counted skip.
void read_pubmed_xml(Input& input, ReadContext& context, const RecordSink& sink);
// MEDLINE / NBIB text; its records carry no reference list (has_reference_list = false).
// The text readers (this, read_pairs, read_pubmed_page) skip lines beyond
// ReadLimits::max_line_bytes and repair NUL / invalid UTF-8 with a located warning (a ParseError
// under strict).
void read_medline(Input& input, ReadContext& context, const RecordSink& sink);
// PMC full-text JATS XML (article, pmc-articleset, or articles under any other root); resumes
// at the next <article> after a fatal XML error, like read_pubmed_xml.
void read_jats(Input& input, ReadContext& context, const RecordSink& sink);

}  // namespace citegraph::io
