#include <algorithm>

#include <doctest/doctest.h>

#include "citegraph/graph/builder.hpp"

using namespace citegraph;

namespace {

Reference ref_pmid(Pmid pmid) {
  Reference r;
  r.ids.pmid = pmid;
  return r;
}

Record source_pmid(Pmid pmid, std::vector<Pmid> cited) {
  Record r;
  r.ids.pmid = pmid;
  r.where = {"test.txt", 1, 0};
  r.has_reference_list = true;
  for (Pmid c : cited) r.references.push_back(ref_pmid(c));
  return r;
}

std::vector<std::string> keys(const CitationGraph& g) {
  std::vector<std::string> out;
  for (NodeId v = 0; v < g.num_nodes(); ++v) out.push_back(g.node_key(v));
  return out;
}

}  // namespace

TEST_CASE("works merge by PMID; duplicate edges and self-citations are dropped and counted") {
  GraphBuilder b;
  const auto c = b.add_corpus("A");
  b.add(source_pmid(100, {5, 7, 5, 100}), c);  // 5 twice, 100 cites itself
  b.add(source_pmid(200, {7}), c);
  CitationGraph g = b.build();
  CHECK(keys(g) == std::vector<std::string>{"5", "7", "100", "200"});
  CHECK(g.num_edges() == 3);
  CHECK(b.stats().duplicate_edges == 1);
  CHECK(b.stats().self_citations == 1);
  CHECK(b.stats().records == 2);
  CHECK(b.stats().references == 5);
  const NodeId seven = g.find_pmid(7);
  REQUIRE(seven != kNoNode);
  CHECK(g.in().degree(seven) == 2);
  CHECK(g.kind(seven) == WorkKind::kCitedOnly);
  CHECK(g.kind(g.find_pmid(100)) == WorkKind::kSource);
  CHECK(g.find_pmid(6) == kNoNode);
  CHECK(g.find_pmid(0) == kNoNode);
}

TEST_CASE("a DOI-only page record and a PubMed record with DOI and PMID become one vertex") {
  GraphBuilder b;
  const auto sle = b.add_corpus("SLE");
  Record page;
  page.where = {"sle.txt", 1, 0};
  page.ids.doi = "10.1177/0961203318768889";
  page.title = "Mesenchymal stem cell transplantation in systemic lupus erythematous.";
  page.affiliations = {"Tehran University of Medical Sciences, Tehran, Iran."};
  page.keywords = {"senescence"};
  b.add(page, sle);
  Record xml;
  xml.where = {"sle.xml", 3, 1};
  xml.ids.pmid = 29631514;
  xml.ids.doi = "10.1177/0961203318768889";
  xml.journal = "Lupus";
  xml.year = 2018;
  xml.has_reference_list = true;
  xml.references.push_back(ref_pmid(11827993));
  b.add(xml, sle);
  CitationGraph g = b.build();
  REQUIRE(g.num_nodes() == 2);
  const NodeId v = g.find_pmid(29631514);
  REQUIRE(v != kNoNode);
  CHECK(g.node_key(v) == "29631514");
  CHECK(g.text(v).doi == "10.1177/0961203318768889");
  CHECK(g.text(v).journal == "Lupus");
  CHECK(g.year(v) == 2018);
  REQUIRE(g.source_meta(v) != nullptr);
  CHECK(g.source_meta(v)->affiliations.size() == 1);
  CHECK(g.source_meta(v)->keywords == std::vector<std::string>{"senescence"});
  CHECK(g.source_meta(v)->has_reference_list);
  CHECK(b.stats().records_merged == 1);
  CHECK(g.out().degree(v) == 1);
}

TEST_CASE("a later record that carries both ids bridges two existing vertices") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record by_doi;
  by_doi.ids.doi = "10.1/abc";
  by_doi.has_reference_list = true;
  by_doi.references.push_back(ref_pmid(9));
  b.add(by_doi, c);
  b.add(source_pmid(500, {8}), c);
  Record bridge;
  bridge.ids.pmid = 500;
  bridge.ids.doi = "10.1/ABC";
  b.add(bridge, c);
  CitationGraph g = b.build();
  CHECK(keys(g) == std::vector<std::string>{"8", "9", "500"});
  const NodeId v = g.find_pmid(500);
  CHECK(g.out().degree(v) == 2);
  CHECK(g.text(v).doi == "10.1/abc");
}

