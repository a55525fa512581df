// The byte scanner ahead of libxml2 (read/tag_scanner.hpp): one step function per state.
#include "read/tag_scanner.hpp"

#include <array>
#include <cstring>
#include <string_view>

namespace citegraph::io::xml {
namespace {

// The bytes that end a run of names and spaces inside a start tag.
bool tag_special(char c) {
  static constexpr auto kTable = [] {
    std::array<bool, 256> table{};
    for (const unsigned char special : {'>', '"', '\'', '<'}) table[special] = true;
    return table;
  }();
  return kTable[static_cast<unsigned char>(c)];
}

// The index of the first `c` in data[from, to), or `to`.
std::size_t find_byte(const char* data, std::size_t from, std::size_t to, char c) {
  const void* found = std::memchr(data + from, c, to - from);
  return found == nullptr ? to : static_cast<std::size_t>(static_cast<const char*>(found) - data);
}

}  // namespace

// The steps are defined before scan and inline: scan runs over every byte of the input.

// Text: on to the next '<'; false when the data holds none.
inline bool TagScanner::to_next_tag(const Bytes& bytes, std::size_t& i) {
  i = find_byte(bytes.data, i, bytes.size, '<');
  if (i == bytes.size) return false;
  open_tag(bytes.base + i);
  return true;
}

// Just after '<'.
inline bool TagScanner::after_lt(char c) {
  if (c == '!') {
    state_ = State::kBang;
    run_ = 0;
  } else if (c == '?') {
    state_ = State::kPi;
    run_ = 0;
  } else {
    state_ = State::kTag;
    return false;  // this byte is the tag's first
  }
  return true;
}

// "<!": "--" comment, "[CDATA[" section, else a declaration.
inline bool TagScanner::in_bang(char c) {
  static constexpr std::string_view kCdata = "[CDATA[";
  if (run_ < 2 && c == '-' && (run_ == 0 || bang_comment_)) {
    bang_comment_ = true;
    if (++run_ == 2) {
      state_ = State::kComment;
      run_ = 0;
    }
  } else if (!bang_comment_ && run_ < kCdata.size() && c == kCdata[run_]) {
    if (++run_ == kCdata.size()) {
      state_ = State::kCdata;
      run_ = 0;
    }
  } else {
    state_ = State::kDecl;
    depth_ = 0;
    quote_ = 0;
    return false;
  }
  return true;
}

// A comment up to "-->" (closer '-'), a CDATA section up to "]]>" (closer ']').
inline void TagScanner::in_comment_or_cdata(char c, char closer) {
  if (c == closer) {
    ++run_;
  } else {
    if (c == '>' && run_ >= 2) state_ = State::kText;
    run_ = 0;
  }
}

// A processing instruction, up to "?>".
inline void TagScanner::in_pi(char c) {
  if (c == '>' && run_ == 1) state_ = State::kText;
  run_ = c == '?' ? 1 : 0;
}

// A declaration, up to the '>' outside quotes and the internal subset's brackets.
inline void TagScanner::in_decl(char c) {
  if (quote_ != 0) {
    if (c == quote_) quote_ = 0;
  } else if (c == '"' || c == '\'') {
    quote_ = c;
  } else if (c == '[') {
    ++depth_;
  } else if (c == ']') {
    if (depth_ > 0) --depth_;
  } else if (c == '>' && depth_ == 0) {
    state_ = State::kText;
  }
}

// A start or end tag: names and spaces up to the next byte that matters.
inline bool TagScanner::in_tag(const Bytes& bytes, std::size_t& i,
                               std::optional<Violation>& violation) {
  while (i < bytes.size && !tag_special(bytes.data[i])) ++i;
  if (i == bytes.size) return false;
  const char t = bytes.data[i];
  if (t == '>') {
    state_ = State::kText;
    if (too_long_at(bytes.base + i)) violation = too_long();
  } else if (t == '"' || t == '\'') {
    quote_ = t;
    state_ = State::kQuote;
    if (++attributes_ > max_attributes_) {
      violation = Violation{
          tag_start_, "element with more than " + std::to_string(max_attributes_) + " attributes"};
    }
  } else {  // '<'
    if (too_long_at(bytes.base + i)) {
      violation = too_long();
    } else {
      open_tag(bytes.base + i);
    }
  }
  return true;
}

// A quoted attribute value, up to its closing quote; a '<' in it starts a new tag.
inline bool TagScanner::in_quote(const Bytes& bytes, std::size_t& i,
                                 std::optional<Violation>& violation) {
  const std::size_t stop = find_byte(bytes.data, i, bytes.size, quote_);
  const std::size_t lt = find_byte(bytes.data, i, stop, '<');
  if (lt != stop) {
    i = lt;
    if (too_long_at(bytes.base + i)) {
      violation = too_long();
    } else {
      open_tag(bytes.base + i);
    }
    return true;
  }
  i = stop;
  if (i == bytes.size) return false;
  state_ = State::kTag;
  return true;
}

std::optional<TagScanner::Violation> TagScanner::scan(const char* data, std::size_t n,
                                                      std::uint64_t base) {
  const Bytes bytes{data, n, base};
  std::optional<Violation> violation;
  std::size_t i = 0;
  while (i < n) {
    const char c = data[i];
    bool advance = true;
    switch (state_) {
      case State::kText:
        if (!to_next_tag(bytes, i)) return std::nullopt;
        break;
      case State::kMarkup:
        advance = after_lt(c);
        break;
      case State::kBang:
        advance = in_bang(c);
        break;
      case State::kComment:
        in_comment_or_cdata(c, '-');
        break;
      case State::kCdata:
        in_comment_or_cdata(c, ']');
        break;
      case State::kPi:
        in_pi(c);
        break;
      case State::kDecl:
        in_decl(c);
        break;
      case State::kTag:
        advance = in_tag(bytes, i, violation);
        break;
      case State::kQuote:
        advance = in_quote(bytes, i, violation);
        break;
    }
    if (violation) return violation;
    if (advance) ++i;
  }
  // A tag still open at the end of the data: checked here, since it may never close.
  if ((state_ == State::kTag || state_ == State::kQuote) && too_long_at(base + n)) {
    return too_long();
  }
  return std::nullopt;
}

TagScanner::Violation TagScanner::too_long() const {
  return Violation{tag_start_,
                   "start tag longer than " + std::to_string(max_tag_bytes_) + " bytes"};
}

}  // namespace citegraph::io::xml
