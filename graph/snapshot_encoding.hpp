// The snapshot's encoded sections (strings, lists, the build report, texts, sources): put_*
// append, a Decoder reads back with every read bounds-checked. Private to graph/.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "citegraph/graph/snapshot.hpp"

namespace citegraph::snapshot_detail {

template <class T>
void put(std::string& out, T value) {
  static_assert(std::is_trivially_copyable_v<T>);
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

template <class T>
void put_at(std::string& out, std::size_t at, T value) {
  std::memcpy(out.data() + at, &value, sizeof(T));
}

inline void put_string(std::string& out, const std::string& text) {
  put<std::uint64_t>(out, text.size());
  out += text;
}

inline void put_strings(std::string& out, const std::vector<std::string>& texts) {
  put<std::uint64_t>(out, texts.size());
  for (const std::string& text : texts) put_string(out, text);
}

// Reads an encoded section; every read is bounds-checked and a short or malformed section is
// a ParseError naming the file and the section.
class Decoder {
 public:
  Decoder(std::string_view bytes, const std::string& path, const char* section)
      : bytes_(bytes), path_(path), section_(section) {}

  template <class T>
  T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  bool get_bool() {
    const auto value = get<std::uint8_t>();
    if (value > 1) fail("a flag is neither 0 nor 1");
    return value == 1;
  }
  // A count of items of at least `min_bytes` each: bounded by what is left, so that a corrupt
  // count cannot make a reader reserve terabytes.
  std::uint64_t get_count(std::size_t min_bytes) {
    const auto count = get<std::uint64_t>();
    if (count > (bytes_.size() - at_) / std::max<std::size_t>(min_bytes, 1)) {
      fail("a count of " + std::to_string(count) + " exceeds the section");
    }
    return count;
  }
  std::string get_string() {
    const std::uint64_t size = get_count(1);
    std::string text(bytes_.substr(at_, size));
    at_ += size;
    return text;
  }
  std::vector<std::string> get_strings() {
    std::vector<std::string> texts(get_count(8));
    for (std::string& text : texts) text = get_string();
    return texts;
  }
  void get_groups(Diagnostics& diagnostics, bool warning) {
    const std::uint64_t groups = get_count(24);  // reason length, count, examples count
    for (std::uint64_t g = 0; g < groups; ++g) {
      const std::string reason = get_string();
      Diagnostics::Group group;
      group.count = get<std::uint64_t>();
      group.examples.resize(get_count(36));
      if (group.examples.size() > Diagnostics::kExamplesPerReason ||
          group.examples.size() > group.count) {
        fail("a diagnostics group holds more examples than it counts");
      }
      for (Issue& issue : group.examples) {
        issue.where.path = get_string();
        issue.where.line = get<std::uint64_t>();
        issue.where.column = get<std::uint32_t>();
        issue.message = get_string();
        issue.line_text = get_string();
      }
      diagnostics.add_group(warning, reason, std::move(group));
    }
  }
  Diagnostics get_diagnostics() {
    Diagnostics diagnostics;
    get_groups(diagnostics, false);
    get_groups(diagnostics, true);
    return diagnostics;
  }
  void finish() {
    if (at_ != bytes_.size()) fail("bytes left over after its last entry");
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw ParseError(SourceLocation{path_, 0, 0},
                     "corrupt snapshot: section " + std::string(section_) + ": " + what);
  }

 private:
  void need(std::size_t bytes) const {
    if (bytes > bytes_.size() - at_) fail("ends in the middle of an entry");
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
  const std::string& path_;
  const char* section_;
};

std::string encode_report(const BuildReport& report);
BuildReport decode_report(Decoder& in);
void put_text(std::string& out, const WorkText& t);
WorkText get_text(Decoder& in);
void put_meta(std::string& out, const SourceMeta& m);
SourceMeta get_meta(Decoder& in);

}  // namespace citegraph::snapshot_detail
