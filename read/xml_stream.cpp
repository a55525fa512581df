// The streaming XML layer of read/xml_stream.hpp: libxml2's SAX2 push parser with every DTD and
// entity feature turned off, and positions recovered from the parser's input buffer. The byte
// scanner ahead of it is read/tag_scanner.cpp; the record-level helpers are read/xml_records.cpp.
#include "read/xml_stream.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <new>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "read/tag_scanner.hpp"
#include "support/ascii.hpp"

namespace citegraph::io::xml {
namespace {

constexpr std::size_t kMaxLineText = 512;

using ascii::is_xml_space;

std::string_view as_view(const xmlChar* text) {
  return text == nullptr ? std::string_view{}
                         : std::string_view(reinterpret_cast<const char*>(text));
}

// libxml2 messages end with "\n" and sometimes hold several lines ("...\nBytes: 0xFF ...").
std::string one_line(const char* message) {
  std::string out;
  for (const char* p = message; p != nullptr && *p != 0; ++p) {
    if (*p == '\n') {
      if (p[1] != 0) out += "; ";
    } else {
      out += *p;
    }
  }
  while (!out.empty() && is_xml_space(out.back())) out.pop_back();
  return out;
}

// libxml2 needs its global state initialised once per process before parsers run in threads.
void init_libxml2() {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

}  // namespace

std::optional<std::string_view> Attributes::get(std::string_view name) const {
  for (int i = 0; i < count_; ++i) {
    const unsigned char** attribute = values_ + 5 * static_cast<std::ptrdiff_t>(i);
    if (as_view(attribute[0]) == name) {
      const auto* begin = reinterpret_cast<const char*>(attribute[3]);
      const auto* end = reinterpret_cast<const char*>(attribute[4]);
      return std::string_view(begin, static_cast<std::size_t>(end - begin));
    }
  }
  return std::nullopt;
}

namespace {

// The content read so far that may still be needed: bytes from `base` on, and the number of
// lines before them, so that any retained offset can be located.
class Window {
 public:
  [[nodiscard]] std::uint64_t base() const { return base_; }
  [[nodiscard]] std::uint64_t end() const { return base_ + data_.size(); }
  [[nodiscard]] const char* at(std::uint64_t offset) const {
    return data_.data() + (offset - base_);
  }
  // Makes room for n more bytes at the end and returns it; shrink() gives back what was not
  // filled.
  char* grow(std::size_t n) {
    const std::size_t old = data_.size();
    data_.resize(old + n);
    return data_.data() + old;
  }
  void shrink(std::size_t n) { data_.resize(data_.size() - n); }

  // Forgets the bytes before `offset`; cheap unless at least a chunk can go.
  void discard_before(std::uint64_t offset, std::size_t slack) {
    if (offset <= base_ + slack) return;
    const auto n = static_cast<std::size_t>(offset - base_);
    const char* begin = data_.data();
    newlines_ += static_cast<std::uint64_t>(std::count(begin, begin + n, '\n'));
    const char* last = begin + n;
    while (last > begin && last[-1] != '\n') --last;
    column_ = last > begin ? static_cast<std::uint64_t>(begin + n - last)
                           : column_ + static_cast<std::uint64_t>(n);
    data_.erase(0, n);
    base_ = offset;
  }

  // 1-based line and column (bytes) of a retained offset. Counts on from the previous query
  // when it is at or before `offset` (queries come in input order), so that locating many
  // records costs O(bytes), not O(bytes) each.
  [[nodiscard]] std::pair<std::uint64_t, std::uint32_t> position(std::uint64_t offset) const {
    if (cursor_ < base_ || cursor_ > offset) {
      cursor_ = base_;
      cursor_line_ = newlines_ + 1;
      cursor_line_start_ = base_ - column_;
    }
    const char* p = at(cursor_);
    const char* const stop = at(offset);
    while (p < stop) {
      const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(stop - p));
      if (newline == nullptr) break;
      p = static_cast<const char*>(newline) + 1;
      ++cursor_line_;
      cursor_line_start_ = base_ + static_cast<std::uint64_t>(p - data_.data());
    }
    cursor_ = offset;
    return {cursor_line_,
            static_cast<std::uint32_t>(std::min<std::uint64_t>(
                offset - cursor_line_start_ + 1, std::numeric_limits<std::uint32_t>::max()))};
  }

