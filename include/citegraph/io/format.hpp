// Input formats, their names on the command line, and detection by content.
#pragma once

#include <string>
#include <string_view>

namespace citegraph::io {

enum class Format { kAuto, kPubmedPage, kMedline, kPubmedXml, kJats, kPairs };

// "auto", "pubmed-page", "medline", "pubmed-xml", "jats", "pairs".
[[nodiscard]] std::string_view format_name(Format format);
// Inverse of format_name; throws InvalidArgument naming the value and the accepted names.
[[nodiscard]] Format parse_format(std::string_view name);

struct Detection {
  Format format = Format::kAuto;  // kAuto = not recognised
  std::string reason;             // why it was (not) recognised, for messages
};
// Recognises a format from the first bytes of content (up to 64 KiB, decompressed).
// Empty content, content with NUL bytes and unrecognised text give kAuto with a reason.
[[nodiscard]] Detection detect_format(std::string_view head);

}  // namespace citegraph::io