TEST_CASE("an unidentified reference merges by citation key with a record of the same work") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record citing = source_pmid(1, {});
  Reference r;
  r.journal = "J Clin Invest";
  r.year = 2002;
  r.volume = "109";
  r.issue = "3";
  r.pages = "337-46";
  r.citation = "J Clin Invest. 2002 Feb;109(3):337-46";
  citing.references.push_back(r);
  b.add(citing, c);
  Record cited;
  cited.ids.pmid = 11827993;
  cited.journal = "J Clin Invest";
  cited.year = 2002;
  cited.volume = "109";
  cited.pages = "337-346";
  cited.title = "Bone marrow stromal cells in a full paper";
  b.add(cited, c);
  CitationGraph g = b.build();
  CHECK(keys(g) == std::vector<std::string>{"1", "11827993"});
  CHECK(g.num_edges() == 1);
  // The parsed record's pages win over the citation string's.
  CHECK(g.text(g.find_pmid(11827993)).pages == "337-346");
}

TEST_CASE("works merge by title key when nothing else identifies them") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record first;
  first.title = "A study of co-citation in reviews.";
  first.journal = "Scientometrics";
  b.add(first, c);
  Record second;
  second.title = "A Study of Co-Citation in Reviews";
  second.ids.pmid = 77;
  b.add(second, c);
  CitationGraph g = b.build();
  REQUIRE(g.num_nodes() == 1);
  CHECK(g.node_key(0) == "77");
  CHECK(g.text(0).journal == "Scientometrics");
}

TEST_CASE("works with different PMIDs are never merged, even with the same DOI") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record a;
  a.ids.pmid = 1;
  a.ids.doi = "10.9/same";
  Record d;
  d.ids.pmid = 2;
  d.ids.doi = "10.9/same";
  b.add(a, c);
  b.add(d, c);
  CitationGraph g = b.build();
  CHECK(g.num_nodes() == 2);
  CHECK(b.stats().identity_conflicts == 1);
  CHECK(b.diagnostics().warnings() == 1);
  CHECK(g.text(g.find_pmid(1)).doi == "10.9/same");
  // Each record keeps the DOI it states; only the merge is refused.
  CHECK(g.text(g.find_pmid(2)).doi == "10.9/same");
}

TEST_CASE("metadata from a parsed record wins over a citation string, in either order") {
  for (bool record_first : {true, false}) {
    GraphBuilder b;
    const auto c = b.add_corpus("X");
    Record cited;
    cited.ids.pmid = 42;
    cited.journal = "The Journal of clinical investigation";
    cited.year = 2002;
    Record citing = source_pmid(1, {});
    Reference r = ref_pmid(42);
    r.journal = "J Clin Invest";
    r.year = 2001;
    r.volume = "109";
    citing.references.push_back(r);
    if (record_first) {
      b.add(cited, c);
      b.add(citing, c);
    } else {
      b.add(citing, c);
      b.add(cited, c);
    }
    CitationGraph g = b.build();
    const NodeId v = g.find_pmid(42);
    CHECK(g.text(v).journal == "The Journal of clinical investigation");
    CHECK(g.year(v) == 2002);
    CHECK(g.text(v).volume == "109");  // filled from the citation where the record is silent
  }
}