  // The offset of 1-based `line`:`column` (column in bytes, 0 = the line's start), clamped to
  // the window. O(window).
  [[nodiscard]] std::uint64_t offset_of(std::uint64_t line, std::uint64_t column) const {
    std::uint64_t offset = base_;
    if (line > newlines_ + 1) {
      const char* p = data_.data();
      const char* const end = p + data_.size();
      for (std::uint64_t at = newlines_ + 1; at < line && p < end; ++at) {
        const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        p = newline == nullptr ? end : static_cast<const char*>(newline) + 1;
      }
      offset = base_ + static_cast<std::uint64_t>(p - data_.data());
    }
    return std::min(offset + (column > 0 ? column - 1 : 0), end());
  }

  // The line holding `offset`, cut at kMaxLineText bytes on either side.
  [[nodiscard]] std::string line_at(std::uint64_t offset) const {
    const char* begin = data_.data();
    const char* end = begin + data_.size();
    const char* p = at(offset);
    const char* first = p;
    while (first > begin && first[-1] != '\n' && p - first < static_cast<long>(kMaxLineText)) {
      --first;
    }
    const char* last = p;
    while (last < end && *last != '\n' && *last != '\r' &&
           last - first < static_cast<long>(kMaxLineText)) {
      ++last;
    }
    return std::string(first, last);
  }

 private:
  std::string data_;
  std::uint64_t base_ = 0;
  std::uint64_t newlines_ = 0;  // before base_
  std::uint64_t column_ = 0;    // bytes between the last newline before base_ and base_
  // The last position() query: its offset, line, and the offset where that line starts.
  mutable std::uint64_t cursor_ = 0;
  mutable std::uint64_t cursor_line_ = 1;
  mutable std::uint64_t cursor_line_start_ = 0;
};

bool is_name_byte(char c) {
  return ascii::is_alnum(c) || c == '_' || c == '-' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}

constexpr std::string_view kSyntheticRoot = "citegraph-resume";
constexpr std::size_t kMaxReplayedRoot = std::size_t{64} << 10;

}  // namespace

struct Parser::Impl {
  Impl(Input& input_in, Handler& handler_in, const ReadLimits& limits_in,
       std::vector<std::string_view> records_in)
      : input(input_in),
        handler(handler_in),
        limits(limits_in),
        record_names(std::move(records_in)),
        scanner(limits_in.max_tag_bytes, limits_in.max_attributes) {}

  // Where the current parser's input starts: after `prefix_bytes` of replayed root tag (ending
  // in "\n", `prefix_lines` lines), content offset `start`, at `line`:`column` of the input.
  struct Segment {
    std::uint64_t start = 0;
    std::size_t prefix_bytes = 0;
    std::uint64_t prefix_lines = 0;
    std::uint64_t line = 1;
    std::uint32_t column = 1;
  };

  Input& input;
  Handler& handler;
  const ReadLimits& limits;
  std::vector<std::string_view> record_names;
  TagScanner scanner;
  Window window;
  std::size_t read_size = std::size_t{64} << 10;  // of the next read_more, growing to kChunkBytes
  bool input_done = false;
  std::uint64_t fed = 0;  // content offset up to which the current parser was given bytes
  // libxml2 is given the window in pieces that start small after each (re)start and double up
  // to a chunk: a parser that fails early, and the next one that starts after it, cost
  // O(record + piece), not O(chunk), so that a file of many bad records stays linear.
  static constexpr std::size_t kFirstPiece = 256;
  std::size_t piece = kFirstPiece;
  std::uint64_t bytes_parsed = 0;  // handed to libxml2, replayed root tags and re-reads included
  Segment segment;
  std::string root_tag;  // the document's root start tag, replayed before a resumed parser
  bool root_is_synthetic = false;
  bool first_segment = true;

