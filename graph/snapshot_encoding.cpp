// Encoding and decoding the snapshot's non-column sections (graph/snapshot_encoding.hpp).
#include "graph/snapshot_encoding.hpp"

#include <array>
#include <map>

namespace citegraph::snapshot_detail {
namespace {

void put_groups(std::string& out, const std::map<std::string, Diagnostics::Group>& groups) {
  put<std::uint64_t>(out, groups.size());
  for (const auto& [reason, group] : groups) {
    put_string(out, reason);
    put<std::uint64_t>(out, group.count);
    put<std::uint64_t>(out, group.examples.size());
    for (const Issue& issue : group.examples) {
      put_string(out, issue.where.path);
      put<std::uint64_t>(out, issue.where.line);
      put<std::uint32_t>(out, issue.where.column);
      put_string(out, issue.message);
      put_string(out, issue.line_text);
    }
  }
}

void put_diagnostics(std::string& out, const Diagnostics& diagnostics) {
  put_groups(out, diagnostics.skips());
  put_groups(out, diagnostics.warning_groups());
}

constexpr std::size_t kStatsFields = 18;
// A field added to BuildStats must be added here (and the format version bumped).
static_assert(sizeof(BuildStats) == kStatsFields * sizeof(std::uint64_t));
std::array<std::uint64_t*, kStatsFields> stats_fields(BuildStats& s) {
  auto& r = s.references_resolved;
  return {&s.records,
          &s.records_merged,
          &s.references,
          &s.references_unidentified,
          &s.duplicate_edges,
          &s.self_citations,
          &s.identity_conflicts,
          &s.records_deleted,
          &s.deletions_unmatched,
          &s.metadata_records,
          &s.metadata_used,
          &r[0],
          &r[1],
          &r[2],
          &r[3],
          &r[4],
          &r[5],
          &s.reference_years_dropped};
}

}  // namespace

std::string encode_report(const BuildReport& report) {
  std::string out;
  put<std::uint64_t>(out, report.inputs.size());
  for (const SnapshotInput& input : report.inputs) {
    put_string(out, input.corpus);
    put<std::uint8_t>(out, input.metadata ? 1 : 0);
    put_string(out, input.path);
    put_string(out, input.given);
    put_string(out, input.format);
    put<std::uint8_t>(out, input.compressed ? 1 : 0);
    put<std::uint64_t>(out, input.bytes);
    put_string(out, input.sha256);
    put<std::uint64_t>(out, input.records);
    put<std::uint64_t>(out, input.references);
    put<std::uint64_t>(out, input.references_with_pmid);
    put<std::uint64_t>(out, input.deletions);
    put<std::uint8_t>(out, input.format_has_references ? 1 : 0);
    put_diagnostics(out, input.diagnostics);
  }
  put<std::uint64_t>(out, report.skipped_files.size());
  for (const auto& [path, reason] : report.skipped_files) {
    put_string(out, path);
    put_string(out, reason);
  }
  put_strings(out, report.duplicate_notes);
  BuildStats stats = report.stats;
  for (const std::uint64_t* field : stats_fields(stats)) put<std::uint64_t>(out, *field);
  put_diagnostics(out, report.diagnostics);
  return out;
}

BuildReport decode_report(Decoder& in) {
  BuildReport report;
  report.inputs.resize(in.get_count(64));
  for (SnapshotInput& input : report.inputs) {
    input.corpus = in.get_string();
    input.metadata = in.get_bool();
    input.path = in.get_string();
    input.given = in.get_string();
    input.format = in.get_string();
    input.compressed = in.get_bool();
    input.bytes = in.get<std::uint64_t>();
    input.sha256 = in.get_string();
    input.records = in.get<std::uint64_t>();
    input.references = in.get<std::uint64_t>();
    input.references_with_pmid = in.get<std::uint64_t>();
    input.deletions = in.get<std::uint64_t>();
    input.format_has_references = in.get_bool();
    input.diagnostics = in.get_diagnostics();
  }
  report.skipped_files.resize(in.get_count(16));
  for (auto& [path, reason] : report.skipped_files) {
    path = in.get_string();
    reason = in.get_string();
  }
  report.duplicate_notes = in.get_strings();
  for (std::uint64_t* field : stats_fields(report.stats)) *field = in.get<std::uint64_t>();
  report.diagnostics = in.get_diagnostics();
  in.finish();
  return report;
}

void put_text(std::string& out, const WorkText& t) {
  t.for_each_field([&out](const std::string& field) { put_string(out, field); });
}

WorkText get_text(Decoder& in) {
  WorkText t;
  t.for_each_field([&in](std::string& field) { field = in.get_string(); });
  return t;
}

void put_meta(std::string& out, const SourceMeta& m) {
  put_strings(out, m.authors);
  put_strings(out, m.affiliations);
  put_strings(out, m.keywords);
  put_strings(out, m.mesh);
  put_string(out, m.abstract);
  put<std::uint8_t>(out, m.has_reference_list ? 1 : 0);
  put<std::uint32_t>(out, m.references_listed);
  put<std::uint8_t>(out, m.retracted ? 1 : 0);
}

SourceMeta get_meta(Decoder& in) {
  SourceMeta m;
  m.authors = in.get_strings();
  m.affiliations = in.get_strings();
  m.keywords = in.get_strings();
  m.mesh = in.get_strings();
  m.abstract = in.get_string();
  m.has_reference_list = in.get_bool();
  m.references_listed = in.get<std::uint32_t>();
  m.retracted = in.get_bool();
  return m;
}

}  // namespace citegraph::snapshot_detail