TEST_CASE("edges and vertices carry their corpora") {
  GraphBuilder b;
  const auto ssc = b.add_corpus("SSc");
  const auto sle = b.add_corpus("SLE");
  CHECK(b.add_corpus("SSc") == ssc);
  b.add(source_pmid(10, {1, 2}), ssc);
  b.add(source_pmid(20, {2, 3}), sle);
  b.add(source_pmid(10, {2}), sle);  // the same source also in SLE
  CitationGraph g = b.build();
  CHECK(g.corpora() == std::vector<std::string>{"SSc", "SLE"});
  const NodeId two = g.find_pmid(2);
  CHECK(g.corpora(two) == 3u);
  CHECK(g.corpora(g.find_pmid(1)) == 1u);
  CHECK(g.corpora(g.find_pmid(3)) == 2u);
  CHECK(g.source_corpora(g.find_pmid(10)) == 3u);
  const NodeId ten = g.find_pmid(10);
  for (std::uint64_t e = g.out().first_edge(ten); e < g.out().first_edge(ten) + g.out().degree(ten);
       ++e) {
    const NodeId target = g.out().targets()[e];
    CHECK(g.edge_corpora(e) == (target == two ? 3u : 1u));
  }
  // The same corpora, looked up from the cited side.
  for (NodeId citing : g.in().neighbors(two)) {
    CHECK(g.citation_corpora(citing, two) == (citing == ten ? 3u : 2u));
  }
  CHECK(g.citation_corpora(g.find_pmid(1), two) == 0u);
}

TEST_CASE("references and records without any identity are skipped and counted") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record citing = source_pmid(1, {2});
  Reference vague;  // text that yields no field still names a work: keyed by its text
  vague.citation = "Personal communication.";
  citing.references.push_back(vague);
  Reference empty;
  empty.where = {"x.txt", 9, 3};
  citing.references.push_back(empty);
  b.add(citing, c);
  Record nothing;
  nothing.where = {"y.txt", 1, 0};
  b.add(nothing, c);
  CitationGraph g = b.build();
  CHECK(g.num_nodes() == 3);
  CHECK(g.node_key(2) == "text:personal-communication");
  CHECK(g.text(2).citation == "Personal communication.");
  CHECK(b.stats().references_unidentified == 1);
  CHECK(b.diagnostics().skipped() == 2);
  const auto& groups = b.diagnostics().skips();
  REQUIRE(groups.size() == 2);
  bool located = false;
  for (const auto& [reason, group] : groups) {
    for (const Issue& issue : group.examples) located = located || issue.where.line == 9;
  }
  CHECK(located);
}

TEST_CASE("the builder refuses an unregistered corpus and more than 64 corpora") {
  GraphBuilder b;
  CHECK_THROWS_AS(b.add(Record{}, 0), InvalidArgument);
  for (int i = 0; i < 64; ++i) b.add_corpus("c" + std::to_string(i));
  CHECK_THROWS_AS(b.add_corpus("one too many"), InvalidArgument);
}

TEST_CASE("an empty builder gives an empty graph") {
  GraphBuilder b;
  CitationGraph g = b.build();
  CHECK(g.num_nodes() == 0);
  CHECK(g.num_edges() == 0);
  CHECK(g.find_pmid(1) == kNoNode);
}

TEST_CASE("a DeleteCitation removes the record read before it, not one read after") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  b.add(source_pmid(100, {1, 2}), c);
  b.add(source_pmid(200, {2}), c);
  b.add(source_pmid(300, {100}), c);  // 100 stays cited by 300
  Record deletion;
  deletion.deletion = true;
  deletion.ids.pmid = 100;
  b.add(deletion, c);
  deletion.ids.pmid = 200;
  b.add(deletion, c);
  deletion.ids.pmid = 999;  // never read: counted, not an error
  b.add(deletion, c);
  b.add(source_pmid(200, {3}), c);  // a revised record after the deletion
  CitationGraph g = b.build();
  // 1 and 2 were known only from the deleted reference lists: they go with them.
  CHECK(keys(g) == std::vector<std::string>{"3", "100", "200", "300"});
  CHECK(g.num_edges() == 2);  // 300 -> 100, 200 -> 3
  const NodeId hundred = g.find_pmid(100);
  CHECK(g.kind(hundred) == WorkKind::kCitedOnly);
  CHECK(g.out().degree(hundred) == 0);
  CHECK(g.in().degree(hundred) == 1);
  CHECK(g.out().degree(g.find_pmid(200)) == 1);
  CHECK(g.kind(g.find_pmid(200)) == WorkKind::kSource);
  CHECK(b.stats().records_deleted == 2);
  CHECK(b.stats().deletions_unmatched == 1);
}

