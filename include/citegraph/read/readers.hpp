// The format readers, one per file. Each streams Records to the sink and reports skips and
// warnings through the context; read_input (io/reader.hpp) picks one.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "citegraph/graph/builder.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"

namespace citegraph::io {

// PubMed abstract page text, new and legacy layouts (docs/formats.md).
void read_pubmed_page(Input& input, ReadContext& context, const RecordSink& sink);
// NIH OCC "citing,referenced", OpenCitations "citing,cited,..." and iCite metadata CSV.
void read_pairs(Input& input, ReadContext& context, const RecordSink& sink);
// The same, with records of bare PMIDs handed to pmid_sink as PmidCitations (see read_input).
void read_pairs(Input& input, ReadContext& context, const RecordSink& sink,
                const PmidCitationSink& pmid_sink);

// The SHA-256 and size of a file's raw bytes, computed by a thread of its own from the moment
// it is made; read_pairs_parallel hands it over when asked, so that it overlaps the graph build.
class BackgroundHash {
 public:
  // Reads `fd` (duplicated: the caller may close its own) from offset 0 to the end.
  BackgroundHash(const std::string& path, int fd);
  BackgroundHash(const BackgroundHash&) = delete;
  BackgroundHash& operator=(const BackgroundHash&) = delete;
  ~BackgroundHash();  // stops reading and waits for the thread
  // Waits for the end of the file and sets report.bytes and report.sha256; rethrows a read
  // error (IoError).
  void finish(InputReport& report);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// read_input for a plain (uncompressed, regular) file in the NIH OCC dialect of the pairs
// format, parsed by `threads` threads over byte ranges cut at line boundaries while another
// thread computes the SHA-256, with no Record objects: what read_input's sink would receive as
// Records arrives as PmidCitations, and the InputReport is the one read_input would return
// (records, references, skips and warnings with their messages and example order, bytes,
// SHA-256). Lines other than `citingPMID,citedPMID` (quotes, blanks, bad PMIDs, NUL, ...) are
// read by the general reader from there on, in file order, so they cost what they cost there.
// Returns nullopt, having read at most 64 KiB, when the input is not such a file (stdin,
// gzip, another format or dialect, a format other than pairs forced): read it with read_input.
// Throws as read_input does. O(n / threads) time; memory 4 bytes per citation (what the sink
// keeps), 8 bytes per run and a 9 MB buffer per thread. `chunk_bytes`: the byte ranges the
// threads take in turn (0: 8 MiB; tests use tiny ones to put boundaries everywhere). With
// `hash`, the report's bytes and sha256 are left to *hash (still running): call finish().
std::optional<InputReport> read_pairs_parallel(const std::string& path, const ReadOptions& options,
                                               unsigned threads, const PmidCitationSink& sink,
                                               std::uint64_t chunk_bytes = 0,
                                               std::unique_ptr<BackgroundHash>* hash = nullptr);
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
