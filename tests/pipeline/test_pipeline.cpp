// The pipeline library on its own: the output tables of a tiny drawn graph with golden values,
// the pass selection, and a whole run (load -> passes -> summary) on the bundled seeds through
// the public API, without the command line.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "citegraph/pipeline/issues.hpp"
#include "citegraph/pipeline/load.hpp"
#include "citegraph/pipeline/passes.hpp"
#include "citegraph/pipeline/snapshot.hpp"
#include "citegraph/pipeline/summary.hpp"
#include "citegraph/pipeline/tables.hpp"
#include "tests/analysis/graph_maker.hpp"

namespace citegraph::pipeline {
namespace {

const io::Column& column(const io::Table& table, const std::string& name) {
  const auto it = std::find_if(table.columns.begin(), table.columns.end(),
                               [&](const io::Column& c) { return c.name == name; });
  REQUIRE_MESSAGE(it != table.columns.end(), "no column ", name);
  return *it;
}

// Two corpora: s1 (A) cites w3, w4, w5; s2 (B) cites w3, w4. PMIDs are node + 1.
CitationGraph tiny_graph() {
  test::GraphMaker g({"A", "B"});
  const NodeId s1 = g.source(1, SourceMeta{}, "J Rheumatol", 2010, "Study one");
  const NodeId s2 = g.source(2, SourceMeta{}, "Lupus", 2011, "Study two");
  const NodeId w3 = g.work("Lancet", 2000);
  const NodeId w4 = g.work("Lancet", 2001);
  const NodeId w5 = g.work("BMJ", 2005);
  for (const NodeId w : {w3, w4, w5}) g.cite(s1, w);
  for (const NodeId w : {w3, w4}) g.cite(s2, w);
  return g.build();
}

class SilentReporter : public Reporter {
 public:
  void note(const std::string& text) override { notes.push_back(text); }
  std::vector<std::string> notes;
};

}  // namespace

TEST_CASE("pipeline: citation tables name works by PMID, label them and tag edges by corpus") {
  const CitationGraph graph = tiny_graph();
  const io::GraphTables t = citation_tables(graph);
  CHECK(t.directed);
  CHECK(t.node_ids == std::vector<std::string>{"1", "2", "3", "4", "5"});
  const io::Column& label = column(t.node_attributes, "label");
  CHECK(label.strings[0] == "Study one");    // a source's title
  CHECK(label.strings[2] == "Lancet 2000");  // journal and year
  CHECK(label_of(graph, 4) == "BMJ 2005");
  CHECK(corpus_names(graph, 3) == "A;B");
  CHECK(corpus_names(graph, 2) == "B");
  REQUIRE(t.edges.size() == 5);
  const io::Column& corpus = column(t.edge_attributes, "corpus");
  CHECK(corpus.strings[0] == "A");  // s1 -> w3
  CHECK(corpus.strings[3] == "B");  // s2 -> w3
  const io::Table nodes = nodes_csv_table(t);
  CHECK(nodes.columns[0].name == "Id");
  CHECK(nodes.columns[1].name == "Label");
  const io::Table edges = edges_csv_table(t);
  CHECK(column(edges, "Type").strings[0] == "Directed");
}

TEST_CASE(
    "pipeline: run_passes computes only the selected passes; pair tables hold golden values") {
  const CitationGraph graph = tiny_graph();
  RunConfig config;
  SilentReporter reporter;
  PassSelection only_pairs = PassSelection::none();
  only_pairs.cocitation = true;
  const AnalysisResults r = run_passes(graph, config, only_pairs, reporter);
  CHECK(r.centrality.pagerank.empty());
  CHECK(r.cocitation_centrality.eigenvector.empty());  // cocite computes no centrality
  CHECK(r.coupling.pairs.empty());
  CHECK(r.distributions.corpora.empty());
  REQUIRE(r.cocitation.pairs.size() == 3);
  REQUIRE(reporter.notes.size() == 1);
  CHECK(reporter.notes[0].find("co-citation: estimate before the run") == 0);

  const io::Table table = pairs_table(graph, r.cocitation.pairs, r.cocitation.item_count,
                                      Normalization::kCount, false, config.pairs);
  REQUIRE(table.rows() == 3);
  CHECK(column(table, "Source").strings == std::vector<std::string>{"3", "3", "4"});
  CHECK(column(table, "Target").strings == std::vector<std::string>{"4", "5", "5"});
  CHECK(column(table, "citing").strings == std::vector<std::string>{"1 2", "1", "1"});
  const io::Column& count = column(table, "count");
  CHECK(count.doubles == std::vector<double>{2, 1, 1});
  // (3,4): c = 2, c_3 = c_4 = 2; (3,5): c = 1, c_3 = 2, c_5 = 1.
  CHECK(column(table, "association").doubles[0] == doctest::Approx(0.5));
  CHECK(column(table, "cosine").doubles[0] == doctest::Approx(1.0));
  CHECK(column(table, "cosine").doubles[1] == doctest::Approx(1.0 / std::sqrt(2.0)));
  CHECK(column(table, "jaccard").doubles[1] == doctest::Approx(0.5));
  CHECK(column(table, "inclusion").doubles[1] == doctest::Approx(1.0));
}

TEST_CASE("pipeline: pair CSVs streamed in chunks are the bytes of the table, any thread count") {
  // 600 works, 300 of them sources citing 25 others at random: tens of thousands of pairs, so
  // several chunks; every 7th work has no PMID but a DOI with characters ids escape.
  const std::uint64_t seed = 20261126;
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  const NodeId n = 600;
  std::vector<std::uint64_t> offsets(n + 1, 0);
  std::vector<NodeId> targets;
  for (NodeId v = 0; v < n; ++v) {
    std::vector<NodeId> cited;
    if (v < 20) {  // 40 works cited by the first 20 sources: pairs with 20-60 witnesses
      for (NodeId w = 560; w < n; ++w) cited.push_back(w);
    }
    if (v < 300) {
      while (cited.size() < (v < 20 ? 65U : 25U)) {
        const auto w = static_cast<NodeId>(rng() % n);
        if (w != v && std::find(cited.begin(), cited.end(), w) == cited.end()) cited.push_back(w);
      }
    }
    std::sort(cited.begin(), cited.end());
    targets.insert(targets.end(), cited.begin(), cited.end());
    offsets[v + 1] = targets.size();
  }
  NodeTable t;
  for (NodeId v = 0; v < n; ++v) {
    // PMIDs of 4 to 10 digits (the largest 32-bit PMIDs) to exercise every id length.
    t.pmid.push_back(v % 7 == 0 ? 0 : (v % 3 == 0 ? 4294967295U - v : 1000 + v * 37 * (v % 5 + 1)));
    t.year.push_back(2000);
    t.source_corpora.push_back(v < 300 ? 1 : 0);
    if (v % 7 == 0) {
      WorkText text;
      text.doi = "10.1000/a,\"b\"" + std::to_string(v);
      t.texts.emplace_back(v, std::move(text));
    }
    if (v < 300) t.sources.emplace_back(v, SourceMeta{});
  }
  std::vector<CorpusSet> edge_corpora(targets.size(), 1);
  const CitationGraph graph(Csr(std::move(offsets), std::move(targets)), std::move(t),
                            std::move(edge_corpora), {"A"});
  for (const bool coupling : {false, true}) {
    CAPTURE(coupling);
    // Witness lists bounded, complete (up to 60 ids, some without a PMID) and absent; Weight
    // copying each of the figures.
    for (const std::uint64_t limit : {std::uint64_t{0}, std::uint64_t{2}, std::uint64_t{3}}) {
      CAPTURE(limit);
      PairParams params;
      params.witnesses = limit != 3;
      params.witness_limit = limit == 3 ? 0 : limit;
      const PairResult r =
          coupling ? citegraph::coupling(graph, params) : cocitation(graph, params);
      REQUIRE(r.pairs.size() > 16384);  // more than one chunk
      for (const Normalization weight :
           {Normalization::kAssociation, Normalization::kCount, Normalization::kInclusion}) {
        std::ostringstream expected;
        io::write_csv(expected, pairs_table(graph, r.pairs, r.item_count, weight, coupling, params),
                      true);
        REQUIRE(expected.str().find("doi:10.1000") != std::string::npos);  // the general id path
        for (const unsigned threads : {1u, 2u, 3u}) {
          CAPTURE(threads);
          std::ostringstream streamed;
          write_pairs_csv(streamed, graph, r.pairs, r.item_count, weight, coupling, params,
                          threads);
          CHECK(streamed.str() == expected.str());
        }
      }
      if (limit == 0) {  // long witness lists, with and without a work lacking a PMID
        std::ostringstream table;
        io::write_csv(table, pairs_table(graph, r.pairs, r.item_count, Normalization::kCount,
                                         coupling, params));
        CHECK(table.str().find(coupling ? ",40\n" : ",20\n") != std::string::npos);
      }
    }
  }
}

TEST_CASE("pipeline: journals and years tables per corpus then overall") {
  const CitationGraph graph = tiny_graph();
  RunConfig config;
  Reporter quiet;
  PassSelection only = PassSelection::none();
  only.distributions = true;
  const AnalysisResults r = run_passes(graph, config, only, quiet);
  const io::Table journals = journals_table(r.distributions);
  const io::Column& corpus = column(journals, "corpus");
  const io::Column& journal = column(journals, "journal");
  const io::Column& count = column(journals, "count");
  // Corpus A cites Lancet twice and BMJ once; B cites Lancet twice; "*" is the union.
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < journals.rows(); ++i) {
    rows.push_back(corpus.strings[i] + "|" + journal.strings[i] + "|" +
                   std::to_string(count.ints[i]));
  }
  CHECK(rows ==
        std::vector<std::string>{"A|Lancet|2", "A|BMJ|1", "B|Lancet|2", "*|Lancet|4", "*|BMJ|1"});
}

