// The .cgraph snapshot: every accessor survives a round trip; truncation, flipped bytes, a wrong
// magic or version are clear ParseErrors, never a crash.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/snapshot.hpp"

using namespace citegraph;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("citegraph_snapshot_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

struct TempFile {
  explicit TempFile(const std::string& name) : path(temp_path(name)) {}
  ~TempFile() { std::remove(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path;
};

std::string encode(const CitationGraph& g, const BuildReport& report = {}) {
  std::ostringstream out;
  write_snapshot(out, g, report);
  return out.str();
}

void put_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

void check_same_text(const WorkText& a, const WorkText& b) {
  CHECK(a.doi == b.doi);
  CHECK(a.pmcid == b.pmcid);
  CHECK(a.citation_key == b.citation_key);
  CHECK(a.title_key == b.title_key);
  CHECK(a.title == b.title);
  CHECK(a.journal == b.journal);
  CHECK(a.volume == b.volume);
  CHECK(a.issue == b.issue);
  CHECK(a.pages == b.pages);
}

void check_same_meta(const SourceMeta* a, const SourceMeta* b) {
  REQUIRE((a == nullptr) == (b == nullptr));
  if (a == nullptr) return;
  CHECK(a->authors == b->authors);
  CHECK(a->affiliations == b->affiliations);
  CHECK(a->keywords == b->keywords);
  CHECK(a->mesh == b->mesh);
  CHECK(a->abstract == b->abstract);
  CHECK(a->has_reference_list == b->has_reference_list);
  CHECK(a->references_listed == b->references_listed);
  CHECK(a->retracted == b->retracted);
}

// Every accessor of CitationGraph agrees.
void check_same_graph(const CitationGraph& a, const CitationGraph& b) {
  REQUIRE(a.num_nodes() == b.num_nodes());
  REQUIRE(a.num_edges() == b.num_edges());
  CHECK(a.out().offsets() == b.out().offsets());
  CHECK(std::ranges::equal(a.out().targets(), b.out().targets()));
  CHECK(a.in().offsets() == b.in().offsets());
  CHECK(std::ranges::equal(a.in().targets(), b.in().targets()));
  CHECK(a.corpora() == b.corpora());
  CHECK(std::ranges::equal(a.source_nodes(), b.source_nodes()));
  CHECK(a.source_meta_rows() == b.source_meta_rows());
  for (NodeId v = 0; v < a.num_nodes(); ++v) {
    CAPTURE(v);
    CHECK(a.pmid(v) == b.pmid(v));
    CHECK(a.year(v) == b.year(v));
    CHECK(a.is_source(v) == b.is_source(v));
    CHECK(a.kind(v) == b.kind(v));
    CHECK(a.source_corpora(v) == b.source_corpora(v));
    CHECK(a.corpora(v) == b.corpora(v));
    CHECK(a.node_key(v) == b.node_key(v));
    check_same_text(a.text(v), b.text(v));
    check_same_meta(a.source_meta(v), b.source_meta(v));
    if (a.pmid(v) != 0) CHECK(b.find_pmid(a.pmid(v)) == a.find_pmid(a.pmid(v)));
    for (const NodeId w : a.out().neighbors(v)) {
      CHECK(a.citation_corpora(v, w) == b.citation_corpora(v, w));
    }
  }
  for (std::uint64_t e = 0; e < a.num_edges(); ++e) CHECK(a.edge_corpora(e) == b.edge_corpora(e));
  for (const Pmid absent : {Pmid{0}, Pmid{3}, Pmid{999999}, Pmid{4000000000u}}) {
    CHECK(b.find_pmid(absent) == a.find_pmid(absent));
  }
}

Snapshot round_trip(const CitationGraph& g, const BuildReport& report, const std::string& name) {
  TempFile file(name);
  put_file(file.path, encode(g, report));
  CHECK(is_snapshot_file(file.path));
  Snapshot snapshot = read_snapshot(file.path);
  CHECK(snapshot.graph.mapped_bytes() > 0);
  return snapshot;  // the mapping outlives the file's name
}

Record source(Pmid pmid, std::vector<Pmid> cited, std::string path = "a.txt") {
  Record r;
  r.ids.pmid = pmid;
  r.where = {std::move(path), 1, 0};
  r.has_reference_list = true;
  for (const Pmid c : cited) {
    Reference ref;
    ref.ids.pmid = c;
    r.references.push_back(ref);
  }
  return r;
}

// A builder graph with every kind of content: texts, rich and plain source metadata, works
// without PMID, several corpora, a retraction, a skipped reference and an identity conflict.
CitationGraph rich_graph(BuildStats& stats, Diagnostics& diagnostics) {
  GraphBuilder b;
  const auto a = b.add_corpus("A");
  const auto c = b.add_corpus("B-corpus");
  Record r1 = source(11827993, {5, 7, 12});
  r1.title = "Rheumatoid arthritis and the heart: a review";
  r1.journal = "J Clin Invest";
  r1.year = 2002;
  r1.volume = "109";
  r1.pages = "337-46";
  r1.ids.doi = "10.1172/jci14988";
  r1.authors = {"Smith J", "Doe A"};
  r1.affiliations = {"Somewhere University"};
  r1.keywords = {"heart"};
  r1.mesh = {"Arthritis, Rheumatoid"};
  r1.abstract = "An abstract with \"quotes\" and UTF-8: é.";
  r1.retracted = true;
  Reference by_text;
  by_text.citation = "Jones B. A cited work. Lancet. 1999;353:1-5.";
  by_text.journal = "Lancet";
  by_text.year = 1999;
  by_text.volume = "353";
  by_text.pages = "1-5";
  by_text.title = "A cited work without identifiers";
  r1.references.push_back(by_text);
  Reference nothing;  // unidentifiable: skipped and counted by the builder
  nothing.citation = "??";
  nothing.where = {"a.txt", 3, 4};
  r1.references.push_back(nothing);
  b.add(r1, a);
  b.add(source(7, {5}), a);
  b.add(source(7, {12}, "b.txt"), c);
  Record doi_only;
  doi_only.where = {"b.txt", 9, 0};
  doi_only.ids.doi = "10.1000/xyz";
  doi_only.year = 2020;
  doi_only.has_reference_list = true;
  doi_only.references.push_back(source(0, {11827993}).references.front());
  doi_only.references.front().ids.pmid = 11827993;
  b.add(doi_only, c);
  Record plain = source(300, {}, "b.txt");
  plain.has_reference_list = false;
  b.add(plain, c);
  CitationGraph g = b.build();
  stats = b.stats();
  diagnostics = b.diagnostics();
  return g;
}

BuildReport sample_report(const BuildStats& stats, const Diagnostics& diagnostics) {
  BuildReport report;
  SnapshotInput input;
  input.corpus = "A";
  input.path = "tests/data/a.txt";
  input.given = "tests/data";
  input.format = "pubmed-page";
  input.compressed = true;
  input.bytes = 12345;
  input.sha256 = std::string(64, 'f');
  input.records = 3;
  input.references = 9;
  input.references_with_pmid = 6;
  input.deletions = 1;
  input.format_has_references = false;
  for (int i = 0; i < 8; ++i) {
    input.diagnostics.skip("reference line without journal",
                           Issue{{"a.txt", static_cast<std::uint64_t>(10 + i), 2},
                                 "no journal",
                                 "line\ttext " + std::to_string(i)});
  }
  input.diagnostics.warn("odd year", Issue{{"a.txt", 4, 0}, "year 1066", ""});
  report.inputs.push_back(input);
  SnapshotInput meta;
  meta.metadata = true;
  meta.path = "meta.nbib";
  meta.format = "medline";
  report.inputs.push_back(meta);
  report.skipped_files = {{"dir/README", "not a citation format: text"}};
  report.duplicate_notes = {"x.txt: the same file as y.txt; read once"};
  report.stats = stats;
  report.diagnostics = diagnostics;
  // The smallest group there is (a one-letter reason, no example), last in the section.
  report.diagnostics.add_group(true, "z", Diagnostics::Group{2, {}});
  return report;
}

void check_same_groups(const std::map<std::string, Diagnostics::Group>& a,
                       const std::map<std::string, Diagnostics::Group>& b) {
  REQUIRE(a.size() == b.size());
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    CHECK(ia->first == ib->first);
    CHECK(ia->second.count == ib->second.count);
    REQUIRE(ia->second.examples.size() == ib->second.examples.size());
    for (std::size_t k = 0; k < ia->second.examples.size(); ++k) {
      CHECK(ia->second.examples[k].to_string() == ib->second.examples[k].to_string());
    }
  }
}

void check_same_diagnostics(const Diagnostics& a, const Diagnostics& b) {
  CHECK(a.skipped() == b.skipped());
  CHECK(a.warnings() == b.warnings());
  check_same_groups(a.skips(), b.skips());
  check_same_groups(a.warning_groups(), b.warning_groups());
}

// A random graph through the public constructor; `combinations` distinct corpus sets on the
// edges (more than 254 exercises the overflow tables).
CitationGraph random_graph(std::uint32_t seed, NodeId n, std::size_t edges, std::size_t corpora,
                           std::uint64_t combinations) {
  std::mt19937_64 rng(seed);
  std::vector<std::pair<NodeId, NodeId>> pairs;
  for (std::size_t e = 0; e < edges; ++e) {
    const auto u = static_cast<NodeId>(rng() % n);
    const auto v = static_cast<NodeId>(rng() % n);
    if (u != v) pairs.emplace_back(u, v);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(n) + 1, 0);
  std::vector<NodeId> targets;
  std::vector<CorpusSet> edge_corpora;
  const CorpusSet mask = corpora == 64 ? ~CorpusSet{0} : (CorpusSet{1} << corpora) - 1;
  for (const auto& [u, v] : pairs) {
    ++offsets[u + 1];
    targets.push_back(v);
    edge_corpora.push_back((rng() % combinations + 1) * 0x9E3779B97F4A7C15ull & mask);
  }
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  NodeTable nodes;
  for (NodeId v = 0; v < n; ++v) {
    // PMIDs ascending first, then works without (the builder's order), unless shuffled below.
    nodes.pmid.push_back(v < n * 3 / 4 ? 1000 + 7 * v : 0);
    nodes.year.push_back(static_cast<std::int32_t>(rng() % 3 == 0 ? 0 : 1900 + rng() % 125));
    nodes.source_corpora.push_back(rng() % 2 == 0 ? (rng() % combinations) * 31 & mask : 0);
    if (nodes.pmid.back() == 0 || rng() % 5 == 0) {
      WorkText text;
      text.title_key = "work-" + std::to_string(v);
      text.title = "Work " + std::to_string(v);
      if (rng() % 2 == 0) text.doi = "10.1/" + std::to_string(v);
      nodes.texts.emplace_back(v, text);
    }
    if (rng() % 3 == 0) {
      SourceMeta meta;
      meta.has_reference_list = rng() % 2 == 0;
      meta.references_listed = static_cast<std::uint32_t>(rng() % 4);
      if (rng() % 4 == 0) meta.authors = {"A" + std::to_string(v), "B"};
      if (rng() % 8 == 0) meta.abstract = std::string(rng() % 300, 'x');
      nodes.sources.emplace_back(v, meta);
    }
  }
  if (seed % 2 == 1) std::swap(nodes.pmid[0], nodes.pmid[n / 2]);  // not in builder order
  std::vector<std::string> names;
  for (std::size_t c = 0; c < corpora; ++c) names.push_back("corpus-" + std::to_string(c));
  return CitationGraph(Csr(std::move(offsets), std::move(targets)), std::move(nodes),
                       std::move(edge_corpora), std::move(names));
}

// Snapshot section boundaries: the offsets in the header's table (see graph/snapshot.cpp).
std::vector<std::uint64_t> section_boundaries(const std::string& bytes) {
  std::vector<std::uint64_t> at;
  std::uint32_t sections = 0;
  std::memcpy(&sections, bytes.data() + 20, 4);
  for (std::uint32_t s = 0; s < sections; ++s) {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::memcpy(&offset, bytes.data() + 56 + 32 * s + 8, 8);
    std::memcpy(&size, bytes.data() + 56 + 32 * s + 16, 8);
    at.push_back(offset);
    at.push_back(offset + size);
  }
  return at;
}

std::string error_of(const std::string& path, unsigned threads = 1) {
  try {
    (void)read_snapshot(path, threads);
  } catch (const ParseError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a builder graph and its build report survive a snapshot round trip") {
  BuildStats stats;
  Diagnostics diagnostics;
  const CitationGraph g = rich_graph(stats, diagnostics);
  REQUIRE(g.num_nodes() >= 6);
  REQUIRE(diagnostics.skipped() + diagnostics.warnings() > 0);
  const BuildReport report = sample_report(stats, diagnostics);
  const Snapshot s = round_trip(g, report, "rich.cgraph");
  check_same_graph(g, s.graph);
  CHECK(s.graph.memory_bytes() < g.memory_bytes());  // the big arrays are not copied
  REQUIRE(s.report.inputs.size() == 2);
  const SnapshotInput& in = s.report.inputs[0];
  CHECK(in.corpus == "A");
  CHECK_FALSE(in.metadata);
  CHECK(in.path == "tests/data/a.txt");
  CHECK(in.given == "tests/data");
  CHECK(in.format == "pubmed-page");
  CHECK(in.compressed);
  CHECK(in.bytes == 12345);
  CHECK(in.sha256 == std::string(64, 'f'));
  CHECK(in.records == 3);
  CHECK(in.references == 9);
  CHECK(in.references_with_pmid == 6);
  CHECK(in.deletions == 1);
  CHECK_FALSE(in.format_has_references);
  check_same_diagnostics(in.diagnostics, report.inputs[0].diagnostics);
  CHECK(in.diagnostics.skipped() == 8);
  CHECK(in.diagnostics.skips().at("reference line without journal").examples.size() ==
        Diagnostics::kExamplesPerReason);
  CHECK(s.report.inputs[1].metadata);
  CHECK(s.report.inputs[1].format == "medline");
  CHECK(s.report.skipped_files == report.skipped_files);
  CHECK(s.report.duplicate_notes == report.duplicate_notes);
  CHECK(s.report.stats.records == stats.records);
  CHECK(s.report.stats.references == stats.references);
  CHECK(s.report.stats.references_unidentified == stats.references_unidentified);
  CHECK(s.report.stats.metadata_used == stats.metadata_used);
  check_same_diagnostics(s.report.diagnostics, report.diagnostics);
  CHECK(s.report.diagnostics.warning_groups().at("z").count == 2);
}

TEST_CASE("random graphs survive a snapshot round trip, with and without overflow corpus sets") {
  struct Case {
    std::uint32_t seed;
    NodeId n;
    std::size_t edges;
    std::size_t corpora;
    std::uint64_t combinations;
  };
  for (const Case& c : {Case{1, 1, 0, 1, 1}, Case{2, 50, 200, 2, 3}, Case{3, 400, 3000, 5, 20},
                        Case{4, 2000, 20000, 64, 1000}, Case{5, 3000, 15000, 12, 600},
                        // One corpus: every edge shares one corpus-set index (a 1-byte section).
                        Case{6, 300, 2000, 1, 1}, Case{7, 2, 1, 1, 1}}) {
    CAPTURE(c.seed);
    const CitationGraph g = random_graph(c.seed, c.n, c.edges, c.corpora, c.combinations);
    const Snapshot s = round_trip(g, BuildReport{}, "random.cgraph");
    check_same_graph(g, s.graph);
    for (std::uint64_t e = 0; e < g.num_edges(); ++e)
      CHECK(s.graph.edge_corpora(e) == g.edge_corpora(e));
    // A copy shares the mapping and stays valid when the original goes.
    auto copy = std::make_unique<CitationGraph>(s.graph);
    const CitationGraph moved = std::move(*copy);
    copy.reset();
    check_same_graph(g, moved);
  }
  const Snapshot empty = round_trip(CitationGraph{}, BuildReport{}, "empty.cgraph");
  CHECK(empty.graph.num_nodes() == 0);
  CHECK(empty.graph.num_edges() == 0);
}

TEST_CASE("a snapshot cut at any section boundary, or anywhere in its header, is a clear error") {
  BuildStats stats;
  Diagnostics diagnostics;
  const std::string bytes =
      encode(rich_graph(stats, diagnostics), sample_report(stats, diagnostics));
  std::vector<std::uint64_t> cuts = section_boundaries(bytes);
  for (std::uint64_t k = 0; k < 700 && k < bytes.size(); k += 7) cuts.push_back(k);
  cuts.push_back(bytes.size() - 1);
  TempFile file("cut.cgraph");
  for (const std::uint64_t cut : cuts) {
    if (cut >= bytes.size()) continue;
    CAPTURE(cut);
    put_file(file.path, bytes.substr(0, cut));
    const std::string error = error_of(file.path);
    CHECK(error.rfind(file.path + ": ", 0) == 0);
    if (cut >= 24) CHECK(error.find("truncated") != std::string::npos);
  }
  put_file(file.path, bytes + std::string(64, '\0'));
  CHECK(error_of(file.path).find("bytes appended") != std::string::npos);
}

TEST_CASE("every flipped byte of a snapshot is detected") {
  const CitationGraph g = random_graph(7, 300, 2000, 3, 5);
  const std::string bytes = encode(g);
  TempFile file("flip.cgraph");
  std::mt19937_64 rng(42);
  // Every byte of the header and the section padding, and random bytes everywhere.
  std::vector<std::size_t> positions;
  for (std::size_t p = 0; p < 1024 && p < bytes.size(); ++p) positions.push_back(p);
  for (int k = 0; k < 400; ++k) positions.push_back(rng() % bytes.size());
  for (const std::size_t p : positions) {
    CAPTURE(p);
    std::string corrupted = bytes;
    corrupted[p] = static_cast<char>(corrupted[p] ^ (1u << (rng() % 8)));
    put_file(file.path, corrupted);
    const std::string error = error_of(file.path);
    CHECK(error.rfind(file.path + ": ", 0) == 0);
  }
}

TEST_CASE("threads check a large snapshot the same: pieces' CRCs combined, edge sums split") {
  // 2.3M edges: the target sections are 9.2 MB, more than one 8 MiB CRC piece each.
  const CitationGraph g = random_graph(11, 200000, 2300000, 2, 3);
  const std::string bytes = encode(g);
  TempFile file("large.cgraph");
  put_file(file.path, bytes);
  REQUIRE(g.num_edges() * sizeof(NodeId) > (std::size_t{8} << 20));
  for (const unsigned threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    const Snapshot s = read_snapshot(file.path, threads);
    CHECK(std::ranges::equal(s.graph.out().targets(), g.out().targets()));
    CHECK(std::ranges::equal(s.graph.in().targets(), g.in().targets()));
    CHECK(s.graph.in().offsets() == g.in().offsets());
  }
  // A flipped byte deep in a section (past its first piece) gives the same error on any count.
  const std::vector<std::uint64_t> boundaries = section_boundaries(bytes);
  std::mt19937_64 rng(5);
  for (int k = 0; k < 6; ++k) {
    std::string corrupted = bytes;
    const std::size_t p = bytes.size() / 2 + rng() % (bytes.size() / 2);
    corrupted[p] = static_cast<char>(corrupted[p] ^ 0x10);
    put_file(file.path, corrupted);
    const std::string one = error_of(file.path, 1);
    CAPTURE(p);
    CHECK(one.find("corrupt snapshot") != std::string::npos);
    CHECK(error_of(file.path, 2) == one);
    CHECK(error_of(file.path, 3) == one);
  }
}

TEST_CASE("a wrong magic, version or byte order names what is wrong") {
  const std::string bytes = encode(random_graph(2, 20, 40, 1, 1));
  TempFile file("header.cgraph");
  std::string other = bytes;
  other[1] = 'X';
  put_file(file.path, other);
  CHECK(error_of(file.path) == file.path +
                                   ": not a citegraph snapshot (it does not start with the "
                                   ".cgraph magic bytes)");
  CHECK_FALSE(is_snapshot_file(file.path));
  other = bytes;
  const std::uint32_t version = 1;  // the first format, with 64-bit offsets always
  std::memcpy(other.data() + 8, &version, 4);
  put_file(file.path, other);
  CHECK(error_of(file.path) == file.path +
                                   ": snapshot format version 1; this citegraph reads version 4 "
                                   "(rebuild it with citegraph build)");
  other = bytes;
  std::reverse(other.begin() + 12, other.begin() + 16);
  put_file(file.path, other);
  CHECK(error_of(file.path).find("other byte order") != std::string::npos);
  put_file(file.path, "");
  CHECK(error_of(file.path) == file.path + ": not a citegraph snapshot (empty file)");
  put_file(file.path, "citing,referenced\n1,2\n");
  CHECK_FALSE(is_snapshot_file(file.path));
  CHECK(error_of(file.path).find("not a citegraph snapshot") != std::string::npos);
  CHECK_THROWS_AS((void)read_snapshot(temp_path("missing.cgraph")), IoError);
}

namespace {

// Recomputes every section's CRC-32 and the header's, as a forger would: what is left to catch
// a bad file is the check of the graph's invariants.
void reseal(std::string& bytes) {
  auto crc = [](const char* data, std::size_t size) {
    return static_cast<std::uint32_t>(
        crc32_z(crc32_z(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(data), size));
  };
  std::uint32_t sections = 0;
  std::memcpy(&sections, bytes.data() + 20, 4);
  for (std::uint32_t s = 0; s < sections; ++s) {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::memcpy(&offset, bytes.data() + 56 + 32 * s + 8, 8);
    std::memcpy(&size, bytes.data() + 56 + 32 * s + 16, 8);
    const std::uint32_t c = crc(bytes.data() + offset, size);
    std::memcpy(bytes.data() + 56 + 32 * s + 4, &c, 4);
  }
  const std::size_t header = 56 + 32 * sections;
  const std::uint32_t c = crc(bytes.data(), header);
  std::memcpy(bytes.data() + header, &c, 4);
}

// Calls every accessor on every node and edge (a sanitizer build turns any out-of-bounds read
// into a failure).
std::uint64_t touch_everything(const CitationGraph& g) {
  std::uint64_t sum = 0;
  for (NodeId v = 0; v < g.num_nodes(); ++v) {
    sum += g.pmid(v) + static_cast<std::uint64_t>(g.year(v)) + g.source_corpora(v) + g.corpora(v) +
           g.node_key(v).size() + g.text(v).title.size() +
           (g.source_meta(v) != nullptr ? g.source_meta(v)->authors.size() : 0) +
           g.find_pmid(g.pmid(v)) + g.out().degree(v) + g.in().degree(v);
    for (const NodeId w : g.out().neighbors(v)) sum += g.citation_corpora(v, w);
  }
  for (std::uint64_t e = 0; e < g.num_edges(); ++e) sum += g.edge_corpora(e);
  return sum;
}

}  // namespace

TEST_CASE(
    "a snapshot with matching checksums but inconsistent content is an error or a graph "
    "whose every accessor stays in bounds") {
  BuildStats stats;
  Diagnostics diagnostics;
  const std::string rich =
      encode(rich_graph(stats, diagnostics), sample_report(stats, diagnostics));
  const std::string random = encode(random_graph(5, 500, 3000, 12, 600));
  TempFile file("forged.cgraph");
  std::mt19937_64 rng(7);
  int rejected = 0;
  int accepted = 0;
  for (const std::string* original : {&rich, &random}) {
    const std::vector<std::uint64_t> bounds = section_boundaries(*original);
    for (int round = 0; round < 600; ++round) {
      std::string bytes = *original;
      // A few bytes of one section, chosen at random (sections with no bytes skipped).
      const std::size_t s = rng() % (bounds.size() / 2);
      const std::uint64_t begin = bounds[2 * s];
      const std::uint64_t end = bounds[2 * s + 1];
      if (begin == end) continue;
      const int flips = 1 + static_cast<int>(rng() % 3);
      for (int k = 0; k < flips; ++k) {
        const std::uint64_t at = begin + rng() % (end - begin);
        bytes[at] = static_cast<char>(rng() % 3 == 0 ? 0xFF : bytes[at] ^ (1u << (rng() % 8)));
      }
      reseal(bytes);
      put_file(file.path, bytes);
      CAPTURE(s);
      try {
        const Snapshot snapshot = read_snapshot(file.path);
        (void)touch_everything(snapshot.graph);
        ++accepted;
      } catch (const ParseError& e) {
        CHECK(std::string(e.what()).rfind(file.path + ": ", 0) == 0);
        ++rejected;
      }
    }
  }
  // Most forgeries break an invariant; some (a PMID, a year, a title's letter) are just values.
  CHECK(rejected > 100);
  CHECK(accepted > 10);
}
