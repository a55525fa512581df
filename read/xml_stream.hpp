// Private to io/: the streaming XML layer shared by the pubmed-xml and jats readers.
//
// libxml2's SAX2 push parser is fed up to 1 MiB at a time from a window of the content read from
// an Input; nothing builds a DOM, so memory stays bounded by the chunk and the record being
// assembled (at most ReadLimits::max_record_bytes are retained). The window is kept so that
// after a fatal error a new parser can start at the next record's start tag (see Parser::run),
// and a small scanner ahead of libxml2 refuses start tags beyond ReadLimits (length, attributes).
// libxml2 was chosen over expat by measurement on a 448 MB synthetic PubMed baseline file
// (benchmarks/xml_benchmark.cpp): with handlers that only count, libxml2 2.9 SAX2 parsed
// it 2.3-2.6x faster than expat 2.5 (594 vs 230 MB/s on a quiet core).
//
// Hardening: the DTD is never read (no DTDLOAD, no external-subset handler, XML_PARSE_NONET), no
// entity is ever substituted (no XML_PARSE_NOENT), and a document that declares any entity in an
// internal subset is refused at the first declaration ("billion laughs" and external-entity
// attacks need one); reading does not resume in such a document, and its records are counted as
// lost. References to entities the unread DTD would define come out as nothing, with a warning
// (without any DOCTYPE, libxml2 makes such a reference a fatal error of its record). Entities
// predefined by XML (&amp; &lt; ...) and character references work as usual.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"

namespace citegraph::io::xml {

// The attributes of one start tag, valid during the start_element call only.
class Attributes {
 public:
  // `values` is libxml2's SAX2 array: per attribute localname, prefix, URI, value, value end.
  Attributes(const unsigned char** values, int count) : values_(values), count_(count) {}
  // The value of the attribute with local name `name`, or nullopt. O(attributes).
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const;

 private:
  const unsigned char** values_;
  int count_;
};

// Thrown by a handler (from inside a callback) when the record in progress goes beyond a bound
// of ReadLimits (elements, text): the parser treats it as a fatal error of that record and
// resumes at the next record.
class LimitExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A fatal parse error: malformed or truncated XML, invalid UTF-8, a refused entity declaration,
// a bound of ReadLimits.
struct Failure {
  SourceLocation where;
  std::string message;
  std::string line_text;
};

// What a reader implements. Exceptions thrown from these stop the parser and propagate out of
// Parser::run once libxml2 has returned (LimitExceeded excepted, see above).
class Handler {
 public:
  virtual ~Handler() = default;
  // `name` is the local name (a namespace prefix is dropped) and stays valid for the whole
  // parse (libxml2 interns names).
  virtual void start_element(std::string_view name, const Attributes& attributes) = 0;
  virtual void end_element(std::string_view name) = 0;
  // Character data, possibly in several pieces; entities already replaced.
  virtual void characters(std::string_view text) = 0;
  // A non-fatal problem the parser found (an entity the DTD would define, ...).
  virtual void parser_warning(const std::string& message, const SourceLocation& where,
                              const std::string& line_text) = 0;
  // A fatal error ended a parser. `lost` locates the start tag of every record it cost: the
  // record in progress first (if any), then records whose start tags lie between it (or the end
  // of the last complete record) and `resumed_at`, where a new parser goes on -- or, when
  // reading stopped (nullopt), up to the end of the input. Called outside libxml2's callbacks.
  virtual void fatal(const Failure& failure, const std::vector<SourceLocation>& lost,
                     const std::optional<SourceLocation>& resumed_at) = 0;
  // A new parser starts at a record after a fatal error: forget every open element and the
  // record in progress.
  virtual void restart() = 0;
};

class Parser {
 public:
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

  // `record_names`: the local names of the elements that start a record (PubmedArticle, ...),
  // where reading resumes after a fatal error. They must outlive the parser.
  Parser(Input& input, Handler& handler, const ReadLimits& limits,
         std::vector<std::string_view> record_names);
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Parses the whole input, calling `after_chunk` after each chunk (the reader hands the records
  // completed so far to its sink there, outside libxml2's callbacks). After a fatal error (and
  // before a start tag beyond max_tag_bytes / max_attributes, which libxml2 never sees) the
  // handler's fatal() is told what was lost and a new parser starts at the next record start
  // tag, with the document's root start tag replayed before it so that namespaces and the
  // record's context hold. A refused entity declaration ends the input (its remaining records
  // are counted as lost). Rethrows what a handler or after_chunk threw. O(input bytes); memory
  // O(chunk + the record in progress), at most max_record_bytes.
  void run(const std::function<void()>& after_chunk);

  // The handler calls these at the start tag (from start_element) and the end tag (from
  // end_element) of each record, so that a fatal error knows what it cost and where to resume.
  void record_begun();
  void record_ended();

  // Where the element whose start_element is running starts (its '<'). Lines and columns are
  // 1-based; columns count characters, as libxml2 does.
  [[nodiscard]] SourceLocation element_location() const;
  // The parser's current position (for end tags and text: just after what was parsed).
  [[nodiscard]] SourceLocation location() const;
  // The input line holding the parser's current position, cut at 512 bytes.
  [[nodiscard]] std::string current_line() const;
  // Bytes handed to libxml2 so far, counting what is parsed again after a fatal error and the
  // replayed root tags: the work of a run, which stays within a small multiple of the input.
  [[nodiscard]] std::uint64_t bytes_parsed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace citegraph::io::xml