TEST_CASE("pipeline: measures by default, beyond --exact-limit and from --measures") {
  const CitationGraph graph = tiny_graph();
  RunConfig config;
  SilentReporter reporter;
  PassSelection selection = PassSelection::none();
  selection.centrality = true;
  // Small graph: every measure, no note.
  AnalysisResults all = run_passes(graph, config, selection, reporter);
  CHECK(all.centrality_measures.measures == kCitationMeasures);
  CHECK(all.centrality_measures.left_out.empty());
  CHECK(reporter.notes.empty());
  const io::Table full = citation_centrality_table(graph, all.centrality);
  CHECK(full.columns.size() == 9);  // Id, Label, in/out degree, pagerank, hub, authority, ...
  // Above --exact-limit: the cheap ones, and a note naming those left out.
  config.centrality.exact_betweenness_limit = config.centrality.exact_closeness_limit = 2;
  const AnalysisResults cheap = run_passes(graph, config, selection, reporter);
  CHECK(cheap.centrality_measures.measures ==
        Measures::none().add(Measure::kDegree).add(Measure::kPageRank).add(Measure::kHits));
  CHECK(cheap.centrality.betweenness.empty());
  CHECK(cheap.centrality.harmonic.empty());
  REQUIRE(reporter.notes.size() == 1);
  CHECK(reporter.notes[0].find("betweenness,harmonic left out by default") != std::string::npos);
  CHECK(reporter.notes[0].find("--measures all") != std::string::npos);
  const io::Table table = citation_centrality_table(graph, cheap.centrality);
  for (const io::Column& c : table.columns) {
    CHECK(c.name != "betweenness");
    CHECK(c.name != "harmonic");
  }
  CHECK(column(table, "pagerank").size() == graph.num_nodes());
  // --measures wins over the limit, in both directions.
  config.measures_chosen = true;
  config.centrality.measures = Measures::none().add(Measure::kHarmonic);
  const AnalysisResults chosen = run_passes(graph, config, selection, reporter);
  CHECK(chosen.centrality.pagerank.empty());
  CHECK(chosen.centrality.harmonic.size() == graph.num_nodes());
  CHECK(chosen.centrality_measures.left_out == "not in --measures harmonic");
  const io::Table one = citation_centrality_table(graph, chosen.centrality);
  REQUIRE(one.columns.size() == 3);  // Id, Label, harmonic (exact: --samples >= n)
  CHECK(one.columns[2].name == "harmonic");
  CHECK(reporter.notes.size() == 1);  // a chosen set is no surprise: no note
}

