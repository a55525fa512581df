// read_input: the one entry point from a path to Records. It opens the input (gunzipping
// transparently), detects the format from the first 64 KiB of content unless one is forced,
// refuses empty and binary inputs with a clear message, runs the format's reader with a sink
// that counts what passes through, then reads the rest of the raw bytes so that the reported
// size and SHA-256 are those of the whole file even when the reader stopped early. Damaged gzip
// data ends the content where it starts: the records before it are kept, and the damage is a
// warning ("corrupt or truncated gzip data", with its byte offset), a ParseError under strict.
#include "citegraph/io/reader.hpp"

#include <memory>
#include <string>
#include <utility>

#include "citegraph/graph/error.hpp"
#include "citegraph/io/readers.hpp"

namespace citegraph::io {
namespace {

constexpr std::size_t kDetectionBytes = std::size_t{64} << 10;

// Mirrors the reasons detect_format gives for content that is no format at all.
constexpr std::string_view kEmptyReason = "empty input";
constexpr std::string_view kBinaryReason = "binary data";

}  // namespace

void ReadContext::skip(const std::string& reason, const Issue& issue) {
  if (options_.strict) {
    throw ParseError(issue.where, issue.message.empty() ? reason : issue.message, issue.line_text);
  }
  diagnostics_.skip(reason, issue);
}

void ReadContext::warn(const std::string& reason, const Issue& issue) {
  diagnostics_.warn(reason, issue);
}

namespace {

InputReport read_any(const std::string& path, const ReadOptions& options, const RecordSink& sink,
                     const PmidCitationSink* pmid_sink) {
  InputReport report;
  report.path = path;
  std::unique_ptr<Input> input = Input::open(path);

  const Detection detected = detect_format(input->peek(kDetectionBytes));
  const SourceLocation where{path, 0, 0};
  const auto damage_text = [&input] {
    const InputDamage& damage = *input->damage();
    return "corrupt or truncated gzip data at byte " + std::to_string(damage.offset) + ": " +
           damage.message;
  };
  if (detected.format == Format::kAuto && input->damage()) {
    throw ParseError(where, damage_text() + "; nothing readable before it");
  }
  // Empty and binary inputs are refused whatever format was asked for: no reader can make
  // sense of them, and a forced reader would only produce a less helpful message.
  if (detected.format == Format::kAuto && detected.reason == kEmptyReason) {
    throw ParseError(where, "empty input");
  }
  if (detected.format == Format::kAuto && detected.reason == kBinaryReason) {
    throw ParseError(where, "binary data, not a citation format");
  }

  Format format = options.format;
  if (format == Format::kAuto) {
    if (detected.format == Format::kAuto) {
      throw ParseError(where, "cannot detect the input format: " + detected.reason);
    }
    format = detected.format;
  }
  report.format = format;
  report.compressed = input->compressed();
  // MEDLINE never carries reference lists: its records' "no references" means unknown.
  report.format_has_references = format != Format::kMedline;

  ReadContext context(options, report.diagnostics);
  if (options.format != Format::kAuto && detected.format != Format::kAuto &&
      detected.format != options.format) {
    context.warn("forced format differs from the content",
                 Issue{where,
                       "read as " + std::string(format_name(options.format)) +
                           " as requested, but the content looks like " + detected.reason,
                       {}});
  }

  const RecordSink counting = [&report, &sink](Record&& record) {
    if (record.deletion) {
      ++report.deletions;
      if (sink) sink(std::move(record));
      return;
    }
    ++report.records;
    report.references += record.references.size();
    for (const Reference& reference : record.references) {
      if (reference.ids.pmid) ++report.references_with_pmid;
    }
    if (sink) sink(std::move(record));
  };

  switch (format) {
    case Format::kPubmedPage:
      read_pubmed_page(*input, context, counting);
      break;
    case Format::kPairs:
      if (pmid_sink != nullptr) {
        // Every run is one record of bare PMIDs (read_pairs starts a run per record).
        const PmidCitationSink counting_pmids = [&report, pmid_sink](PmidCitations&& citations) {
          report.records += citations.runs.size();
          report.references += citations.cited.size();
          report.references_with_pmid += citations.cited.size();
          (*pmid_sink)(std::move(citations));
        };
        read_pairs(*input, context, counting, counting_pmids);
      } else {
        read_pairs(*input, context, counting);
      }
      break;
    case Format::kMedline:
      read_medline(*input, context, counting);
      break;
    case Format::kPubmedXml:
      read_pubmed_xml(*input, context, counting);
      break;
    case Format::kJats:
      read_jats(*input, context, counting);
      break;
    case Format::kAuto:
      break;  // resolved above
  }

  input->drain();
  report.bytes = input->raw_bytes();
  report.sha256 = input->sha256_hex();
  if (input->damage()) {
    report.damage = input->damage();
    const Issue issue{where,
                      damage_text() + "; the " + std::to_string(report.records) +
                          " records before it were read, anything after it is lost",
                      {}};
    if (options.strict) throw ParseError(issue.where, issue.message);
    report.diagnostics.warn("corrupt or truncated gzip data", issue);
  }
  return report;
}

}  // namespace

InputReport read_input(const std::string& path, const ReadOptions& options,
                       const RecordSink& sink) {
  return read_any(path, options, sink, nullptr);
}

InputReport read_input(const std::string& path, const ReadOptions& options, const RecordSink& sink,
                       const PmidCitationSink& pmid_sink) {
  return read_any(path, options, sink, &pmid_sink);
}

}  // namespace citegraph::io
