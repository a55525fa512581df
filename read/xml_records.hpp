// Private to io/: what the pubmed-xml and jats readers share above the XML layer of
// read/xml_stream.hpp, so that each reader keeps only its format's element mapping.
//
// - TagTable (element names to the reader's tag numbers), Text (the text of an element with
//   mixed content flattened), Output (records and issues handed on after each chunk), and the
//   PMID and year rules of both formats.
// - RecordHandler: the stack of open elements (as the reader's tag numbers), where records and
//   issues go, and how a foreign root element, a parser warning, an invalid PMID and a fatal
//   parse error are reported -- in the same words by both readers.
// - The field rules both formats follow: author names as MEDLINE writes them, page ranges,
//   de-duplicated lists, the first DOI / PMCID given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "citegraph/graph/record.hpp"
#include "citegraph/read/input.hpp"
#include "read/xml_stream.hpp"

namespace citegraph::io::xml {

// Maps element names to a reader's tag numbers (0 = not a tag the reader knows). O(name length).
class TagTable {
 public:
  TagTable(std::initializer_list<std::pair<std::string_view, int>> tags);
  [[nodiscard]] int find(std::string_view name) const;

 private:
  static constexpr std::size_t kSlots = 512;
  struct Slot {
    std::string_view name;
    int tag = 0;
  };
  static std::size_t hash(std::string_view name);
  std::vector<Slot> slots_;
};

// Collects the text of an element and its descendants (mixed content such as <i>, <sup> or
// MathML flattened): whitespace runs become one space, leading and trailing space is dropped.
class Text {
 public:
  // Throws LimitExceeded when the text grows beyond `max_bytes` (ReadLimits::max_text_bytes).
  Text() : Text(ReadLimits{}.max_text_bytes) {}
  explicit Text(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  void append(std::string_view piece);
  // A boundary between block-like elements (JATS <institution>, <source>, ...): a space, unless
  // the text on either side is already separated or the next character is punctuation.
  void soft_break() { soft_break_ = !text_.empty(); }
  // A paragraph break: "\n".
  void hard_break();
  [[nodiscard]] bool empty() const { return text_.empty(); }
  [[nodiscard]] bool ends_with(char c) const { return !text_.empty() && text_.back() == c; }
  // The text so far, then cleared.
  std::string take();
  void clear();

 private:
  std::string text_;
  std::size_t max_bytes_;
  bool pending_space_ = false;
  bool soft_break_ = false;
};

// Records and issues produced inside parser callbacks, handed on in order after each chunk, so
// that a sink or a --strict skip never throws through libxml2.
//
// A reader may give work to do on each record before it is handed on (set_prepare: the PubMed
// XML reader parses its citation texts there). With ReadOptions::threads other than 1 that
// work runs on a second thread, one chunk behind the XML parse, so the two overlap; records and
// notes still reach the sink in input order, and what reaches it does not depend on threads.
class Output {
 public:
  struct Note {
    bool skip = false;
    std::string reason;
    Issue issue;
  };
  // Prepares a record; appends the notes about it (they follow it). Runs off the parsing
  // thread: it may read only the record and what it captured.
  using Prepare = std::function<void(Record&, std::vector<Note>&)>;

  Output(ReadContext& context, const RecordSink& sink) : context_(context), sink_(sink) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();
  void record(Record&& record) { pending_.emplace_back(std::move(record)); }
  [[nodiscard]] const ReadLimits& limits() const { return context_.limits(); }
  [[nodiscard]] bool strict() const { return context_.strict(); }
  void skip(std::string reason, Issue issue) {
    pending_.emplace_back(Note{true, std::move(reason), std::move(issue)});
  }
  void warn(std::string reason, Issue issue) {
    pending_.emplace_back(Note{false, std::move(reason), std::move(issue)});
  }
  void set_prepare(Prepare prepare) { prepare_ = std::move(prepare); }
  // Hands on what is ready, in order: everything pending, or with a second thread the previous
  // chunk (the pending one is prepared meanwhile). May throw (strict skip).
  void flush();
  // Hands everything on, waiting for what is being prepared. May throw (strict skip).
  void finish();

 private:
  using Item = std::variant<Record, Note>;
  void prepare_all(std::vector<Item>& items) const;
  void deliver(std::vector<Item>& items);

  ReadContext& context_;
  const RecordSink& sink_;
  Prepare prepare_;
  std::vector<Item> pending_;
  std::vector<Item> in_flight_;  // being prepared by `busy_`
  std::future<void> busy_;       // declared last: destroyed (waited for) first
};

// Small helpers shared by the two readers.
// A PMID: ASCII digits only (surrounding space allowed), 1..4294967295.
[[nodiscard]] std::optional<Pmid> parse_pmid(std::string_view text);
// The first run of exactly four digits ("1998 Dec-1999 Jan" -> 1998), or nullopt.
[[nodiscard]] std::optional<int> first_year(std::string_view text);

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