  xmlSAXHandler sax{};
  xmlParserCtxtPtr ctxt = nullptr;
  std::exception_ptr exception;  // thrown by a handler
  std::optional<Failure> failure;
  std::uint64_t failure_offset = 0;
  bool failure_resumable = true;
  std::vector<std::string_view> open_elements;  // names of the open elements (interned by libxml2)
  bool final_chunk = false;                     // the whole input has been handed to libxml2
  bool ended_cleanly = false;  // the parser was stopped at the end of a made-up root: no error
  std::optional<std::uint64_t> record_start;  // content offset of the record in progress
  std::uint64_t record_end = 0;               // content offset after the last complete record

  [[nodiscard]] bool stopped() const { return exception || failure; }

  void stop_with_exception() {
    exception = std::current_exception();
    xmlStopParser(ctxt);
  }

  // Byte offsets are those of the parser's input; with an encoding other than UTF-8 they are
  // not the content's, and reading cannot resume after an error.
  [[nodiscard]] bool offsets_known() const {
    if (ctxt == nullptr || ctxt->input == nullptr) return false;
    if (ctxt->input->buf != nullptr && ctxt->input->buf->encoder != nullptr) return false;
    // A declared encoding other than UTF-8 (libxml2 may convert before it records the encoder).
    const auto* declared = reinterpret_cast<const char*>(
        ctxt->encoding != nullptr ? ctxt->encoding : ctxt->input->encoding);
    return declared == nullptr ||
           xmlStrcasecmp(ctxt->encoding != nullptr ? ctxt->encoding : ctxt->input->encoding,
                         BAD_CAST "UTF-8") == 0;
  }

  // The content offset of a position in the parser's input buffer.
  [[nodiscard]] std::uint64_t offset_of(const xmlChar* p) const {
    const auto parsed = static_cast<std::uint64_t>(ctxt->input->consumed) +
                        static_cast<std::uint64_t>(p - ctxt->input->base);
    return parsed < segment.prefix_bytes ? segment.start
                                         : segment.start + (parsed - segment.prefix_bytes);
  }

  [[nodiscard]] std::uint64_t current_offset() const {
    if (ctxt == nullptr || ctxt->input == nullptr || ctxt->input->cur == nullptr) return fed;
    return offset_of(ctxt->input->cur);
  }

  // libxml2's line and column in the current parser -> the input's.
  [[nodiscard]] SourceLocation map(std::uint64_t line, std::uint32_t column) const {
    if (segment.prefix_bytes == 0) return {input.path(), line, column};
    if (line <= segment.prefix_lines) return {input.path(), segment.line, segment.column};
    if (line == segment.prefix_lines + 1) {
      return {input.path(), segment.line, column == 0 ? 0 : segment.column + column - 1};
    }
    return {input.path(), segment.line + (line - segment.prefix_lines - 1), column};
  }

  void fail(SourceLocation where, std::string message, bool resumable = true) {
    if (failure) return;
    failure = Failure{std::move(where), std::move(message), current_line()};
    failure_offset = current_offset();
    failure_resumable = resumable;
    xmlStopParser(ctxt);
  }

  [[nodiscard]] SourceLocation location() const {
    if (ctxt == nullptr || ctxt->input == nullptr) return {input.path(), 0, 0};
    return map(static_cast<std::uint64_t>(std::max(ctxt->input->line, 0)),
               static_cast<std::uint32_t>(std::max(ctxt->input->col, 0)));
  }

  // When startElementNs runs, input->cur is at the end of the start tag. A raw '<' cannot occur
  // inside a tag (not even in attribute values), so the tag starts at the last '<' before cur.
  [[nodiscard]] const xmlChar* element_open() const {
    if (ctxt == nullptr || ctxt->input == nullptr || ctxt->input->cur == nullptr) return nullptr;
    const xmlChar* const base = ctxt->input->base;
    const xmlChar* open = ctxt->input->cur;
    while (open > base && *open != '<') --open;
    return *open == '<' ? open : nullptr;
  }

