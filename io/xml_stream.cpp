// The streaming XML layer of io/xml_stream.hpp: libxml2's SAX2 push parser with every DTD and
// entity feature turned off, positions recovered from the parser's input buffer, and text
// flattening for mixed content.
#include "io/xml_stream.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

namespace citegraph::io::xml {
namespace {

constexpr std::size_t kMaxLineText = 512;

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

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
    const unsigned char** attribute = values_ + 5 * i;
    if (as_view(attribute[0]) == name) {
      const auto* begin = reinterpret_cast<const char*>(attribute[3]);
      const auto* end = reinterpret_cast<const char*>(attribute[4]);
      return std::string_view(begin, static_cast<std::size_t>(end - begin));
    }
  }
  return std::nullopt;
}

struct Parser::Impl {
  Impl(Input& input_in, Handler& handler_in) : input(input_in), handler(handler_in) {}

  Input& input;
  Handler& handler;
  xmlParserCtxtPtr ctxt = nullptr;
  std::exception_ptr exception;  // thrown by a handler
  std::optional<Failure> failure;
  std::vector<std::string_view> open_elements;  // names of the open elements (interned by libxml2)
  bool final_chunk = false;                     // the whole input has been handed to libxml2

  [[nodiscard]] bool stopped() const { return exception || failure; }

  void stop_with_exception() {
    exception = std::current_exception();
    xmlStopParser(ctxt);
  }

  void fail(SourceLocation where, std::string message) {
    if (failure) return;
    failure = Failure{std::move(where), std::move(message), current_line()};
    xmlStopParser(ctxt);
  }

  [[nodiscard]] SourceLocation location() const {
    if (ctxt == nullptr || ctxt->input == nullptr) return {input.path(), 0, 0};
    return {input.path(), static_cast<std::uint64_t>(std::max(ctxt->input->line, 0)),
            static_cast<std::uint32_t>(std::max(ctxt->input->col, 0))};
  }

  // When startElementNs runs, input->cur is at the end of the start tag. A raw '<' cannot occur
  // inside a tag (not even in attribute values), so the tag starts at the last '<' before cur.
  [[nodiscard]] SourceLocation element_location() const {
    SourceLocation where = location();
    if (ctxt == nullptr || ctxt->input == nullptr || ctxt->input->cur == nullptr) return where;
    const xmlChar* const base = ctxt->input->base;
    const xmlChar* const cur = ctxt->input->cur;
    const xmlChar* open = cur;
    while (open > base && *open != '<') --open;
    if (*open != '<') return where;
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
    const char* stop = cur;
    while (stop < end && *stop != '\n' && *stop != '\r' &&
           stop - begin < static_cast<long>(kMaxLineText)) {
      ++stop;
    }
    return std::string(begin, stop);
  }

  // ---- libxml2 callbacks (C linkage conventions, must not throw) ----

  static void on_start(void* data, const xmlChar* localname, const xmlChar*, const xmlChar*, int,
                       const xmlChar**, int nb_attributes, int, const xmlChar** attributes) {
    auto* self = static_cast<Impl*>(data);
    if (self->stopped()) return;
    self->open_elements.push_back(as_view(localname));
    try {
      self->handler.start_element(as_view(localname), Attributes(attributes, nb_attributes));
    } catch (...) {
      self->stop_with_exception();
    }
  }

  static void on_end(void* data, const xmlChar* localname, const xmlChar*, const xmlChar*) {
    auto* self = static_cast<Impl*>(data);
    if (self->stopped()) return;
    if (!self->open_elements.empty()) self->open_elements.pop_back();
    try {
      self->handler.end_element(as_view(localname));
    } catch (...) {
      self->stop_with_exception();
    }
  }