TEST_CASE("pipeline: inputs grouped by command-line PATH, issues by reason over every file") {
  Loaded loaded;
  auto input = [&](const std::string& path, const std::string& given, std::uint64_t records,
                   std::uint32_t bad_pmids) {
    LoadedInput in;
    in.corpus = "A";
    in.given = given;
    in.from_directory = path != given;
    in.report.path = path;
    in.report.format = io::Format::kPubmedXml;
    in.report.records = records;
    in.report.references = 3 * records;
    for (std::uint32_t i = 0; i < bad_pmids; ++i) {
      in.report.diagnostics.warn("invalid reference PMID",
                                 Issue{{path, 4, 10 + i}, "reference PMID \"0\"", "<x>0</x>"});
    }
    loaded.inputs.push_back(std::move(in));
  };
  input("dir/1.xml", "dir", 2, 1);
  input("dir/2.xml", "dir", 3, 2);
  input("one.xml", "one.xml", 1, 0);
  input("dir/3.xml", "dir", 0, 0);
  loaded.skipped_files.push_back({"dir/3.xml", "no record (the file holds none)"});
  loaded.build_diagnostics.skip("self-citation", Issue{{"dir/2.xml", 9, 1}, "cites itself", ""});

  const std::vector<InputGroup> groups = input_groups(loaded);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].path == "dir");
  CHECK(groups[0].files == 3);
  CHECK(groups[0].records == 5);
  CHECK(groups[0].references == 15);
  CHECK(groups[0].warnings == 3);
  CHECK(groups[0].formats == std::vector<std::string>{"pubmed-xml"});
  CHECK(groups[1].path == "one.xml");
  CHECK(groups[1].files == 1);

  const std::vector<IssueGroup> issues = issue_groups(loaded, 2);
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].skipped);  // skips first
  CHECK(issues[0].reason == "self-citation");
  CHECK(issues[1].reason == "invalid reference PMID");  // then the most frequent warning
  CHECK(issues[1].count == 3);
  CHECK(issues[1].files == 2);
  REQUIRE(issues[1].examples.size() == 2);  // the limit, in input order
  CHECK(issues[1].examples[0].rfind("dir/1.xml:4:10: reference PMID", 0) == 0);
  CHECK(issues[1].examples[1].rfind("dir/2.xml:4:10:", 0) == 0);
  CHECK(issues[2].reason == "no record (the file holds none)");
  CHECK(issues[2].examples == std::vector<std::string>{"dir/3.xml"});
}