  [[nodiscard]] SourceLocation element_location() const {
    SourceLocation where = location();
    const xmlChar* const open = element_open();
    if (open == nullptr) return where;
    const xmlChar* const base = ctxt->input->base;
    const xmlChar* const cur = ctxt->input->cur;
    const auto newlines = static_cast<std::uint64_t>(std::count(open, cur, '\n'));
    if (newlines == 0) {
      const auto back = static_cast<std::uint32_t>(cur - open);
      where.column = where.column > back ? where.column - back : 0;
      return where;
    }
    where.line = where.line > newlines ? where.line - newlines : 0;
    const xmlChar* line_start = open;
    while (line_start > base && line_start[-1] != '\n') --line_start;
    const bool known = line_start > base || base[0] == '\n';
    where.column = known ? static_cast<std::uint32_t>(open - line_start + 1) : 0;
    return where;
  }

  [[nodiscard]] std::string current_line() const {
    if (ctxt == nullptr || ctxt->input == nullptr || ctxt->input->cur == nullptr) return {};
    const auto* base = reinterpret_cast<const char*>(ctxt->input->base);
    const auto* end = reinterpret_cast<const char*>(ctxt->input->end);
    const auto* cur = reinterpret_cast<const char*>(ctxt->input->cur);
    if (cur > end) cur = end;
    const char* begin = cur;
    while (begin > base && begin[-1] != '\n' && cur - begin < static_cast<long>(kMaxLineText)) {
      --begin;
    }
    while (begin < cur && ascii::is_utf8_continuation(*begin)) ++begin;  // a whole character
    const char* stop = cur;
    while (stop < end && *stop != '\n' && *stop != '\r' &&
           stop - begin < static_cast<long>(kMaxLineText)) {
      ++stop;
    }
    while (stop > begin && stop < end && ascii::is_utf8_continuation(*stop)) --stop;
    return std::string(begin, stop);
  }

  [[nodiscard]] bool is_record_name(std::string_view name) const {
    return std::find(record_names.begin(), record_names.end(), name) != record_names.end();
  }

  // Keeps the root start tag, to replay it before a parser that resumes after an error.
  void remember_root(std::string_view name) {
    if (!first_segment || !root_tag.empty()) return;
    const xmlChar* const open = element_open();
    if (is_record_name(name) || open == nullptr || !offsets_known()) {
      root_is_synthetic = true;
      return;
    }
    // libxml2 reports a start tag before it consumes its closing '>' (or "/>").
    const std::uint64_t begin = offset_of(open);
    std::uint64_t end = current_offset();
    if (begin < window.base() || end < begin) {
      root_is_synthetic = true;
      return;
    }
    while (end < window.end() && end - begin <= kMaxReplayedRoot && *window.at(end) != '>') ++end;
    if (end >= window.end() || end - begin > kMaxReplayedRoot) {
      root_is_synthetic = true;
      return;
    }
    root_tag.assign(window.at(begin), static_cast<std::size_t>(end + 1 - begin));
    // A self-closing root holds nothing to resume in.
    if (root_tag.size() >= 2 && root_tag[root_tag.size() - 2] == '/') {
      root_tag.clear();
      root_is_synthetic = true;
    }
  }

  // ---- libxml2 callbacks (C linkage conventions, must not throw) ----

  void handler_threw(bool start) {
    try {
      throw;
    } catch (const LimitExceeded& limit) {
      fail(start ? element_location() : location(), limit.what());
    } catch (...) {
      stop_with_exception();
    }
  }