TEST_CASE("a deleted record that nothing cites disappears, with what only it cited") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  b.add(source_pmid(100, {1}), c);
  Record deletion;
  deletion.deletion = true;
  deletion.ids.pmid = 100;
  b.add(deletion, c);
  CitationGraph g = b.build();
  CHECK(g.num_nodes() == 0);
  CHECK(g.num_edges() == 0);
}

TEST_CASE("a retraction flag on any record of a work marks its source") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record first = source_pmid(5, {1});
  b.add(first, c);
  Record notice = source_pmid(5, {});
  notice.retracted = true;
  b.add(notice, c);
  b.add(source_pmid(6, {1}), c);
  CitationGraph g = b.build();
  CHECK(g.source_meta(g.find_pmid(5))->retracted);
  CHECK_FALSE(g.source_meta(g.find_pmid(6))->retracted);
}

TEST_CASE("metadata records label works without making them sources") {
  GraphBuilder b;
  const auto c = b.add_corpus("A");
  b.add(source_pmid(100, {5, 7}), c);
  Record five;  // describes a cited work
  five.ids.pmid = 5;
  five.title = "Nailfold capillaroscopy in systemic sclerosis";
  five.journal = "Rheumatology (Oxford)";
  five.year = 2008;
  five.mesh = {"Scleroderma, Systemic"};
  five.has_reference_list = true;
  five.references.push_back(ref_pmid(9));  // a metadata record adds no citation
  five.where = {"meta.nbib", 1, 0};
  Record stray;  // describes a work nothing cites: no vertex
  stray.ids.pmid = 999;
  stray.title = "Unrelated work with a long title";
  stray.where = {"meta.nbib", 9, 0};
  Record anonymous;  // no identity at all: a counted skip
  anonymous.where = {"meta.nbib", 20, 0};
  b.add_metadata(five);
  b.add_metadata(stray);
  b.add_metadata(anonymous);
  const CitationGraph g = b.build();
  CHECK(keys(g) == std::vector<std::string>{"5", "7", "100"});
  CHECK(g.num_edges() == 2);
  const NodeId v = g.find_pmid(5);
  REQUIRE(v != kNoNode);
  CHECK(g.kind(v) == WorkKind::kCitedOnly);
  CHECK(g.source_corpora(v) == 0);
  CHECK(g.text(v).title == "Nailfold capillaroscopy in systemic sclerosis");
  CHECK(g.text(v).journal == "Rheumatology (Oxford)");
  CHECK(g.year(v) == 2008);
  CHECK(b.stats().records == 1);
  CHECK(b.stats().metadata_records == 3);
  CHECK(b.stats().metadata_used == 1);
  CHECK(b.diagnostics().skipped() == 1);
}

namespace {

// A reference as the citation parser reads "Campanacci M, Baldini N, Boriani S, Sudanese A.
// Giant-cell tumor of bone. J Bone Joint Surg Am. 1987;69(1):106-114." (metapub 25364329).
Reference campanacci_text() {
  Reference r;
  r.citation =
      "Campanacci M, Baldini N, Boriani S, Sudanese A. Giant-cell tumor of bone. J Bone Joint "
      "Surg Am. 1987;69(1):106-114.";
  r.first_author = "Campanacci M";
  r.title = "Giant-cell tumor of bone";
  r.journal = "J Bone Joint Surg Am";
  r.year = 1987;
  r.volume = "69";
  r.issue = "1";
  r.pages = "106-114";
  return r;
}

// PubMed's record of that work (PMID 3805057), as the PubMed XML reader gives it.
Record campanacci_record() {
  Record r;
  r.ids.pmid = 3805057;
  r.title = "Giant-cell tumor of bone.";
  r.journal = "J Bone Joint Surg Am";
  r.journal_names = {"J Bone Joint Surg Am",
                     "The Journal of bone and joint surgery. American volume"};
  r.year = 1987;
  r.volume = "69";
  r.issue = "1";
  r.pages = "106-14";
  r.authors = {"Campanacci M", "Baldini N", "Boriani S", "Sudanese A"};
  return r;
}

}  // namespace