TEST_CASE("pipeline: a whole run on the seeds through the public API") {
  RunConfig config;
  config.inputs = {{"SSc", std::string(CITEGRAPH_EXAMPLES) + "/ssc_review.txt"},
                   {"SLE", std::string(CITEGRAPH_EXAMPLES) + "/sle_review.txt"}};
  config.corpus_order = {"SSc", "SLE"};
  config.provenance = false;
  Reporter quiet;
  const Loaded loaded = load(config, quiet);
  CHECK(loaded.graph.num_nodes() == 133);
  CHECK(loaded.graph.num_edges() == 131);
  const AnalysisResults results = run_passes(loaded.graph, config, PassSelection{}, quiet);
  CHECK(results.cocitation.pairs.size() == 8515);
  CHECK(results.coupling.pairs.empty());
  const std::vector<std::string> warnings = run_warnings(loaded, results.overlap);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("corpus SLE: its inputs carry no reference list") == 0);
  std::ostringstream summary;
  write_summary(summary, config, loaded, results, {OutputInfo{"summary.json", std::nullopt, {}}},
                warnings);
  const std::string text = summary.str();
  CHECK(text.find("\"generated_at\"") == std::string::npos);  // no provenance
  CHECK(text.find("\"schema_version\": 2") != std::string::npos);
  CHECK(text.find("corpus SLE: its inputs carry no reference list") != std::string::npos);
}

