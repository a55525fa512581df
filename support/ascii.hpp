// ASCII character classes and text helpers shared by every library of the project (private: not
// installed, spelled #include "support/ascii.hpp"). Byte-wise and locale-independent: bytes >= 0x80
// (UTF-8 lead and continuation bytes) are never digits, letters or space, and are never
// case-mapped.
#pragma once

#include <string>
#include <string_view>

namespace citegraph::ascii {

[[nodiscard]] constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
[[nodiscard]] constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
[[nodiscard]] constexpr bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
[[nodiscard]] constexpr bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

// Space and tab.
[[nodiscard]] constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
// Space, tab, LF, CR: XML's white space (S), and what the line-based text readers (PubMed pages,
// reference strings, pairs fields) take as space. Unlike is_space, not \f or \v.
[[nodiscard]] constexpr bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
// Space, tab, LF, CR, FF, VT: std::isspace in the "C" locale.
[[nodiscard]] constexpr bool is_space(char c) { return is_xml_space(c) || c == '\f' || c == '\v'; }

[[nodiscard]] constexpr char to_lower(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}
[[nodiscard]] constexpr char to_upper(char c) {
  return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

// `s` without the leading and trailing characters for which `drop(c)` holds.
template <typename Pred>
[[nodiscard]] constexpr std::string_view trim_if(std::string_view s, Pred drop) {
  while (!s.empty() && drop(s.front())) s.remove_prefix(1);
  while (!s.empty() && drop(s.back())) s.remove_suffix(1);
  return s;
}
// `s` without leading and trailing is_space characters.
[[nodiscard]] constexpr std::string_view trim(std::string_view s) { return trim_if(s, is_space); }

// `s` with A-Z mapped to a-z; every other byte kept.
[[nodiscard]] inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// Equal ignoring ASCII case.
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}
// `s` starts with `prefix`, ignoring ASCII case.
[[nodiscard]] constexpr bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// A byte that continues a UTF-8 character (10xxxxxx): no character starts there.
[[nodiscard]] constexpr bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}
// The longest prefix of `s` of at most `max_bytes` that does not end inside a UTF-8 character:
// every text that is cut for display is cut here, so that the output stays valid UTF-8.
[[nodiscard]] constexpr std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  while (n > 0 && is_utf8_continuation(s[n])) --n;
  return s.substr(0, n);
}

}  // namespace citegraph::ascii
