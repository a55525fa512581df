// read_input: the one entry point from a path to Records. It opens the input (gunzipping
// transparently), detects the format from the first 64 KiB of content unless one is forced,
// refuses empty and binary inputs with a clear message, runs the format's reader with a sink
// that counts what passes through, then reads the rest of the raw bytes so that the reported
// size and SHA-256 are those of the whole file even when the reader stopped early. Damaged gzip
// data ends the content where it starts: the records before it are kept, and the damage is a
// warning ("corrupt or truncated gzip data", with its byte offset), a ParseError under strict.
#include "citegraph/read/reader.hpp"

#include <memory>
#include <string>
#include <utility>

#include "citegraph/graph/error.hpp"
#include "citegraph/read/readers.hpp"

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

std::string damage_text(const Input& input) {
  const InputDamage& damage = *input.damage();
  return "corrupt or truncated gzip data at byte " + std::to_string(damage.offset) + ": " +
         damage.message;
}

// The format to read with: the one asked for, else the one detected. Empty, binary and
// undetectable inputs are refused whatever format was asked for: no reader can make sense of
// them, and a forced reader would only produce a less helpful message.
Format choose_format(const Detection& detected, const ReadOptions& options, const Input& input,
                     const SourceLocation& where) {
  if (detected.format == Format::kAuto) {
    if (input.damage())
      throw ParseError(where, damage_text(input) + "; nothing readable before it");
    if (detected.reason == kEmptyReason) throw ParseError(where, "empty input");
    if (detected.reason == kBinaryReason) {
      throw ParseError(where, "binary data, not a citation format");
    }
  }
  if (options.format != Format::kAuto) return options.format;
  if (detected.format == Format::kAuto) {
    throw ParseError(where, "cannot detect the input format: " + detected.reason);
  }
  return detected.format;
}

// `sink`, counting into `report` what passes.
RecordSink counting_sink(InputReport& report, const RecordSink& sink) {
  return [&report, &sink](Record&& record) {
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
}

// read_pairs; with `pmid_sink`, records of bare PMIDs go there, counted into `report`.
void read_pairs_counted(Input& input, ReadContext& context, const RecordSink& counting,
                        InputReport& report, const PmidCitationSink* pmid_sink) {
  if (pmid_sink == nullptr) {
    read_pairs(input, context, counting);
    return;
  }
  // Every run is one record of bare PMIDs (read_pairs starts a run per record).
  const PmidCitationSink counting_pmids = [&report, pmid_sink](PmidCitations&& citations) {
    report.records += citations.runs.size();
    report.references += citations.cited.size();
    report.references_with_pmid += citations.cited.size();
    (*pmid_sink)(std::move(citations));
  };
  read_pairs(input, context, counting, counting_pmids);
}

// The reader of each format but pairs (read_pairs_counted), by Format.
using Reader = void (*)(Input&, ReadContext&, const RecordSink&);
Reader reader_of(Format format) {
  switch (format) {
    case Format::kPubmedPage:
      return read_pubmed_page;
    case Format::kMedline:
      return read_medline;
    case Format::kPubmedXml:
      return read_pubmed_xml;
    case Format::kJats:
      return read_jats;
    case Format::kPairs:
    case Format::kAuto:
      break;
  }
  return nullptr;
}

InputReport read_any(const std::string& path, const ReadOptions& options, const RecordSink& sink,
                     const PmidCitationSink* pmid_sink) {
  InputReport report;
  report.path = path;
  std::unique_ptr<Input> input = Input::open(path);

  const Detection detected = detect_format(input->peek(kDetectionBytes));
  const SourceLocation where{path, 0, 0};
  const Format format = choose_format(detected, options, *input, where);
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

  const RecordSink counting = counting_sink(report, sink);
  if (format == Format::kPairs) {
    read_pairs_counted(*input, context, counting, report, pmid_sink);
  } else if (const Reader reader = reader_of(format)) {
    reader(*input, context, counting);
  }

  input->drain();
  report.bytes = input->raw_bytes();
  report.sha256 = input->sha256_hex();
  if (input->damage()) {
    report.damage = input->damage();
    const Issue issue{where,
                      damage_text(*input) + "; the " + std::to_string(report.records) +
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