  static void on_start(void* data, const xmlChar* localname, const xmlChar*, const xmlChar*, int,
                       const xmlChar**, int nb_attributes, int, const xmlChar** attributes) {
    auto* self = static_cast<Impl*>(data);
    if (self->stopped()) return;
    self->open_elements.push_back(as_view(localname));
    if (self->open_elements.size() == 1) self->remember_root(as_view(localname));
    try {
      self->handler.start_element(as_view(localname), Attributes(attributes, nb_attributes));
    } catch (...) {
      self->handler_threw(true);
    }
  }

  static void on_end(void* data, const xmlChar* localname, const xmlChar*, const xmlChar*) {
    auto* self = static_cast<Impl*>(data);
    if (self->stopped()) return;
    if (!self->open_elements.empty()) self->open_elements.pop_back();
    try {
      self->handler.end_element(as_view(localname));
    } catch (...) {
      self->handler_threw(false);
    }
  }

  static void on_characters(void* data, const xmlChar* text, int length) {
    auto* self = static_cast<Impl*>(data);
    if (self->stopped() || length <= 0) return;
    try {
      self->handler.characters(
          std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(length)));
    } catch (...) {
      self->handler_threw(false);
    }
  }

  // Any entity declaration ends the parse: entity expansion is the one way a small XML file can
  // make a parser allocate without bound, and PubMed and PMC files declare none. Reading does
  // not resume in such a document.
  static void on_entity_decl(void* data, const xmlChar* name, int type, const xmlChar*,
                             const xmlChar* system_id, xmlChar*) {
    auto* self = static_cast<Impl*>(data);
    if (self->stopped()) return;
    const bool parameter =
        type == XML_INTERNAL_PARAMETER_ENTITY || type == XML_EXTERNAL_PARAMETER_ENTITY;
    std::string message = "entity declaration <!ENTITY " + std::string(parameter ? "% " : "") +
                          std::string(as_view(name)) + "> refused";
    if (system_id != nullptr) {
      message += " (an external entity, \"" + std::string(as_view(system_id)) + "\", never read)";
    }
    message +=
        ": documents that declare entities are not read (protection against entity "
        "expansion)";
    self->fail(self->location(), std::move(message), false);
  }

  static void on_error(void* data, xmlErrorPtr error) {
    auto* self = static_cast<Impl*>(data);
    if (error == nullptr || self->stopped()) return;
    // Namespace declarations do not affect what the readers extract.
    if (error->domain == XML_FROM_NAMESPACE) return;
    const SourceLocation where = self->map(static_cast<std::uint64_t>(std::max(error->line, 0)),
                                           static_cast<std::uint32_t>(std::max(error->int2, 0)));
    std::string message = one_line(error->message);
    if (error->level == XML_ERR_FATAL) {
      // libxml2 words a cut-off input as whatever it expected next ("Extra content at the end
      // of the document", "expected '>'"); say what happened instead.
      // (An error in the first bytes comes while the parser is being created: no ctxt yet.)
      bool at_end = self->ctxt != nullptr && self->ctxt->input != nullptr &&
                    self->ctxt->input->cur != nullptr;
      if (at_end) {
        for (const xmlChar* p = self->ctxt->input->cur; p < self->ctxt->input->end; ++p) {
          at_end = at_end && is_xml_space(static_cast<char>(*p));
        }
      }
      if (self->final_chunk && at_end && !self->open_elements.empty()) {
        // The end of a resumed parser whose root was made up: nothing is missing.
        if (self->open_elements.size() == 1 && self->open_elements.front() == kSyntheticRoot &&
            !self->record_start) {
          self->ended_cleanly = true;
          xmlStopParser(self->ctxt);
          return;
        }
        message = "the input ends inside <" + std::string(self->open_elements.back()) +
                  "> (libxml2: " + message + ")";
      }
      self->fail(where, std::move(message));
      return;
    }
    if (error->code == XML_WAR_UNDECLARED_ENTITY) {
      message += " (the DTD is not read; the reference was left out)";
    }
    try {
      self->handler.parser_warning(message, where, self->current_line());
    } catch (...) {
      self->stop_with_exception();
    }
  }

  // ---- feeding ----

