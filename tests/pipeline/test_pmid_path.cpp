// The PMID path of OCC pairs files (io::read_pairs_parallel -> GraphBuilder::add_pmid_citations)
// against the general path (read_input -> Records -> GraphBuilder::add) on the same inputs: the
// graphs must be byte-identical as snapshots, the build statistics and the read reports (counts,
// skips and warnings with their messages and example order, size, SHA-256) equal. Random files
// hold every kind of line the fast parse cannot take, cut into tiny chunks so that chunk
// boundaries fall inside runs, lines and multi-line quoted fields, read by 1-3 threads.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include "citegraph/graph/builder.hpp"
#include "citegraph/graph/snapshot.hpp"
#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/snapshot.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/read/readers.hpp"

namespace citegraph {
namespace {

class TempFile {
 public:
  explicit TempFile(const std::string& content, const std::string& name = "pairs.csv") {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("citegraph_pmid_test_" + std::to_string(::getpid()) + "_" +
              std::to_string(++counter) + "_" + name))
                .string();
    std::ofstream out(path_, std::ios::binary);
    out << content;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { std::remove(path_.c_str()); }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string snapshot_bytes(const CitationGraph& graph) {
  std::ostringstream out;
  write_snapshot(out, graph, BuildReport{});
  return out.str();
}

std::string describe(const Diagnostics& d) {
  std::string out =
      "skipped=" + std::to_string(d.skipped()) + " warnings=" + std::to_string(d.warnings()) + "\n";
  for (const auto* groups : {&d.skips(), &d.warning_groups()}) {
    for (const auto& [reason, group] : *groups) {
      out += reason + " x" + std::to_string(group.count) + "\n";
      for (const Issue& issue : group.examples) out += "  " + issue.to_string() + "\n";
    }
  }
  return out;
}

std::string describe(const io::InputReport& r) {
  return r.path + " format=" + std::to_string(static_cast<int>(r.format)) +
         " compressed=" + std::to_string(r.compressed) + " bytes=" + std::to_string(r.bytes) +
         " sha=" + r.sha256 + " records=" + std::to_string(r.records) +
         " references=" + std::to_string(r.references) +
         " with_pmid=" + std::to_string(r.references_with_pmid) +
         " deletions=" + std::to_string(r.deletions) +
         " has_refs=" + std::to_string(r.format_has_references) + "\n" + describe(r.diagnostics);
}

std::string describe(const BuildStats& s) {
  return "records=" + std::to_string(s.records) + " merged=" + std::to_string(s.records_merged) +
         " references=" + std::to_string(s.references) +
         " unidentified=" + std::to_string(s.references_unidentified) +
         " duplicates=" + std::to_string(s.duplicate_edges) +
         " self=" + std::to_string(s.self_citations) +
         " conflicts=" + std::to_string(s.identity_conflicts) +
         " deleted=" + std::to_string(s.records_deleted) +
         " unmatched=" + std::to_string(s.deletions_unmatched) +
         " metadata=" + std::to_string(s.metadata_records) +
         " used=" + std::to_string(s.metadata_used);
}

// A random OCC file: runs of citations (mostly ascending citing PMIDs unless `shuffled`), with
// self-citations, duplicates and every kind of line the fast parse leaves to the general reader.
// `one_in`: about one line in that many is irregular (0: none); more than one in 16 makes the
// reader go the general way from the first irregular line to the end, fewer reads each alone.
std::string random_occ(std::mt19937& rng, int lines, int one_in, bool shuffled) {
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::string out = pick(4) == 0 ? "\xEF\xBB\xBF" : "";
  out += pick(4) == 0 ? "citing,referenced\r\n" : "citing,referenced\n";
  long citing = 1 + pick(20);
  for (int i = 0; i < lines; ++i) {
    if (pick(5) == 0) citing = shuffled ? 1 + pick(60) : citing + 1 + pick(3);
    const long cited = pick(8) == 0 ? citing : 1 + pick(80);
    const std::string pair = std::to_string(citing) + "," + std::to_string(cited);
    if (one_in == 0 || pick(one_in) != 0) {
      out += pair + (pick(10) == 0 ? "\r\n" : "\n");
      continue;
    }
    switch (pick(23)) {
      case 0:
        out += "\n";
        break;
      case 1:
        out += "  \t\n";
        break;
      case 2:
        out += "\"" + std::to_string(citing) + "\",\"" + std::to_string(cited) + "\"\n";
        break;
      case 3:
        out += std::to_string(citing) + ", " + std::to_string(cited) + "\n";
        break;
      case 4:
        out += pair + ",7\n";
        break;
      case 5:
        out += "abc," + std::to_string(cited) + "\n";
        break;
      case 6:
        out += "0," + std::to_string(cited) + "\n";
        break;
      case 7:
        out += std::to_string(citing) + ",4294967296\n";
        break;
      case 8:
        out += "00000000001" + std::string(",") + std::to_string(cited) + "\n";
        break;
      case 9:
        out += std::string("1\0,2\n", 5);
        break;
      case 10:
        out += "\xff" + pair + "\n";
        break;
      case 11:  // a quoted field over two lines, closed
        out += "\"" + std::to_string(citing) + "\n" + std::to_string(cited) + "\",3\n";
        break;
      case 12:  // a quote never closed: given up after 100 lines, which are read again
        out += "\"" + pair + "\n";
        break;
      case 13:
        out += std::string(90, '7') + "," + std::to_string(cited) + "\n";
        break;
      case 14:
        out += pair + "\r\r\n";
        break;
      case 15:
        out += std::to_string(citing) + "\r," + std::to_string(cited) + "\n";
        break;
      case 16:
        out += std::to_string(citing) + "\n";
        break;
      case 17:
        out += "-" + pair + "\n";
        break;
      case 18:
        out += "4294967295," + std::to_string(cited) + "\n";
        break;
      case 19:  // leading zeros within a word, then across it
        out += "000" + std::to_string(citing) + ",0" + std::to_string(cited) + "\n";
        break;
      case 20:  // 7, 8 and 9 digits: the word-at-a-time parse and the byte loop meet here
        out += std::to_string(1000000 + pick(9000000)) + "," + std::to_string(10000000 + pick(80)) +
               (pick(2) == 0 ? "\n" : "\r\n");
        break;
      case 21:
        out += std::to_string(100000000 + pick(80)) + ",0000000" + std::to_string(cited) + "\n";
        break;
      default:
        out += pair + "\n" + pair + "\n";
        break;  // an exact duplicate
    }
  }
  switch (pick(3)) {
    case 0:
      out += std::to_string(citing) + ",9";
      break;  // no trailing newline
    case 1:
      out += std::to_string(citing) + ",9\r";
      break;
    default:
      break;
  }
  return out;
}

struct Read {
  std::string report;
  std::string stats;
  std::string graph;
  std::string error;  // what() of the exception, if any
};

Read read_general(const std::string& path, const io::ReadOptions& options) {
  Read read;
  GraphBuilder builder;
  const std::size_t corpus = builder.add_corpus("c");
  try {
    const io::InputReport report =
        io::read_input(path, options, [&](Record&& record) { builder.add(record, corpus); });
    read.report = describe(report);
    read.graph = snapshot_bytes(builder.build());
    read.stats = describe(builder.stats());
  } catch (const Error& e) {
    read.error = e.what();
  }
  return read;
}

Read read_pmid(const std::string& path, const io::ReadOptions& options, unsigned threads,
               std::uint64_t chunk_bytes) {
  Read read;
  GraphBuilder builder;
  builder.set_threads(threads);
  const std::size_t corpus = builder.add_corpus("c");
  try {
    const std::optional<io::InputReport> report = io::read_pairs_parallel(
        path, options, threads,
        [&](PmidCitations&& citations) {
          builder.add_pmid_citations(std::move(citations), corpus);
        },
        chunk_bytes);
    REQUIRE(report.has_value());
    read.report = describe(*report);
    read.graph = snapshot_bytes(builder.build());
    read.stats = describe(builder.stats());
  } catch (const Error& e) {
    read.error = e.what();
  }
  return read;
}

void check_same(const Read& pmid, const Read& general) {
  CHECK(pmid.error == general.error);
  CHECK(pmid.report == general.report);
  CHECK(pmid.stats == general.stats);
  CHECK(pmid.graph == general.graph);
}

TEST_CASE("pmid path: golden counts of a small OCC file, the same as the general path") {
  // Runs 10 (3 lines, one self-citation, one duplicate), 12 (2), 10 again (1): three records,
  // one merged; a blank line inside a run does not cut it; a bad PMID is a located skip.
  const TempFile file("citing,referenced\n10,20\n10,10\n\n10,20\n12,20\n12,x\n12,30\n10,40\n");
  const io::ReadOptions options;
  const Read general = read_general(file.path(), options);
  for (const unsigned threads : {1u, 2u}) {
    for (const std::uint64_t chunk : {std::uint64_t{0}, std::uint64_t{5}, std::uint64_t{9}}) {
      CAPTURE(threads);
      CAPTURE(chunk);
      check_same(read_pmid(file.path(), options, threads, chunk), general);
    }
  }
  CHECK(general.stats ==
        "records=3 merged=1 references=6 unidentified=0 duplicates=1 self=1 conflicts=0 "
        "deleted=0 unmatched=0 metadata=0 used=0");
  CHECK(general.report.find("records=3 references=6 with_pmid=6") != std::string::npos);
  CHECK(general.report.find(":7:4: referenced PMID \"x\"") != std::string::npos);
}

TEST_CASE("pmid path: random OCC files with irregular lines agree with the general path") {
  const std::uint64_t seed = 20261126;
  std::mt19937 rng(seed);
  for (int round = 0; round < 80; ++round) {
    const int one_in[] = {0, 6, 40, 150, 1};  // 1: every line irregular
    const bool shuffled = round % 3 == 0;
    const std::string content =
        random_occ(rng, 40 + static_cast<int>(rng() % 800), one_in[round % 5], shuffled);
    const TempFile file(content);
    io::ReadOptions options;
    if (round % 6 == 1) options.limits.max_line_bytes = 64;  // the 90-digit lines are too long
    if (round % 7 == 2) options.strict = true;
    const Read general = read_general(file.path(), options);
    const std::uint64_t chunks[] = {1, 7, 23, 64, 200, 4096, 0};
    const unsigned threads = 1 + static_cast<unsigned>(round % 3);
    for (const std::uint64_t chunk : chunks) {
      CAPTURE(round);
      CAPTURE(chunk);
      CAPTURE(threads);
      check_same(read_pmid(file.path(), options, threads, chunk), general);
    }
  }
}

TEST_CASE("pmid path: a header alone, a last line without newline, one irregular line at the end") {
  const io::ReadOptions options;
  for (const std::string& content :
       {std::string("citing,referenced\n"), std::string("citing,referenced\n7,8"),
        std::string("citing,referenced\n7,8\n7,9\n\"7\",10\n"),
        std::string("citing,referenced\n\"7\n8\",9\n7,10\n")}) {
    CAPTURE(content);
    const TempFile file(content);
    const Read general = read_general(file.path(), options);
    for (const std::uint64_t chunk : {std::uint64_t{1}, std::uint64_t{3}, std::uint64_t{0}}) {
      check_same(read_pmid(file.path(), options, 2, chunk), general);
    }
  }
}

TEST_CASE("pmid path: more irregular lines than a chunk keeps, below one in 16 of the file") {
  // 9,000 blank or quoted lines in the first 8 MiB chunk (over its 8,192) among 200,000: the
  // rest of the file is read the general way from the first one, with the same result.
  std::string content = "citing,referenced\n";
  for (int i = 0; i < 200000; ++i) {
    const std::string pair = std::to_string(10 + i / 7) + "," + std::to_string(1 + i % 997);
    content += i % 22 == 5 ? (i % 2 == 0 ? "\n" : "\"" + pair + "\"\n") : pair + "\n";
  }
  const TempFile file(content);
  const io::ReadOptions options;
  const Read general = read_general(file.path(), options);
  check_same(read_pmid(file.path(), options, 2, 0), general);
  check_same(read_pmid(file.path(), options, 2, 65536), general);  // no chunk over 8,192
}

TEST_CASE("pmid path: files it does not take are left to read_input") {
  const io::ReadOptions options;
  const auto taken = [&](const std::string& content) {
    const TempFile file(content);
    return io::read_pairs_parallel(file.path(), options, 2, [](PmidCitations&&) {}).has_value();
  };
  CHECK(taken("citing,referenced\n1,2\n"));
  CHECK(
      taken("\xEF\xBB\xBF"
            "citing,referenced\r\n1,2\r\n"));
  CHECK_FALSE(taken("citing,cited\n1,2\n"));               // OpenCitations
  CHECK_FALSE(taken("\"citing\",\"referenced\"\n1,2\n"));  // quoted header
  CHECK_FALSE(taken("pmid,references\n1,2 3\n"));          // iCite
  CHECK_FALSE(taken("PMID- 1\nTI  - A title\n"));          // MEDLINE
  CHECK_FALSE(taken(""));                                  // empty: read_input says so
  CHECK_FALSE(io::read_pairs_parallel("-", options, 2, [](PmidCitations&&) {}).has_value());
  io::ReadOptions forced;
  forced.format = io::Format::kMedline;
  const TempFile file("citing,referenced\n1,2\n");
  CHECK_FALSE(io::read_pairs_parallel(file.path(), forced, 2, [](PmidCitations&&) {}).has_value());
}

// Records of bare PMIDs, as the general reader makes them of PMID citations (pieces of one input
// continue each other's last run).
std::vector<Record> as_records(const std::vector<PmidCitations>& pieces) {
  std::vector<Record> records;
  for (const PmidCitations& piece : pieces) {
    std::size_t at = 0;
    for (std::size_t r = 0; r < piece.runs.size(); ++r) {
      const PmidRun& run = piece.runs[r];
      const bool continued =
          !records.empty() && *records.back().ids.pmid == run.citing && (r > 0 || piece.continues);
      if (!continued) {
        Record record;
        record.ids.pmid = run.citing;
        record.has_reference_list = true;
        records.push_back(std::move(record));
      }
      for (std::uint32_t k = 0; k < run.count; ++k) {
        Reference reference;
        reference.ids.pmid = piece.cited[at++];
        records.back().references.push_back(std::move(reference));
      }
    }
  }
  return records;
}

TEST_CASE("pmid path: mixed with records, deletions and metadata, the builder agrees") {
  std::mt19937 rng(7);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  // PMIDs 1..50 spread a page of the PMID set apart (odd rounds) or side by side.
  int round = 0;
  auto pmid = [&round](int x) { return static_cast<Pmid>(round % 2 == 0 ? x : x * 999983); };
  for (; round < 200; ++round) {
    CAPTURE(round);
    GraphBuilder pmid_builder;
    GraphBuilder general;
    pmid_builder.set_threads(1 + static_cast<unsigned>(round % 2));
    for (const char* name : {"A", "B", "C"}) {
      pmid_builder.add_corpus(name);
      general.add_corpus(name);
    }
    const int steps = 3 + pick(16);
    for (int step = 0; step < steps; ++step) {
      const std::size_t corpus = static_cast<std::size_t>(pick(3));
      switch (pick(5)) {
        case 0:
        case 1: {  // an OCC input in pieces
          std::vector<PmidCitations> pieces(1 + static_cast<std::size_t>(pick(3)));
          int citing = 1 + pick(10);
          for (std::size_t p = 0; p < pieces.size(); ++p) {
            pieces[p].continues = p > 0;
            const int count = 1 + pick(12);
            for (int i = 0; i < count; ++i) {
              if (pick(4) == 0) citing = round % 3 == 0 ? 1 + pick(30) : citing + 1;
              pieces[p].add(pmid(citing), pmid(pick(9) == 0 ? citing : 1 + pick(40)));
            }
          }
          for (Record& record : as_records(pieces)) general.add(record, corpus);
          for (PmidCitations& piece : pieces)
            pmid_builder.add_pmid_citations(std::move(piece), corpus);
          break;
        }
        case 2: {  // a record with text, a DOI, references by PMID and by DOI
          Record record;
          if (pick(3) != 0) record.ids.pmid = pmid(1 + pick(40));
          if (pick(2) == 0) record.ids.doi = "10.1000/w" + std::to_string(pick(6));
          record.title = "A study of things number " + std::to_string(pick(5));
          record.year = 1990 + pick(30);
          record.authors = {"Author " + std::to_string(pick(3))};
          record.has_reference_list = true;
          for (int i = pick(5); i > 0; --i) {
            Reference reference;
            if (pick(3) != 0) {
              reference.ids.pmid = pmid(1 + pick(40));
            } else {
              reference.ids.doi = "10.1000/w" + std::to_string(pick(6));
            }
            record.references.push_back(reference);
          }
          general.add(record, corpus);
          pmid_builder.add(record, corpus);
          break;
        }
        case 3: {  // a DeleteCitation
          Record deletion;
          deletion.deletion = true;
          deletion.ids.pmid = pmid(1 + pick(40));
          general.add(deletion, corpus);
          pmid_builder.add(deletion, corpus);
          break;
        }
        default: {  // metadata
          Record metadata;
          metadata.ids.pmid = pmid(1 + pick(50));
          metadata.journal = "J Things";
          metadata.year = 2000 + pick(20);
          general.add_metadata(metadata);
          pmid_builder.add_metadata(metadata);
          break;
        }
      }
    }
    const std::string expected = snapshot_bytes(general.build());
    CHECK(snapshot_bytes(pmid_builder.build()) == expected);
    CHECK(describe(pmid_builder.stats()) == describe(general.stats()));
    CHECK(describe(pmid_builder.diagnostics()) == describe(general.diagnostics()));
  }
}

TEST_CASE("pmid path: a deleted work's citations name PMIDs nothing else names") {
  // 7 -> 50,000,000 and 7 -> 90,000,000 are taken back by the deletion of 7; those PMIDs are in
  // no other citation (pages of the PMID set that are never made).
  for (const bool pmid_path : {true, false}) {
    CAPTURE(pmid_path);
    GraphBuilder builder;
    builder.add_corpus("A");
    PmidCitations pairs;
    pairs.add(5, 6);
    pairs.add(7, 50000000);
    pairs.add(7, 90000000);
    pairs.add(8, 5);
    if (pmid_path) {
      builder.add_pmid_citations(std::move(pairs), 0);
    } else {
      for (Record& record : as_records({pairs})) builder.add(record, 0);
    }
    Record deletion;
    deletion.deletion = true;
    deletion.ids.pmid = 7;
    builder.add(deletion, 0);
    const CitationGraph graph = builder.build();
    CHECK(graph.num_nodes() == 3);  // 5, 6, 8
    CHECK(graph.num_edges() == 2);
    CHECK(graph.find_pmid(50000000) == kNoNode);
    CHECK(builder.stats().records_deleted == 1);
    CHECK(builder.stats().records == 3);
  }
}

TEST_CASE("pmid path: pipeline::load of several OCC files, corpora and metadata") {
  // The same PMIDs in two files of two corpora, a gzip copy (streamed, general path) of one of
  // them, and iCite metadata on top: load() must give the same snapshot as when every input
  // goes the general way, i.e. as the gzip-only run.
  const TempFile a("citing,referenced\n5,6\n5,7\n8,5\n8,8\n9,6\n");
  const TempFile b("citing,referenced\n5,7\n5,9\n10,5\n2,1\n");
  const TempFile meta("pmid,doi,title,authors,year,journal,references\n6,,Six,,2001,J,\n");
  pipeline::RunConfig config;
  config.inputs = {{"A", a.path()}, {"B", b.path()}};
  config.corpus_order = {"A", "B"};
  config.metadata = {meta.path()};
  config.threads = 2;
  pipeline::Reporter quiet;
  const pipeline::Loaded loaded = pipeline::load(config, quiet);
  CHECK(loaded.graph.num_nodes() == 8);
  CHECK(loaded.graph.num_edges() == 7);
  CHECK(loaded.build_stats.records == 6);
  CHECK(loaded.build_stats.records_merged == 1);
  CHECK(loaded.build_stats.duplicate_edges == 1);
  CHECK(loaded.build_stats.self_citations == 1);
  CHECK(loaded.build_stats.metadata_used == 1);
  CHECK(loaded.graph.year(loaded.graph.find_pmid(6)) == 2001);
  CHECK(loaded.graph.citation_corpora(loaded.graph.find_pmid(5), loaded.graph.find_pmid(7)) == 3);

  // The same run with every input through the general reader (records one by one).
  GraphBuilder builder;
  builder.add_corpus("A");
  builder.add_corpus("B");
  io::ReadOptions options;
  (void)io::read_input(a.path(), options, [&](Record&& r) { builder.add(r, 0); });
  (void)io::read_input(b.path(), options, [&](Record&& r) { builder.add(r, 1); });
  (void)io::read_input(meta.path(), options, [&](Record&& r) { builder.add_metadata(r); });
  CHECK(snapshot_bytes(loaded.graph) == snapshot_bytes(builder.build()));
  CHECK(describe(loaded.build_stats) == describe(builder.stats()));
}

TEST_CASE("pmid path: a gzip'd OCC file goes through the builder's PMID path to the same graph") {
  // pipeline::load streams a .gz through the general reader and hands its bare-PMID records
  // to the builder as PMID citations (RecordFeed): the graph, stats and read report must be
  // those of every record given to GraphBuilder::add.
  std::mt19937 rng(7);
  for (int round = 0; round < 30; ++round) {
    CAPTURE(round);
    const std::string content = random_occ(rng, 40 + static_cast<int>(rng() % 600),
                                           round % 3 == 0 ? 0 : 12, round % 2 == 0);
    const TempFile file("", "pairs.csv.gz");  // written over with the gzip stream
    const std::string& path = file.path();
    {
      gzFile gz = gzopen(path.c_str(), "wb");
      REQUIRE(gz != nullptr);
      REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) ==
              static_cast<int>(content.size()));
      REQUIRE(gzclose(gz) == Z_OK);
    }
    io::ReadOptions options;
    const Read general = read_general(path, options);
    if (!general.error.empty()) continue;  // nothing readable: load() throws instead
    pipeline::RunConfig config;
    config.inputs = {{"c", path}};
    config.corpus_order = {"c"};
    config.threads = 1 + static_cast<unsigned>(round % 2);
    pipeline::Reporter quiet;
    const pipeline::Loaded loaded = pipeline::load(config, quiet);
    CHECK(snapshot_bytes(loaded.graph) == general.graph);
    CHECK(describe(loaded.build_stats) == general.stats);
    CHECK(describe(loaded.inputs.front().report) == general.report);
  }
}

TEST_CASE("pmid path: the other pairs dialects (records of bare PMIDs and records with metadata)") {
  // OpenCitations rows are bare PMID citations (handed to the builder as such); iCite rows carry
  // titles, DOIs and years (added as Records); both in one run, in order: the graph of every
  // record given to GraphBuilder::add.
  const std::string dir = std::string(CITEGRAPH_TEST_DATA) + "/fixtures/citation_pairs/";
  const std::string noci = dir + "opencitations_noci_citations.csv";
  const std::string icite = dir + "oc_ds_converter_icite_rows.csv";
  pipeline::RunConfig config;
  config.inputs = {{"A", noci}, {"B", icite}};
  config.corpus_order = {"A", "B"};
  pipeline::Reporter quiet;
  const pipeline::Loaded loaded = pipeline::load(config, quiet);
  GraphBuilder builder;
  builder.add_corpus("A");
  builder.add_corpus("B");
  io::ReadOptions options;
  (void)io::read_input(noci, options, [&](Record&& r) { builder.add(r, 0); });
  (void)io::read_input(icite, options, [&](Record&& r) { builder.add(r, 1); });
  CHECK(loaded.graph.num_edges() > 0);
  CHECK(snapshot_bytes(loaded.graph) == snapshot_bytes(builder.build()));
  CHECK(describe(loaded.build_stats) == describe(builder.stats()));
}

}  // namespace
}  // namespace citegraph