TEST_CASE("pipeline: a run on a snapshot gives the summary of the run on its inputs") {
  const std::string dir =
      (std::filesystem::temp_directory_path() /
       ("citegraph_pipeline_snapshot_" + std::to_string(std::random_device{}())))
          .string();
  std::filesystem::create_directories(dir);
  // A pairs file with one bad line: a counted skip the snapshot must carry.
  const std::string pairs = dir + "/occ.csv";
  std::ofstream(pairs) << "citing,referenced\n100,5\n100,7\n200,x\n200,5\n";
  RunConfig config;
  config.inputs = {{"SSc", std::string(CITEGRAPH_EXAMPLES) + "/ssc_review.txt"}, {"occ", pairs}};
  config.corpus_order = {"SSc", "occ"};
  config.provenance = false;
  Reporter quiet;
  const Loaded loaded = load(config, quiet);
  REQUIRE(loaded.inputs.at(1).report.diagnostics.skipped() == 1);
  const std::string path = dir + "/g.cgraph";
  {
    std::ofstream out(path, std::ios::binary);
    write_snapshot(out, loaded);
  }
  auto summary_of = [&](const RunConfig& run, const Loaded& l) {
    const AnalysisResults results = run_passes(l.graph, run, PassSelection{}, quiet);
    std::ostringstream text;
    write_summary(text, run, l, results, {OutputInfo{"summary.json", std::nullopt, {}}},
                  run_warnings(l, results.overlap));
    return text.str();
  };
  RunConfig from_snapshot = config;
  from_snapshot.inputs = {{"g", path}};  // its corpus name is not used
  from_snapshot.corpus_order = {"g"};
  REQUIRE(snapshot_input(from_snapshot) == path);
  const Loaded mapped = load(from_snapshot, quiet);
  CHECK(mapped.graph.mapped_bytes() == std::filesystem::file_size(path));
  CHECK(mapped.graph.corpora() == std::vector<std::string>{"SSc", "occ"});
  const std::string expected = summary_of(config, loaded);
  CHECK(expected.find("\"skipped\": 1") != std::string::npos);
  CHECK(summary_of(config, mapped) == expected);

  // The rule: only input; --strict fails on the stored skip; --year must name a stored corpus.
  RunConfig mixed = from_snapshot;
  mixed.inputs.push_back({"occ", pairs});
  CHECK_THROWS_AS((void)snapshot_input(mixed), InvalidArgument);
  RunConfig with_metadata = from_snapshot;
  with_metadata.metadata = {pairs};
  CHECK_THROWS_AS((void)load(with_metadata, quiet), InvalidArgument);
  RunConfig strict = from_snapshot;
  strict.strict = true;
  CHECK_THROWS_AS((void)load(strict, quiet), ParseError);
  RunConfig years = from_snapshot;
  years.citing_years = {{"occ", 2020}};
  CHECK_NOTHROW((void)load(years, quiet));
  years.citing_years = {{"g", 2020}};
  CHECK_THROWS_AS((void)load(years, quiet), InvalidArgument);
  RunConfig plain = config;
  CHECK_FALSE(snapshot_input(plain).has_value());
  std::filesystem::remove_all(dir);
}

TEST_CASE("pipeline: a cited work without a title is labelled First author Year Journal") {
  GraphBuilder builder;
  const auto corpus = builder.add_corpus("X");
  Record source;
  source.ids.pmid = 1;
  source.title = "A review";
  Reference with_author;  // "Campanacci M, ... J Bone Joint Surg Am. 1987;69(1):106-114."
  with_author.ids.pmid = 3805057;
  with_author.first_author = "Campanacci M";
  with_author.journal = "J Bone Joint Surg Am";
  with_author.year = 1987;
  with_author.volume = "69";
  with_author.pages = "106-114";
  Reference journal_only;  // the PubMed page's "Stem Cells. 2006 May;24(5):1294-301"
  journal_only.ids.pmid = 16410387;
  journal_only.journal = "Stem Cells";
  journal_only.year = 2006;
  journal_only.volume = "24";
  journal_only.pages = "1294-301";
  Reference text_only;  // no style matched: the citation text itself
  text_only.citation = "Personal communication, Dr. Müller, 2019";
  text_only.ids.pmid = 99;
  source.references = {with_author, journal_only, text_only};
  builder.add(source, corpus);
  const CitationGraph graph = builder.build();
  CHECK(label_of(graph, graph.find_pmid(3805057)) ==
        "Campanacci M 1987 J Bone Joint Surg Am 69:106-114");
  CHECK(label_of(graph, graph.find_pmid(16410387)) == "Stem Cells 2006;24:1294-301");
  CHECK(label_of(graph, graph.find_pmid(99)) == "Personal communication, Dr. Müller, 2019");
  CHECK(label_of(graph, graph.find_pmid(1)) == "A review");
}

}  // namespace citegraph::pipeline
