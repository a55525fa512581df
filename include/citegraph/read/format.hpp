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
// Recognises a format from the first bytes of content (up to 64 KiB, decompressed): XML by its
// root element, or by its first PubMed / JATS record element under any other root; text
// formats by their first lines. Empty content, binary data (more than 10% of the bytes control
// characters or invalid UTF-8; a stray NUL is not enough) and unrecognised text give kAuto
// with a reason. O(head).
[[nodiscard]] Detection detect_format(std::string_view head);

// detect_format on the first 64 KiB of a file's content (gunzipped when it is gzip), for
// directory expansion: a file that is not bibliographic (a .md5 checksum, a README, an image)
// gives kAuto and the reason (also for gzip data too damaged to show any content), to be
// skipped with a note. Throws IoError when it cannot be opened or read. O(64 KiB).
[[nodiscard]] Detection detect_file_format(const std::string& path);
// Whether a detection found one of the input formats.
[[nodiscard]] inline bool is_bibliographic(const Detection& detection) {
  return detection.format != Format::kAuto;
}

}  // namespace citegraph::io