  // Appends up to a chunk of content to the window; false at the end of the input.
  bool read_more() {
    if (input_done) return false;
    // Small inputs (most of a fuzzer's, many of a directory's) never pay for a whole chunk.
    const std::size_t want = read_size;
    read_size = std::min(read_size * 4, kChunkBytes);
    char* const tail = window.grow(want);
    std::size_t n = 0;
    while (n < want) {
      const std::size_t got = input.read(tail + n, want - n);
      if (got == 0) {
        input_done = true;
        break;
      }
      n += got;
    }
    window.shrink(want - n);
    return n > 0;
  }

  void free_parser() {
    if (ctxt == nullptr) return;
    // libxml2 builds a stand-in document to record entity declarations "for expat
    // compatibility in SAX mode"; it is the caller's to free.
    if (ctxt->myDoc != nullptr) xmlFreeDoc(ctxt->myDoc);
    xmlFreeParserCtxt(ctxt);
    ctxt = nullptr;
  }

  // libxml2 prints some errors (a failed encoding conversion, "I/O error : encoder error")
  // through its generic handler, straight to stderr, besides the structured error the reader
  // reports as a located skip. Silenced on this thread (libxml2 keeps the handler per thread).
  static void ignore_generic_error(void*, const char*, ...) {}

  void new_parser(const char* head, std::size_t n) {
    xmlSetGenericErrorFunc(nullptr, &ignore_generic_error);
    ctxt = xmlCreatePushParserCtxt(&sax, this, head, static_cast<int>(n), input.path().c_str());
    if (ctxt == nullptr) throw std::bad_alloc();
    // The first bytes can already fail (an encoding libxml2 cannot switch to): stop now, as
    // fail() could not while there was no parser.
    if (stopped()) xmlStopParser(ctxt);
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
  }

  void start_first_segment() {
    while (window.end() < 4 && read_more()) {
    }
    // The first bytes let libxml2 detect the encoding before anything is parsed.
    const auto head = static_cast<std::size_t>(std::min<std::uint64_t>(window.end(), 4));
    new_parser(window.at(0), head);
    bytes_parsed += head;
    fed = head;
    scanner.reset();
    const std::optional<TagScanner::Violation> early = scanner.scan(window.at(0), head, 0);
    (void)early;  // four bytes hold no tag beyond any bound
  }

  // A new parser at content offset `start` (a record's start tag), after the root tag.
  void start_segment(std::uint64_t start) {
    std::string prefix = root_tag.empty() ? "<" + std::string(kSyntheticRoot) + ">" : root_tag;
    prefix += '\n';
    const auto [line, column] = window.position(start);
    segment = Segment{start, prefix.size(),
                      static_cast<std::uint64_t>(std::count(prefix.begin(), prefix.end(), '\n')),
                      line, column};
    first_segment = false;
    open_elements.clear();
    failure.reset();
    record_start.reset();
    record_end = start;
    final_chunk = false;
    new_parser(prefix.data(), prefix.size());
    bytes_parsed += prefix.size();
    fed = start;
    piece = kFirstPiece;
    scanner.reset();
  }

