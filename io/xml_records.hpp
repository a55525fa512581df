// Private to io/: what the pubmed-xml and jats readers share above the XML layer of
// io/xml_stream.hpp, so that each reader keeps only its format's element mapping.
//
// - RecordHandler: the stack of open elements (as the reader's tag numbers), where records and
//   issues go, and how a foreign root element, a parser warning, an invalid PMID and a fatal
//   parse error are reported -- in the same words by both readers.
// - The field rules both formats follow: author names as MEDLINE writes them, page ranges,
//   de-duplicated lists, the first DOI / PMCID given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citegraph/graph/record.hpp"
#include "citegraph/io/input.hpp"
#include "io/xml_stream.hpp"

namespace citegraph::io::xml {

// The part of a reader's Handler that is not its element mapping. A reader derives from it,
// calls push / pop at each start / end tag and describes its record in progress.
class RecordHandler : public Handler {
 public:
  explicit RecordHandler(Output& output) : output_(output) {}

  // Parses the whole input, handing the records and issues produced to the output after each
  // chunk. A fatal parse error costs the record in progress (skipped as "truncated or malformed
  // XML at line:col: ...") and reading resumes at the next record; see Parser::run. At the end,
  // a document whose root is not one of the format's and that held no record is skipped as
  // not_format(). Rethrows what the sink or a --strict skip throws. O(input bytes).
  void read(Input& input);

  void parser_warning(const std::string& message, const SourceLocation& where,
                      const std::string& line_text) final;
  void fatal(const Failure& failure, const std::vector<SourceLocation>& lost,
             const std::optional<SourceLocation>& resumed_at) final;
  void restart() final;

 protected:
  // The format, for a document in which nothing was found: the skip reason ("not PubMed XML"),
  // the root elements it reads ("<PubmedArticleSet>") and the record elements it looks for.
  struct FormatNames {
    std::string reason;
    std::string roots;
    std::vector<std::string_view> records;  // local names, static storage
    std::vector<std::string_view> known_roots;
  };
  [[nodiscard]] virtual const FormatNames& format_names() const = 0;
  // What a fatal error loses, e.g. "the article in progress (<article> at line 37)"; empty when
  // no record is open.
  [[nodiscard]] virtual std::string in_progress() const = 0;
  // Forgets the record in progress and any state of open elements (a new parser starts).
  virtual void reset_record() = 0;

  [[nodiscard]] Output& output() { return output_; }
  // The parser running, for locations; valid inside the Handler callbacks.
  [[nodiscard]] const Parser& parser() const { return *parser_; }

  // Enters an element with the reader's tag number; returns its depth (the root is 1). Throws
  // LimitExceeded past max_elements_per_record inside a record. O(1).
  std::size_t push(int tag) {
    stack_.push_back(tag);
    if (in_record_ && ++record_elements_ > max_elements_) element_limit();
    return stack_.size();
  }
  void pop() {
    if (!stack_.empty()) stack_.pop_back();
  }
  [[nodiscard]] std::size_t depth() const { return stack_.size(); }
  // The tag of the innermost open element.
  [[nodiscard]] int current() const { return stack_.empty() ? 0 : stack_.back(); }
  // The tag `generations` levels above the innermost open element (1 = its parent), 0 above the
  // root. O(1).
  [[nodiscard]] int ancestor(std::size_t generations) const {
    return stack_.size() > generations ? stack_[stack_.size() - 1 - generations] : 0;
  }

  // A record starts (called from start_element with its start tag) or ends (end_element).
  void begin_record();
  void end_record();
  // A record element inside the record in progress: the previous record was not closed. Throws
  // LimitExceeded, so that the record in progress is skipped and reading resumes at this one.
  [[noreturn]] static void nested_record(std::string_view name);
  // The document's root element (called from start_element at depth 1).
  void saw_root(std::string_view name);

  // A PMID read where the parser is, e.g. a reference's. An invalid one is dropped with the
  // warning "invalid <what>", "<what> <shown> is not a number in 1..4294967295; the <kept> is
  // kept without it", where `shown` is the value as the message quotes it. O(value length).
  std::optional<Pmid> pmid_or_warn(std::string_view value, const std::string& what,
                                   std::string_view shown, std::string_view kept);

 private:
  [[noreturn]] void element_limit() const;

  Output& output_;
  Parser* parser_ = nullptr;
  std::vector<int> stack_;
  bool in_record_ = false;
  std::size_t record_elements_ = 0;
  std::size_t max_elements_ = 0;
  std::uint64_t records_begun_ = 0;
  std::string root_name_;  // of the document (not of a resumed parser's replayed root)
  SourceLocation root_where_;
  std::string root_line_;
  bool root_seen_ = false;
};

// Appends `value` unless it is empty or already in `list`. O(list size).
void add_unique(std::vector<std::string>& list, std::string value);

// The author element in progress (PubMed Author, JATS contrib) and the parts of its name.
struct AuthorName {
  std::size_t depth = 0;  // of its element; 0 = no author in progress
  std::string surname;
  std::string initials;     // as given, or derived from the given names by the reader
  std::string given_names;  // written in place of missing initials
  std::string suffix;
  std::string whole_name;  // a name written as one string (JATS string-name)
  std::string collective;  // a group author (CollectiveName, collab)

  // Starts an author whose element is at `element_depth`, forgetting the previous one.
  void begin(std::size_t element_depth);
  // Ends it, adding its name to `authors` unless it has none: "Surname Initials Suffix", the
  // form MEDLINE's AU field writes (empty parts left out), when there is a surname; else the
  // whole name, else the collective name.
  void finish(std::vector<std::string>& authors);
};

// "first-last", `first` alone when `last` is missing or the same, `fallback` when there is no
// `first`.
[[nodiscard]] std::string page_range(std::string first, std::string_view last,
                                     std::string fallback);

// An identifier an element gives, by the format's name for its type.
enum class IdKind { kOther, kPmid, kDoi, kPmcid };

// Stores a DOI or PMCID, normalized, unless `ids` has one already (the first given wins).
// Returns false, storing nothing, for a PMID or another kind: the caller validates those.
bool keep_first_id(WorkIds& ids, IdKind kind, std::string_view value);

}  // namespace citegraph::io::xml
