// Input format names and detection by content. Detection looks only at the first bytes of the
// decompressed content (what Input::peek gives), never at the file name, and checks the
// formats from the most to the least constrained: XML by its root element (after the XML
// declaration, comments and DOCTYPE) or, under a wrapper root, by its first record element, MEDLINE
// by its leading "PMID- " tag, citation-pairs CSV by its header line, then the PubMed page text by
// the section headings and reference lines that both of its layouts print. Anything else is
// reported with its first line, so that the user sees what the tool saw.
#include "citegraph/read/format.hpp"

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "citegraph/graph/error.hpp"
#include "citegraph/read/input.hpp"
#include "support/ascii.hpp"

namespace citegraph::io {
namespace {

constexpr std::size_t kDetectionHead = std::size_t{64} << 10;

constexpr std::array<std::pair<Format, std::string_view>, 6> kNames = {{
    {Format::kAuto, "auto"},
    {Format::kPubmedPage, "pubmed-page"},
    {Format::kMedline, "medline"},
    {Format::kPubmedXml, "pubmed-xml"},
    {Format::kJats, "jats"},
    {Format::kPairs, "pairs"},
}};

using ascii::is_digit;
using ascii::is_space;
using ascii::trim;
constexpr char lower(char c) { return ascii::to_lower(c); }

// Bytes that do not occur in text: C0 controls other than the usual whitespace, DEL, and bytes
// that break UTF-8. A sequence cut by the end of the head is not counted against it.
std::size_t count_non_text(std::string_view head) {
  std::size_t bad = 0;
  std::size_t i = 0;
  while (i < head.size()) {
    const auto c = static_cast<unsigned char>(head[i]);
    if (c < 0x80) {
      if ((c < 0x20 && !is_space(static_cast<char>(c))) || c == 0x7f) ++bad;
      ++i;
      continue;
    }
    std::size_t follow = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      follow = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      follow = 2;
    } else if (c >= 0xf0 && c <= 0xf4) {
      follow = 3;
    } else {
      ++bad;
      ++i;
      continue;
    }
    std::size_t k = 1;
    while (k <= follow && i + k < head.size() &&
           (static_cast<unsigned char>(head[i + k]) & 0xc0) == 0x80) {
      ++k;
    }
    if (k <= follow && i + k < head.size()) {
      ++bad;  // a lead byte without its continuation bytes
      ++i;
      continue;
    }
    i += k;
  }
  return bad;
}

// Lines of `text`, without their "\r\n"/"\n".
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t shown = 0;
  for (char ch : text) {
    if (shown == max_chars) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
      out += buffer;
    } else {
      out += ch;
    }
    ++shown;
  }
  return out;
}

bool is_name_char(char c) {
  return ascii::is_alnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
}

std::string_view read_name(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && is_name_char(text[end])) ++end;
  return text.substr(pos, end - pos);
}

// Position just after the '>' closing a DOCTYPE that starts at `pos`, skipping quoted strings
// and the internal subset; npos if the head ends first.
std::size_t skip_doctype(std::string_view text, std::size_t pos) {
  int bracket_depth = 0;
  char quote = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++bracket_depth;
    } else if (c == ']') {
      --bracket_depth;
    } else if (c == '>' && bracket_depth <= 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

Detection classify_xml_root(std::string_view root, std::string_view what) {
  // A namespace prefix does not change which vocabulary the element belongs to.
  const std::size_t colon = root.rfind(':');
  const std::string_view local = colon == std::string_view::npos ? root : root.substr(colon + 1);
  const std::string said = std::string(what) + " <" + std::string(root) + ">";
  if (local == "PubmedArticleSet" || local == "PubmedArticle" || local == "PubmedBookArticle") {
    return {Format::kPubmedXml, "PubMed XML (" + said + ")"};
  }
  if (local == "article" || local == "pmc-articleset") {
    return {Format::kJats, "JATS XML (" + said + ")"};
  }
  return {Format::kAuto, "XML of an unsupported kind (" + said + ")"};
}

// The first record (or record set) element in `text`, for XML whose root is a wrapper
// (<RAW_DATA>, <articles>, ...): "<PubmedArticle" and the like followed by a space, '>' or '/'.
Detection detect_xml_records(std::string_view text, std::string_view root) {
  static constexpr std::array<std::pair<std::string_view, Format>, 6> kRecords = {{
      {"PubmedArticle", Format::kPubmedXml},
      {"PubmedBookArticle", Format::kPubmedXml},
      {"DeleteCitation", Format::kPubmedXml},
      {"PubmedArticleSet", Format::kPubmedXml},
      {"article", Format::kJats},
      {"pmc-articleset", Format::kJats},
  }};
  for (std::size_t pos = text.find('<'); pos != std::string_view::npos;
       pos = text.find('<', pos + 1)) {
    std::string_view name = read_name(text, pos + 1);
    const std::size_t colon = name.rfind(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
    const std::size_t after = pos + 1 + read_name(text, pos + 1).size();
    if (after >= text.size()) break;  // cut by the end of the head
    const char next = text[after];
    if (next != '>' && next != '/' && !is_space(next)) continue;
    for (const auto& [record, format] : kRecords) {
      if (name == record) {
        return {format, std::string(format == Format::kJats ? "JATS XML" : "PubMed XML") + " (<" +
                            std::string(record) + "> inside root element <" + std::string(root) +
                            ">)"};
      }
    }
  }
  return {Format::kAuto, "XML of an unsupported kind (root element <" + std::string(root) + ">)"};
}

Detection detect_xml(std::string_view text) {
  std::string_view doctype_name;
  std::size_t pos = 0;
  for (;;) {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    if (pos >= text.size() || text[pos] != '<') break;
    const std::string_view rest = text.substr(pos);
    std::size_t next = std::string_view::npos;
    if (rest.starts_with("<?")) {
      next = text.find("?>", pos + 2);
      if (next != std::string_view::npos) next += 2;
    } else if (rest.starts_with("<!--")) {
      next = text.find("-->", pos + 4);
      if (next != std::string_view::npos) next += 3;
    } else if (rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype")) {
      std::size_t name_pos = pos + 9;
      while (name_pos < text.size() && is_space(text[name_pos])) ++name_pos;
      doctype_name = read_name(text, name_pos);
      next = skip_doctype(text, pos + 9);
    } else {
      const std::string_view root = read_name(text, pos + 1);
      if (root.empty()) break;
      Detection by_root = classify_xml_root(root, "root element");
      if (by_root.format != Format::kAuto) return by_root;
      // A wrapper root: the records inside say what it is. HTML has <article> elements too.
      std::string lowered(root);
      for (char& c : lowered) c = lower(c);
      if (lowered == "html") return by_root;
      return detect_xml_records(text.substr(pos), root);
    }
    if (next == std::string_view::npos) break;  // the head ends inside the prolog
    pos = next;
  }
  if (!doctype_name.empty()) return classify_xml_root(doctype_name, "DOCTYPE");
  return {Format::kAuto, "XML without a recognisable root element"};
}

// The fields of a CSV header line, unquoted, trimmed and lower-cased.
std::vector<std::string> header_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += lower(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += lower(c);
    }
  }
  for (std::string& field : fields) field = std::string(trim(field));
  return fields;
}