  // The content offset of the first record start tag at or after `from` ("<Name" or
  // "<prefix:Name" followed by a space, '>' or '/'), reading more input as needed; nullopt at
  // the end of the input. Start tags before `stop_counting` are added to `lost`.
  std::optional<std::uint64_t> find_record(std::uint64_t from, std::uint64_t stop_counting,
                                           std::vector<SourceLocation>& lost) {
    constexpr std::size_t kLookahead = 256;
    std::uint64_t pos = std::max(from, window.base());
    for (;;) {
      const std::uint64_t end = window.end();
      while (pos < end) {
        const void* lt = std::memchr(window.at(pos), '<', static_cast<std::size_t>(end - pos));
        if (lt == nullptr) {
          pos = end;
          break;
        }
        const std::uint64_t at =
            pos + static_cast<std::uint64_t>(static_cast<const char*>(lt) - window.at(pos));
        if (end - at < kLookahead && !input_done) {
          pos = at;
          break;  // read more before deciding
        }
        std::uint64_t q = at + 1;
        while (q < end && is_name_byte(*window.at(q))) ++q;
        std::uint64_t name_begin = at + 1;
        if (q < end && *window.at(q) == ':') {
          name_begin = q + 1;
          q = name_begin;
          while (q < end && is_name_byte(*window.at(q))) ++q;
        }
        const std::string_view name(window.at(name_begin),
                                    static_cast<std::size_t>(q - name_begin));
        const bool delimited =
            q == end || *window.at(q) == '>' || *window.at(q) == '/' || is_xml_space(*window.at(q));
        if (delimited && is_record_name(name)) {
          if (at >= stop_counting) return at;
          const auto [line, column] = window.position(at);
          lost.push_back(SourceLocation{input.path(), line, column});
        }
        pos = at + 1;
      }
      // Keep the undecided tail only.
      window.discard_before(pos, 0);
      if (!read_more() && pos >= window.end()) return std::nullopt;
    }
  }

  // After a fatal error in the current parser: report what it cost and start a parser at the
  // next record, if any. False when reading is over.
  bool recover(const std::function<void()>& after_chunk) {
    const Failure lost_failure = *failure;
    // With an encoding other than UTF-8, libxml2's offsets are not the content's: the record
    // in progress is located by the error, and counting starts where feeding stopped.
    const bool known = offsets_known();
    const bool resumable = failure_resumable && known;
    const std::optional<std::uint64_t> in_progress = record_start;
    const auto clamp = [this](std::uint64_t offset) {
      return std::clamp(offset, window.base(), window.end());
    };
    const std::uint64_t error_at = clamp(resumable ? failure_offset : fed);
    free_parser();

    std::vector<SourceLocation> lost;
    std::uint64_t count_from = 0;
    std::uint64_t floor = 0;
    if (in_progress && known) {
      const std::uint64_t start = clamp(*in_progress);
      floor = start + 1;
      count_from = floor;
      const auto [line, column] = window.position(start);
      lost.push_back(SourceLocation{input.path(), line, column});
    } else if (!known) {
      // Counted from where the error is (its column counts characters: at or before it).
      if (in_progress) lost.push_back(lost_failure.where);
      floor = count_from = window.offset_of(lost_failure.where.line, lost_failure.where.column);
    } else {
      floor = std::max(error_at, segment.start + 1);
      count_from = known ? std::min(clamp(record_end), floor) : floor;
    }
    // Not resumable: every record start tag up to the end of the input is counted as lost.
    const std::uint64_t stop_counting =
        resumable ? floor : std::numeric_limits<std::uint64_t>::max();
    const std::optional<std::uint64_t> next = find_record(count_from, stop_counting, lost);
    std::optional<SourceLocation> resumed_at;
    if (next) {
      const auto [line, column] = window.position(*next);
      resumed_at = SourceLocation{input.path(), line, column};
    }
    handler.fatal(lost_failure, lost, resumed_at);
    after_chunk();
    if (!next) return false;
    handler.restart();
    start_segment(*next);
    return true;
  }

  // libxml2 stops on some errors without a structured report: a failed encoding conversion
  // goes to its generic handler only and leaves the error on the input buffer. A stop that no
  // failure explains is one.
  void note_silent_halt() {
    if (failure || ended_cleanly || ctxt == nullptr) return;
    const bool decode_error =
        ctxt->input != nullptr && ctxt->input->buf != nullptr && ctxt->input->buf->error != 0;
    if (!decode_error && ctxt->disableSAX == 0) return;
    const auto* encoding = reinterpret_cast<const char*>(
        ctxt->encoding != nullptr ? ctxt->encoding : ctxt->input->encoding);
    fail(location(), decode_error
                         ? "the content cannot be decoded as " +
                               std::string(encoding != nullptr ? encoding
                                                               : "the encoding its first "
                                                                 "bytes announce") +
                               " (libxml2 error " + std::to_string(ctxt->input->buf->error) + ")"
                         : "libxml2 stopped reading without a reason (its code " +
                               std::to_string(ctxt->errNo) + "): not XML it can decode");
  }

