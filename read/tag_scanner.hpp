// Private to io/: the byte scanner that runs ahead of libxml2 (read/xml_stream.cpp).
//
// Finds, ahead of libxml2, the start tags that are too long or have too many attributes:
// libxml2 2.9 compares each attribute of a start tag with every earlier one (quadratic), and
// holds a whole start tag before parsing it. A small state machine over the raw content: text,
// markup after '<', start/end tags with quoted attribute values, comments, CDATA sections,
// processing instructions and declarations (DOCTYPE with its internal subset). A '<' inside a
// quoted value (never valid XML) ends the tag there, so that broken quoting cannot hide later
// tags. State carries across chunks. O(bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace citegraph::io::xml {

class TagScanner {
 public:
  struct Violation {
    std::uint64_t offset = 0;  // of the tag's '<'
    std::string message;
  };

  TagScanner(std::size_t max_tag_bytes, std::size_t max_attributes)
      : max_tag_bytes_(max_tag_bytes), max_attributes_(max_attributes) {}

  void reset() {
    state_ = State::kText;
    run_ = 0;
  }

  // Scans data[0, n), which starts at content offset `base`; the first violation, if any.
  std::optional<Violation> scan(const char* data, std::size_t n, std::uint64_t base);

 private:
  enum class State { kText, kMarkup, kBang, kComment, kCdata, kPi, kDecl, kTag, kQuote };

  // The bytes being scanned.
  struct Bytes {
    const char* data = nullptr;
    std::size_t size = 0;
    std::uint64_t base = 0;  // content offset of data[0]
  };

  // One step per state. Each looks at the byte at `i` (the ones given `Bytes` may move `i` on
  // to the next byte that matters) and returns whether the scan moves past it (false: the
  // state changed and the same byte is looked at again, or the data ran out).
  bool to_next_tag(const Bytes& bytes, std::size_t& i);
  bool after_lt(char c);
  bool in_bang(char c);
  void in_comment_or_cdata(char c, char closer);
  void in_pi(char c);
  void in_decl(char c);
  bool in_tag(const Bytes& bytes, std::size_t& i, std::optional<Violation>& violation);
  bool in_quote(const Bytes& bytes, std::size_t& i, std::optional<Violation>& violation);

  [[nodiscard]] bool too_long_at(std::uint64_t offset) const {
    return offset - tag_start_ > max_tag_bytes_;
  }
  [[nodiscard]] Violation too_long() const;
  void open_tag(std::uint64_t offset) {
    state_ = State::kMarkup;
    tag_start_ = offset;
    attributes_ = 0;
    bang_comment_ = false;
  }

  std::size_t max_tag_bytes_;
  std::size_t max_attributes_;
  State state_ = State::kText;
  std::uint64_t tag_start_ = 0;
  std::size_t attributes_ = 0;
  std::size_t run_ = 0;  // progress through a multi-byte delimiter
  std::size_t depth_ = 0;
  char quote_ = 0;
  bool bang_comment_ = false;
};

}  // namespace citegraph::io::xml