  static void on_characters(void* data, const xmlChar* text, int length) {
    auto* self = static_cast<Impl*>(data);
    if (self->stopped() || length <= 0) return;
    try {
      self->handler.characters(
          std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(length)));
    } catch (...) {
      self->stop_with_exception();
    }
  }

  // Any entity declaration ends the parse: entity expansion is the one way a small XML file can
  // make a parser allocate without bound, and PubMed and PMC files declare none.
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
    self->fail(self->location(), std::move(message));
  }

  static void on_error(void* data, xmlErrorPtr error) {
    auto* self = static_cast<Impl*>(data);
    if (error == nullptr || self->stopped()) return;
    // Namespace declarations do not affect what the readers extract.
    if (error->domain == XML_FROM_NAMESPACE) return;
    const SourceLocation where{self->input.path(),
                               static_cast<std::uint64_t>(std::max(error->line, 0)),
                               static_cast<std::uint32_t>(std::max(error->int2, 0))};
    std::string message = one_line(error->message);
    if (error->level == XML_ERR_FATAL) {
      // libxml2 words a cut-off input as whatever it expected next ("Extra content at the end
      // of the document", "expected '>'"); say what happened instead.
      bool at_end = self->ctxt->input != nullptr && self->ctxt->input->cur != nullptr;
      if (at_end) {
        for (const xmlChar* p = self->ctxt->input->cur; p < self->ctxt->input->end; ++p) {
          at_end = at_end && is_xml_space(static_cast<char>(*p));
        }
      }
      if (self->final_chunk && at_end && !self->open_elements.empty()) {
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
};

Parser::Parser(Input& input, Handler& handler) : impl_(std::make_unique<Impl>(input, handler)) {
  init_libxml2();
}

Parser::~Parser() {
  if (impl_->ctxt == nullptr) return;
  // libxml2 builds a stand-in document to record entity declarations "for expat compatibility
  // in SAX mode"; it is the caller's to free.
  if (impl_->ctxt->myDoc != nullptr) xmlFreeDoc(impl_->ctxt->myDoc);
  xmlFreeParserCtxt(impl_->ctxt);
}

SourceLocation Parser::element_location() const { return impl_->element_location(); }
SourceLocation Parser::location() const { return impl_->location(); }
std::string Parser::current_line() const { return impl_->current_line(); }

std::optional<Failure> Parser::run(const std::function<void()>& after_chunk) {
  Impl& impl = *impl_;
  std::vector<char> buffer(kChunkBytes);
  // Input::read may return less than asked; chunks are filled so that libxml2 sees few calls.
  const auto fill = [&impl, &buffer] {
    std::size_t n = 0;
    while (n < buffer.size()) {
      const std::size_t got = impl.input.read(buffer.data() + n, buffer.size() - n);
      if (got == 0) break;
      n += got;
    }
    return n;
  };

  xmlSAXHandler sax;
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

  std::size_t n = fill();
  // The first bytes let libxml2 detect the encoding before anything is parsed.
  const std::size_t head = std::min<std::size_t>(n, 4);
  impl.ctxt = xmlCreatePushParserCtxt(&sax, &impl, buffer.data(), static_cast<int>(head),
                                      impl.input.path().c_str());
  if (impl.ctxt == nullptr) throw std::bad_alloc();
  xmlCtxtUseOptions(impl.ctxt, XML_PARSE_NONET);

  std::size_t offset = head;
  for (;;) {
    const bool last = n < buffer.size();
    impl.final_chunk = last;
    xmlParseChunk(impl.ctxt, buffer.data() + offset, static_cast<int>(n - offset), last ? 1 : 0);
    after_chunk();
    if (impl.exception) std::rethrow_exception(impl.exception);
    if (impl.failure) return impl.failure;
    if (last) break;
    n = fill();
    offset = 0;
  }
  return std::nullopt;
}

TagTable::TagTable(std::initializer_list<std::pair<std::string_view, int>> tags) : slots_(kSlots) {
  for (const auto& [name, tag] : tags) {
    std::size_t slot = hash(name) % kSlots;
    while (slots_[slot].tag != 0) slot = (slot + 1) % kSlots;
    slots_[slot] = Slot{name, tag};
  }
}

std::size_t TagTable::hash(std::string_view name) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

int TagTable::find(std::string_view name) const {
  for (std::size_t slot = hash(name) % kSlots;; slot = (slot + 1) % kSlots) {
    const Slot& s = slots_[slot];
    if (s.tag == 0) return 0;
    if (s.name == name) return s.tag;
  }
}

void Text::append(std::string_view piece) {
  const char* p = piece.data();
  const char* const end = p + piece.size();
  while (p < end) {
    if (is_xml_space(*p)) {
      pending_space_ = !text_.empty();
      ++p;
      continue;
    }
    const char* word_end = p;
    while (word_end < end && !is_xml_space(*word_end)) ++word_end;
    if (soft_break_) {
      const char last = text_.back();
      const bool joined = last == ' ' || last == '\n' || last == '(' || last == '[';
      const bool punctuation = std::strchr(",.;:)]", *p) != nullptr;
      if (!joined && !punctuation) pending_space_ = true;
      soft_break_ = false;
    }
    if (pending_space_) {
      if (!text_.empty() && text_.back() != '\n') text_.push_back(' ');
      pending_space_ = false;
    }
    text_.append(p, word_end);
    p = word_end;
  }
}

void Text::hard_break() {
  if (!text_.empty() && text_.back() != '\n') text_.push_back('\n');
  pending_space_ = false;
  soft_break_ = false;
}

std::string Text::take() {
  while (!text_.empty() && (text_.back() == '\n' || text_.back() == ' ')) text_.pop_back();
  std::string out = std::move(text_);
  clear();
  return out;
}

void Text::clear() {
  text_.clear();
  pending_space_ = false;
  soft_break_ = false;
}

void Output::flush() {
  if (pending_.empty()) return;
  std::vector<std::variant<Record, Note>> items;
  items.swap(pending_);
  for (auto& item : items) {
    if (auto* record = std::get_if<Record>(&item)) {
      if (sink_) sink_(std::move(*record));
    } else {
      Note& note = std::get<Note>(item);
      if (note.skip) {
        context_.skip(note.reason, note.issue);
      } else {
        context_.warn(note.reason, note.issue);
      }
    }
  }
  // Keep the capacity for the next chunk.
  items.clear();
  pending_.swap(items);
}

std::optional<Pmid> parse_pmid(std::string_view text) {
  while (!text.empty() && is_xml_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_xml_space(text.back())) text.remove_suffix(1);
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value == 0 || value > 0xFFFFFFFFULL) return std::nullopt;
  return static_cast<Pmid>(value);
}

std::optional<int> first_year(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j - i == 4) {
      return (text[i] - '0') * 1000 + (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 +
             (text[i + 3] - '0');
    }
    i = j;
  }
  return std::nullopt;
}

}  // namespace citegraph::io::xml