  void run(const std::function<void()>& after_chunk) {
    std::memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = &Impl::on_start;
    sax.endElementNs = &Impl::on_end;
    sax.characters = &Impl::on_characters;
    sax.ignorableWhitespace = &Impl::on_characters;
    sax.cdataBlock = &Impl::on_characters;
    sax.entityDecl = &Impl::on_entity_decl;
    sax.serror = &Impl::on_error;
    // Left null on purpose: internalSubset/externalSubset (the DTD is never loaded),
    // getEntity/resolveEntity (no entity is ever looked up), startDocument (no DOM is built).

    start_first_segment();
    for (;;) {
      if (fed == window.end() && !input_done) read_more();
      std::optional<TagScanner::Violation> violation;
      if (fed < window.end()) {
        const std::uint64_t end = std::min<std::uint64_t>(window.end(), fed + piece);
        violation = scanner.scan(window.at(fed), static_cast<std::size_t>(end - fed), fed);
        const std::uint64_t stop = violation ? violation->offset : end;
        if (stop > fed) {
          xmlParseChunk(ctxt, window.at(fed), static_cast<int>(stop - fed), 0);
          bytes_parsed += stop - fed;
          fed = stop;
        }
        piece = std::min(piece * 2, kChunkBytes);
      } else {
        final_chunk = true;
        xmlParseChunk(ctxt, nullptr, 0, 1);
      }
      after_chunk();
      if (exception) std::rethrow_exception(exception);
      note_silent_halt();
      if (!failure && violation) {
        const auto [line, column] = window.position(violation->offset);
        failure = Failure{SourceLocation{input.path(), line, column}, violation->message,
                          window.line_at(violation->offset)};
        failure_offset = violation->offset + 1;
        failure_resumable = true;
      }
      if (!failure && record_start && fed - *record_start > limits.max_record_bytes) {
        const auto [line, column] = window.position(*record_start);
        failure =
            Failure{SourceLocation{input.path(), line, column},
                    "record longer than " + std::to_string(limits.max_record_bytes) + " bytes",
                    window.line_at(*record_start)};
        failure_offset = fed;
        failure_resumable = true;
      }
      if (failure) {
        if (!recover(after_chunk)) break;
        continue;
      }
      if (final_chunk) break;
      // What the parser will not look at again, unless a record in progress must be re-read.
      // Without known offsets (another encoding), the last chunk fed, to count lost records.
      std::uint64_t keep = fed > kChunkBytes ? fed - kChunkBytes : 0;
      if (offsets_known()) keep = record_start ? *record_start : std::min(current_offset(), fed);
      window.discard_before(std::max(keep, window.base()), kChunkBytes);
    }
    // Reading stopped early: the window and the rest of the input are no longer needed.
  }
};

Parser::Parser(Input& input, Handler& handler, const ReadLimits& limits,
               std::vector<std::string_view> record_names)
    : impl_(std::make_unique<Impl>(input, handler, limits, std::move(record_names))) {
  init_libxml2();
}

Parser::~Parser() { impl_->free_parser(); }

SourceLocation Parser::element_location() const { return impl_->element_location(); }
SourceLocation Parser::location() const { return impl_->location(); }
std::string Parser::current_line() const { return impl_->current_line(); }

void Parser::record_begun() {
  Impl& impl = *impl_;
  const xmlChar* open = impl.element_open();
  impl.record_start =
      open != nullptr && impl.offsets_known() ? impl.offset_of(open) : impl.current_offset();
}

void Parser::record_ended() {
  impl_->record_start.reset();
  impl_->record_end = impl_->current_offset();
}

void Parser::run(const std::function<void()>& after_chunk) { impl_->run(after_chunk); }

std::uint64_t Parser::bytes_parsed() const { return impl_->bytes_parsed; }

}  // namespace citegraph::io::xml