bool has_field(const std::vector<std::string>& fields, std::string_view name) {
  for (const std::string& field : fields) {
    if (field == name) return true;
  }
  return false;
}

// "  12. Stem Cells. 2006 May;24(5):1294-301 [PMID: 16410387]"
bool is_page_reference_line(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i == 0) return false;
  const std::size_t digits = i;
  while (i < line.size() && is_digit(line[i])) ++i;
  if (i == digits || i + 1 >= line.size() || line[i] != '.' || line[i + 1] != ' ') return false;
  const std::size_t tag = line.find("[PMID: ", i);
  if (tag == std::string_view::npos) return false;
  std::size_t j = tag + 7;
  const std::size_t id = j;
  while (j < line.size() && is_digit(line[j])) ++j;
  return j > id && j < line.size() && line[j] == ']';
}

Detection detect_pubmed_page(std::string_view text) {
  Lines lines(text);
  std::string_view line;
  bool send_to = false;
  bool choose_destination = false;
  while (lines.next(line)) {
    const std::string_view trimmed = trim(line);
    if (trimmed == "Author Information" || trimmed == "Author information") {
      return {Format::kPubmedPage,
              "PubMed page text (an \"" + std::string(trimmed) + "\" section)"};
    }
    if (trimmed == "Send to") send_to = true;
    if (trimmed == "Choose Destination") choose_destination = true;
    if (send_to && choose_destination) {
      return {Format::kPubmedPage, "PubMed page text (\"Send to\" and \"Choose Destination\")"};
    }
    if (is_page_reference_line(line)) {
      return {Format::kPubmedPage, "PubMed page text (reference lines with \"[PMID: ...]\")"};
    }
  }
  return {};
}

}  // namespace

Detection detect_file_format(const std::string& path) {
  std::unique_ptr<Input> input = Input::open(path);
  Detection detection = detect_format(input->peek(kDetectionHead));
  if (detection.format == Format::kAuto && input->damage()) {
    detection.reason = "corrupt or truncated gzip data at byte " +
                       std::to_string(input->damage()->offset) + ": " + input->damage()->message;
  }
  return detection;
}

std::string_view format_name(Format format) {
  for (const auto& [value, name] : kNames) {
    if (value == format) return name;
  }
  return "unknown";
}

Format parse_format(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (known == name) return value;
  }
  std::string accepted;
  for (const auto& [value, known] : kNames) {
    if (!accepted.empty()) accepted += ", ";
    accepted += known;
  }
  throw InvalidArgument("invalid input format \"" + std::string(name) +
                        "\" (accepted: " + accepted + ")");
}

Detection detect_format(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  if (trim(head).empty()) return {Format::kAuto, "empty input"};
  // By proportion: a stray NUL or bad byte in a text file is the reader's to report, located.
  if (count_non_text(head) * 10 > head.size()) return {Format::kAuto, "binary data"};

  const std::string_view text = trim(head);
  if (text.front() == '<') return detect_xml(text);

  Lines lines(head);
  std::string_view first_line;
  lines.next(first_line);
  std::string_view first_nonblank = first_line;
  while (trim(first_nonblank).empty() && lines.next(first_nonblank)) {
  }

  if (first_nonblank.starts_with("PMID- ")) {
    return {Format::kMedline, "MEDLINE text (first line starts with \"PMID- \")"};
  }

  const std::vector<std::string> fields = header_fields(first_line);
  if (fields.size() >= 2) {
    if (has_field(fields, "citing") &&
        (has_field(fields, "referenced") || has_field(fields, "cited"))) {
      return {Format::kPairs,
              "citation-pairs CSV (header with \"citing\" and \"" +
                  std::string(has_field(fields, "referenced") ? "referenced" : "cited") + "\")"};
    }
    if (fields.front() == "pmid" && has_field(fields, "references")) {
      return {Format::kPairs, "iCite CSV (header \"pmid,...\" with a \"references\" column)"};
    }
  }

  Detection page = detect_pubmed_page(head);
  if (page.format != Format::kAuto) return page;

  return {Format::kAuto,
          "unrecognised content (first line: \"" + printable(trim(first_nonblank), 80) + "\")"};
}

}  // namespace citegraph::io