TEST_CASE("a text-only reference resolves to the PMID of the record read of its work") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record citing = source_pmid(1, {});
  citing.references.push_back(campanacci_text());
  b.add(citing, c);
  b.add_metadata(campanacci_record());  // after the reference: the merge comes later
  Record other = source_pmid(2, {});
  Reference by_title = campanacci_text();  // another publisher: no volume, no pages
  by_title.volume.clear();
  by_title.pages.clear();
  by_title.journal = "The Journal of bone and joint surgery. American volume";
  other.references.push_back(by_title);
  b.add(other, c);
  CitationGraph g = b.build();
  CHECK(g.num_nodes() == 3);  // 1, 2 and the cited work, which has the PMID now
  const NodeId work = g.find_pmid(3805057);
  REQUIRE(work != kNoNode);
  CHECK(g.in().degree(work) == 2);
  CHECK(g.text(work).journal == "J Bone Joint Surg Am");     // the full title maps to the NLM name
  CHECK(g.text(work).title == "Giant-cell tumor of bone.");  // the record's text wins
  const auto& resolved = b.stats().references_resolved;
  CHECK(resolved[2] == 1);  // journal + year + volume + first page (106 = 106)
  CHECK(resolved[4] == 1);  // first author + title
  CHECK(resolved[0] + resolved[1] + resolved[3] + resolved[5] == 0);
}

TEST_CASE("journal spellings that differ in case, dots, spaces or & are one journal") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record citing = source_pmid(1, {});
  const char* spellings[] = {"J. Bone Joint Surg. Am.",  "J Bone Joint Surg Am",
                             "j bone joint surg am",     "Arthritis & Rheumatism",
                             "Arthritis and rheumatism", "Arthritis and Rheumatism"};
  int page = 1;
  for (const char* journal : spellings) {
    Reference r;
    r.journal = journal;
    r.year = 2000;
    r.volume = "1";
    r.pages = std::to_string(page++);
    citing.references.push_back(r);
  }
  b.add(citing, c);
  CitationGraph g = b.build();
  REQUIRE(g.num_nodes() == 7);
  std::vector<std::string> journals;
  for (NodeId v = 0; v < g.num_nodes(); ++v) {
    if (!g.text(v).journal.empty()) journals.push_back(g.text(v).journal);
  }
  std::sort(journals.begin(), journals.end());
  journals.erase(std::unique(journals.begin(), journals.end()), journals.end());
  // The spelling most works use, ties to the first in byte order.
  CHECK(journals == std::vector<std::string>{"Arthritis & Rheumatism", "J Bone Joint Surg Am"});
}

TEST_CASE("a reference year outside [1500, citing year + 1] is unknown, counted and located") {
  GraphBuilder b;
  const auto c = b.add_corpus("X");
  Record citing = source_pmid(1, {});
  citing.year = 2020;
  Reference page_number = campanacci_text();
  page_number.year = 4902;  // "... Med. Phys, 37(9), p 4902" read as a year
  page_number.where = {"x.xml", 7, 3};
  citing.references.push_back(page_number);
  Reference in_press = campanacci_text();
  in_press.title = "In press next year";
  in_press.year = 2021;  // citing year + 1: kept
  citing.references.push_back(in_press);
  b.add(citing, c);
  CitationGraph g = b.build();
  CHECK(b.stats().reference_years_dropped == 1);
  const auto& warned = b.diagnostics().warning_groups().at("implausible reference year");
  CHECK(warned.examples.at(0).where.to_string() == "x.xml:7:3");
  std::vector<int> years;
  for (NodeId v = 0; v < g.num_nodes(); ++v) years.push_back(g.year(v));
  std::sort(years.begin(), years.end());
  CHECK(years == std::vector<int>{0, 2020, 2021});  // the dropped year, the source, in press
}
