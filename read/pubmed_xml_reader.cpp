// Reads PubMed XML (`pubmed-xml`): efetch results and the annual baseline / daily update files,
// a PubmedArticleSet of PubmedArticle, PubmedBookArticle and DeleteCitation elements, following
// the NLM PubMed DTD (pubmed_190101.dtd and later; element descriptions at
// https://www.nlm.nih.gov/bsd/licensee/elements_descriptions.html).
//
// Method: one streaming pass with libxml2's SAX2 push parser (read/xml_stream.hpp, 1 MiB chunks);
// a stack of open elements gives each element its context, and the text of the elements we keep
// is collected with inline markup (<i>, <sup>, <sub>, <b>, MathML) flattened and whitespace runs
// collapsed. A Record is emitted at each </PubmedArticle>, so memory holds one record.
//
// Per article:
//  - ids: MedlineCitation/PMID (BookDocument/PMID for books); DOI from PubmedData/ArticleIdList
//    ArticleId[@IdType="doi"] (PubMed's curated id), else Article/ELocationID[@EIdType="doi"]
//    unless ValidYN="N"; PMCID from ArticleId[@IdType="pmc"].
//  - title: ArticleTitle, else VernacularTitle, else BookTitle; kept as written (final period).
//  - journal: MedlineJournalInfo/MedlineTA, else Journal/ISOAbbreviation, else Journal/Title
//    (BookTitle for book articles). MedlineTA first because PubMed writes the NLM citation strings
//    of reference lists with it ("J Clin Invest. 2002 ..."), so a record and the citations of it
//    give the same citation key; ISOAbbreviation equals it for nearly all current journals.
//  - year: JournalIssue/PubDate/Year (Book/PubDate for books), else the first 4-digit year of
//    PubDate/MedlineDate ("1998 Dec-1999 Jan" -> 1998), else the first ArticleDate/Year.
//  - volume, issue; pages from Pagination/MedlinePgn, else StartPage-EndPage.
//  - authors: "LastName Initials" (plus " Suffix"), as MEDLINE's AU field writes them, or
//    CollectiveName; authors with ValidYN="N" and AuthorList[@Type="editors"] are left out.
//  - affiliations: every Author/AffiliationInfo/Affiliation, de-duplicated, in order.
//  - keywords: every KeywordList/Keyword, de-duplicated. MeSH: each MeshHeading's DescriptorName,
//    as the bare descriptor (no '*' major-topic mark, no "/qualifier"), de-duplicated, so terms
//    from different records and formats compare equal.
//  - abstract: Abstract/AbstractText sections (not OtherAbstract, not CopyrightInformation), one
//    line each, "LABEL: text" when the section has a Label.
//  - retracted: CommentsCorrections[@RefType="RetractionIn"] or PublicationType "Retracted
//    Publication".
// References: every ReferenceList/Reference (ReferenceList may nest, in PubmedData or, for
// books, in BookDocument), located at its <Reference>: the Citation text is kept raw and read
// by the citation parser (io/citation_parser.hpp: authors, title, journal, year, volume, issue,
// pages, ids in the text); ArticleIdList/ArticleId ids (pubmed, doi, pmc) replace what the
// string says. A citation the parser makes nothing of still becomes a work, keyed by its text
// (a located, counted warning). Older records''
// CommentsCorrections[@RefType="Cites"] become references too (PMID, RefSource as citation);
// other RefTypes (CommentIn, ErratumIn, ...) are links, not citations. has_reference_list is set
// by a ReferenceList or a Cites entry.
// DeleteCitation: one Record per PMID with deletion = true (the builder applies them in order).
// Records are read inside any root element (PubmedArticleSet, or a wrapper such as RAW_DATA);
// a document with another root and no record is skipped as "not PubMed XML".
// Bad input: a record without a valid PMID is skipped (located). Malformed or truncated XML or
// invalid UTF-8 costs the record in progress, skipped with "truncated or malformed XML at
// line:col: ...", and reading resumes at the next record's start tag (xml::Parser::run); every
// record lost in between is counted. An entity declaration ends the file.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citegraph/graph/builder.hpp"
#include "citegraph/read/citation_parser.hpp"
#include "citegraph/read/readers.hpp"
#include "read/xml_records.hpp"
#include "read/xml_stream.hpp"
#include "support/ascii.hpp"
#include "support/shown.hpp"

namespace citegraph::io {
namespace {

enum Tag : int {
  kOther = 0,
  kPubmedArticleSet,
  kPubmedArticle,
  kPubmedBookArticle,
  kDeleteCitation,
  kMedlineCitation,
  kBookDocument,
  kPmid,
  kArticle,
  kBook,
  kJournal,
  kJournalIssue,
  kVolume,
  kIssue,
  kPubDate,
  kYear,
  kMedlineDate,
  kTitle,
  kIsoAbbreviation,
  kArticleTitle,
  kVernacularTitle,
  kBookTitle,
  kPagination,
  kMedlinePgn,
  kStartPage,
  kEndPage,
  kELocationId,
  kAbstract,
  kAbstractText,
  kAuthorList,
  kAuthor,
  kLastName,
  kForeName,
  kInitials,
  kSuffix,
  kCollectiveName,
  kAffiliationInfo,
  kAffiliation,
  kArticleDate,
  kMedlineJournalInfo,
  kMedlineTa,
  kKeywordList,
  kKeyword,
  kMeshHeading,
  kDescriptorName,
  kCommentsCorrectionsList,
  kCommentsCorrections,
  kRefSource,
  kPublicationTypeList,
  kPublicationType,
  kPubmedData,
  kPubmedBookData,
  kArticleIdList,
  kArticleId,
  kReferenceList,
  kReference,
  kCitation,
  kTagCount,
};
constexpr int kNoTag = -1;  // no element's tag (an element the reader does not know is kOther)

const xml::TagTable& tags() {
  static const xml::TagTable table{
      {"PubmedArticleSet", kPubmedArticleSet},
      {"PubmedArticle", kPubmedArticle},
      {"PubmedBookArticle", kPubmedBookArticle},
      {"DeleteCitation", kDeleteCitation},
      {"MedlineCitation", kMedlineCitation},
      {"BookDocument", kBookDocument},
      {"PMID", kPmid},
      {"Article", kArticle},
      {"Book", kBook},
      {"Journal", kJournal},
      {"JournalIssue", kJournalIssue},
      {"Volume", kVolume},
      {"Issue", kIssue},
      {"PubDate", kPubDate},
      {"Year", kYear},
      {"MedlineDate", kMedlineDate},
      {"Title", kTitle},
      {"ISOAbbreviation", kIsoAbbreviation},
      {"ArticleTitle", kArticleTitle},
      {"VernacularTitle", kVernacularTitle},
      {"BookTitle", kBookTitle},
      {"Pagination", kPagination},
      {"MedlinePgn", kMedlinePgn},
      {"StartPage", kStartPage},
      {"EndPage", kEndPage},
      {"ELocationID", kELocationId},
      {"Abstract", kAbstract},
      {"AbstractText", kAbstractText},
      {"AuthorList", kAuthorList},
      {"Author", kAuthor},
      {"LastName", kLastName},
      {"ForeName", kForeName},
      {"Initials", kInitials},
      {"Suffix", kSuffix},
      {"CollectiveName", kCollectiveName},
      {"AffiliationInfo", kAffiliationInfo},
      {"Affiliation", kAffiliation},
      {"ArticleDate", kArticleDate},
      {"MedlineJournalInfo", kMedlineJournalInfo},
      {"MedlineTA", kMedlineTa},
      {"KeywordList", kKeywordList},
      {"Keyword", kKeyword},
      {"MeshHeading", kMeshHeading},
      {"DescriptorName", kDescriptorName},
      {"CommentsCorrectionsList", kCommentsCorrectionsList},
      {"CommentsCorrections", kCommentsCorrections},
      {"RefSource", kRefSource},
      {"PublicationTypeList", kPublicationTypeList},
      {"PublicationType", kPublicationType},
      {"PubmedData", kPubmedData},
      {"PubmedBookData", kPubmedBookData},
      {"ArticleIdList", kArticleIdList},
      {"ArticleId", kArticleId},
      {"ReferenceList", kReferenceList},
      {"Reference", kReference},
      {"Citation", kCitation},
  };
  return table;
}

// What the text being collected is for.
enum class Capture {
  kNone,
  kPmid,
  kDeletePmid,
  kCitesPmid,
  kArticleTitle,
  kVernacularTitle,
  kBookTitle,
  kJournalTitle,
  kIsoAbbreviation,
  kMedlineTa,
  kPubDateYear,
  kMedlineDate,
  kArticleDateYear,
  kVolume,
  kIssue,
  kMedlinePgn,
  kStartPage,
  kEndPage,
  kELocationDoi,
  kAbstractText,
  kLastName,
  kForeName,
  kInitials,
  kSuffix,
  kCollectiveName,
  kAffiliation,
  kKeyword,
  kDescriptor,
  kRefSource,
  kPublicationType,
  kRecordArticleId,
  kReferenceArticleId,
  kCitation,
  kCaptureCount,
};

// Everything read of the article in progress that is not yet a Record field.
struct Article {
  bool active = false;
  std::size_t depth = 0;  // stack depth of its element
  bool book = false;
  Record record;
  std::string pmid_text;
  bool have_pmid_element = false;
  std::string article_title, vernacular_title, book_title;
  std::string journal_title, iso_abbreviation, medline_ta;
  std::optional<int> pubdate_year, medline_date_year, article_date_year;
  bool have_article_date = false;
  std::string medline_pgn, start_page, end_page;
  std::string elocation_doi;
  WorkIds article_ids;  // PubmedData/ArticleIdList: the DOI and PMCID

  xml::AuthorName author;  // LastName, ForeName, Initials, Suffix, CollectiveName

  // The reference (ReferenceList/Reference or CommentsCorrections Cites) in progress.
  std::size_t reference_depth = 0;  // 0 = none
  bool reference_is_cites = false;
  SourceLocation reference_where;
  std::string citation;  // its text, parsed when the record is prepared
  bool has_citation = false;
  WorkIds reference_ids;  // from its ArticleIdList, or the PMID of a Cites entry
};

// The text of the reference in progress (its Citation, or a Cites entry's RefSource).
void take_citation(Article& a, std::string& value) {
  a.citation = std::move(value);
  a.has_citation = !a.citation.empty();
}

// Where the text of a capture goes when it concerns only the article in progress, in the order
// of Capture; nullptr for the captures that are the handler's own steps (finish_capture).
struct CaptureStore {
  Capture capture = Capture::kNone;
  void (*store)(Article&, std::string&) = nullptr;
};
constexpr std::array<CaptureStore, static_cast<std::size_t>(Capture::kCaptureCount)> kCaptureStores{
    {
        {Capture::kNone, nullptr},
        {Capture::kPmid, [](Article& a, std::string& v) { a.pmid_text = std::move(v); }},
        {Capture::kDeletePmid, nullptr},
        {Capture::kCitesPmid, nullptr},
        {Capture::kArticleTitle,
         [](Article& a, std::string& v) { a.article_title = std::move(v); }},
        {Capture::kVernacularTitle,
         [](Article& a, std::string& v) { a.vernacular_title = std::move(v); }},
        {Capture::kBookTitle, [](Article& a, std::string& v) { a.book_title = std::move(v); }},
        {Capture::kJournalTitle,
         [](Article& a, std::string& v) { a.journal_title = std::move(v); }},
        {Capture::kIsoAbbreviation,
         [](Article& a, std::string& v) { a.iso_abbreviation = std::move(v); }},
        {Capture::kMedlineTa, [](Article& a, std::string& v) { a.medline_ta = std::move(v); }},
        {Capture::kPubDateYear,
         [](Article& a, std::string& v) { a.pubdate_year = xml::first_year(v); }},
        {Capture::kMedlineDate,
         [](Article& a, std::string& v) { a.medline_date_year = xml::first_year(v); }},
        {Capture::kArticleDateYear,
         [](Article& a, std::string& v) {
           a.have_article_date = true;
           a.article_date_year = xml::first_year(v);
         }},
        {Capture::kVolume, [](Article& a, std::string& v) { a.record.volume = std::move(v); }},
        {Capture::kIssue, [](Article& a, std::string& v) { a.record.issue = std::move(v); }},
        {Capture::kMedlinePgn, [](Article& a, std::string& v) { a.medline_pgn = std::move(v); }},
        {Capture::kStartPage, [](Article& a, std::string& v) { a.start_page = std::move(v); }},
        {Capture::kEndPage, [](Article& a, std::string& v) { a.end_page = std::move(v); }},
        {Capture::kELocationDoi,
         [](Article& a, std::string& v) {
           if (a.elocation_doi.empty()) a.elocation_doi = normalize_doi(v);
         }},
        {Capture::kAbstractText, nullptr},
        {Capture::kLastName, [](Article& a, std::string& v) { a.author.surname = std::move(v); }},
        {Capture::kForeName,
         [](Article& a, std::string& v) { a.author.given_names = std::move(v); }},
        {Capture::kInitials, [](Article& a, std::string& v) { a.author.initials = std::move(v); }},
        {Capture::kSuffix, [](Article& a, std::string& v) { a.author.suffix = std::move(v); }},
        {Capture::kCollectiveName,
         [](Article& a, std::string& v) { a.author.collective = std::move(v); }},
        {Capture::kAffiliation,
         [](Article& a, std::string& v) { xml::add_unique(a.record.affiliations, std::move(v)); }},
        {Capture::kKeyword,
         [](Article& a, std::string& v) { xml::add_unique(a.record.keywords, std::move(v)); }},
        {Capture::kDescriptor,
         [](Article& a, std::string& v) { xml::add_unique(a.record.mesh, std::move(v)); }},
        {Capture::kRefSource, [](Article& a, std::string& v) { take_citation(a, v); }},
        {Capture::kPublicationType,
         [](Article& a, std::string& v) {
           if (v == "Retracted Publication") a.record.retracted = true;
         }},
        {Capture::kRecordArticleId, nullptr},
        {Capture::kReferenceArticleId, nullptr},
        {Capture::kCitation, [](Article& a, std::string& v) { take_citation(a, v); }},
    }};

constexpr bool in_capture_order(const decltype(kCaptureStores)& stores) {
  for (std::size_t i = 0; i < stores.size(); ++i) {
    if (static_cast<std::size_t>(stores[i].capture) != i) return false;
  }
  return true;
}
static_assert(in_capture_order(kCaptureStores), "kCaptureStores must follow Capture's order");

// ArticleId/@IdType.
xml::IdKind id_kind(std::string_view type) {
  if (type == "pubmed") return xml::IdKind::kPmid;
  if (type == "doi") return xml::IdKind::kDoi;
  if (type == "pmc") return xml::IdKind::kPmcid;
  return xml::IdKind::kOther;
}

// The start tag being read and its context.
struct Element {
  int tag = kOther;
  std::size_t depth = 0;
  int parent = kOther;
  int grandparent = kOther;
  const xml::Attributes& attributes;
};

class PubmedXmlHandler;

// What the start tag of an element inside an article does, by its tag: begin `capture` when
// its parent is `parent` or `other_parent`, or, for the elements whose rule looks at more
// than the parent, call `start`. Looked up once per start tag, in place of a switch.
struct StartRule {
  Capture capture = Capture::kNone;
  int parent = kNoTag;
  int other_parent = kNoTag;
  void (PubmedXmlHandler::*start)(const Element&, const StartRule&) = nullptr;

  [[nodiscard]] bool parent_matches(int tag) const { return tag == parent || tag == other_parent; }
};

class PubmedXmlHandler final : public xml::RecordHandler {
 public:
  explicit PubmedXmlHandler(xml::Output& output)
      : RecordHandler(output), text_(output.limits().max_text_bytes) {}

  void start_element(std::string_view name, const xml::Attributes& attributes) override {
    const int tag = tags().find(name);
    const std::size_t depth = push(tag);
    const bool record_tag =
        tag == kPubmedArticle || tag == kPubmedBookArticle || tag == kDeleteCitation;
    if (record_tag && (article_.active || delete_depth_ != 0)) nested_record(name);
    if (capture_ != Capture::kNone) return;  // inline markup inside text being collected
    const Element element{tag, depth, ancestor(1), ancestor(2), attributes};

    // Records are read inside any root (a PubmedArticleSet, or a wrapper such as RAW_DATA).
    if (depth == 1) saw_root(name);
    if (!article_.active) {
      start_outside_article(element);
      return;
    }
    const StartRule& rule = start_rules()[static_cast<std::size_t>(tag)];
    if (rule.start != nullptr) {
      (this->*rule.start)(element, rule);
    } else if (rule.capture != Capture::kNone && rule.parent_matches(element.parent)) {
      begin_capture(rule.capture);
    }
  }

  void end_element(std::string_view) override {
    const std::size_t depth = this->depth();
    if (capture_ != Capture::kNone && depth == capture_depth_) finish_capture();
    pop();
    if (depth == delete_depth_) {
      delete_depth_ = 0;
      end_record();
    }
    if (!article_.active || capture_ != Capture::kNone) return;
    Article& a = article_;
    if (depth == a.author.depth) {
      a.author.finish(a.record.authors);
    } else if (depth == a.reference_depth) {
      finish_reference();
    } else if (depth == a.depth) {
      finish_article();
    }
  }

  void characters(std::string_view text) override {
    if (capture_ != Capture::kNone) text_.append(text);
  }

  [[nodiscard]] const FormatNames& format_names() const override {
    static const FormatNames names{"not PubMed XML",
                                   "<PubmedArticleSet>",
                                   {"PubmedArticle", "PubmedBookArticle", "DeleteCitation"},
                                   {"PubmedArticleSet", "PubmedArticle", "PubmedBookArticle"}};
    return names;
  }

  void reset_record() override {
    article_ = Article{};
    capture_ = Capture::kNone;
    capture_depth_ = 0;
    text_.clear();
    abstract_label_.clear();
    authors_are_editors_ = false;
    delete_depth_ = 0;
  }

  [[nodiscard]] std::string in_progress() const override {
    if (!article_.active) return {};
    std::string lost = "the record in progress (<" +
                       std::string(article_.book ? "PubmedBookArticle" : "PubmedArticle") +
                       "> at line " + std::to_string(article_.record.where.line);
    if (const std::optional<Pmid> pmid = xml::parse_pmid(article_.pmid_text)) {
      lost += ", PMID " + std::to_string(*pmid);
    }
    return lost + ")";
  }

 private:
  void begin_capture(Capture capture) {
    capture_ = capture;
    capture_depth_ = depth();
    text_.clear();
  }

  using StartRules = std::array<StartRule, kTagCount>;

  static const StartRules& start_rules() {
    static const StartRules rules = [] {
      using H = PubmedXmlHandler;
      StartRules r{};
      auto at = [&r](int tag) -> StartRule& { return r[static_cast<std::size_t>(tag)]; };
      at(kPmid) = {Capture::kNone, kNoTag, kNoTag, &H::start_pmid};
      at(kArticleTitle) = {Capture::kArticleTitle, kArticle, kBookDocument};
      at(kVernacularTitle) = {Capture::kVernacularTitle, kArticle, kBookDocument};
      at(kBookTitle) = {Capture::kBookTitle, kBook};
      at(kTitle) = {Capture::kJournalTitle, kJournal};
      at(kIsoAbbreviation) = {Capture::kIsoAbbreviation, kJournal};
      at(kMedlineTa) = {Capture::kMedlineTa, kMedlineJournalInfo};
      at(kYear) = {Capture::kNone, kNoTag, kNoTag, &H::start_year};
      at(kMedlineDate) = {Capture::kMedlineDate, kPubDate};
      at(kVolume) = {Capture::kVolume, kJournalIssue};
      at(kIssue) = {Capture::kIssue, kJournalIssue};
      at(kMedlinePgn) = {Capture::kMedlinePgn, kPagination};
      at(kStartPage) = {Capture::kStartPage, kPagination};
      at(kEndPage) = {Capture::kEndPage, kPagination};
      at(kELocationId) = {Capture::kELocationDoi, kArticle, kBookDocument, &H::start_elocation};
      at(kAbstractText) = {Capture::kAbstractText, kAbstract, kNoTag, &H::start_abstract_text};
      at(kAuthorList) = {Capture::kNone, kNoTag, kNoTag, &H::start_author_list};
      at(kAuthor) = {Capture::kNone, kAuthorList, kNoTag, &H::start_author};
      at(kLastName) = {Capture::kLastName, kAuthor, kNoTag, &H::start_author_part};
      at(kForeName) = {Capture::kForeName, kAuthor, kNoTag, &H::start_author_part};
      at(kInitials) = {Capture::kInitials, kAuthor, kNoTag, &H::start_author_part};
      at(kSuffix) = {Capture::kSuffix, kAuthor, kNoTag, &H::start_author_part};
      at(kCollectiveName) = {Capture::kCollectiveName, kAuthor, kNoTag, &H::start_author_part};
      at(kAffiliation) = {Capture::kAffiliation, kAffiliationInfo, kNoTag, &H::start_affiliation};
      at(kKeyword) = {Capture::kKeyword, kKeywordList};
      at(kDescriptorName) = {Capture::kDescriptor, kMeshHeading};
      at(kCommentsCorrections) = {Capture::kNone, kCommentsCorrectionsList, kNoTag,
                                  &H::start_comments_corrections};
      at(kRefSource) = {Capture::kRefSource, kCommentsCorrections, kNoTag, &H::start_cites_part};
      at(kPublicationType) = {Capture::kPublicationType, kPublicationTypeList};
      at(kArticleId) = {Capture::kNone, kArticleIdList, kNoTag, &H::start_article_id};
      at(kReferenceList) = {Capture::kNone, kNoTag, kNoTag, &H::start_reference_list};
      at(kReference) = {Capture::kNone, kReferenceList, kNoTag, &H::start_reference};
      at(kCitation) = {Capture::kCitation, kReference, kNoTag, &H::start_reference_part};
      return r;
    }();
    return rules;
  }

  // Outside an article: a record element starts, or the PMID of a DeleteCitation.
  void start_outside_article(const Element& e) {
    if (e.tag == kPubmedArticle || e.tag == kPubmedBookArticle) {
      begin_article(e.tag == kPubmedBookArticle, e.depth);
    } else if (e.tag == kDeleteCitation) {
      delete_depth_ = e.depth;
      begin_record();
    } else if (e.tag == kPmid && e.parent == kDeleteCitation) {
      delete_where_ = parser().element_location();
      begin_capture(Capture::kDeletePmid);
    }
  }

  // The record's PMID (the first one), or the PMID of a Cites entry.
  void start_pmid(const Element& e, const StartRule&) {
    Article& a = article_;
    if ((e.parent == kMedlineCitation || e.parent == kBookDocument) && !a.have_pmid_element) {
      a.have_pmid_element = true;
      begin_capture(Capture::kPmid);
    } else if (e.parent == kCommentsCorrections && in_reference(true)) {
      begin_capture(Capture::kCitesPmid);
    }
  }

  // PubDate/Year of the journal issue or book; else the first ArticleDate's.
  void start_year(const Element& e, const StartRule&) {
    if (e.parent == kPubDate && (e.grandparent == kJournalIssue || e.grandparent == kBook)) {
      begin_capture(Capture::kPubDateYear);
    } else if (e.parent == kArticleDate && !article_.have_article_date) {
      begin_capture(Capture::kArticleDateYear);
    }
  }

  void start_elocation(const Element& e, const StartRule& rule) {
    if (rule.parent_matches(e.parent) && e.attributes.get("EIdType") == "doi" &&
        e.attributes.get("ValidYN") != "N") {
      begin_capture(rule.capture);
    }
  }

  void start_abstract_text(const Element& e, const StartRule& rule) {
    if (rule.parent_matches(e.parent) &&
        (e.grandparent == kArticle || e.grandparent == kBookDocument)) {
      abstract_label_ = std::string(e.attributes.get("Label").value_or(""));
      begin_capture(rule.capture);
    }
  }

  void start_author_list(const Element& e, const StartRule&) {
    authors_are_editors_ = e.attributes.get("Type") == "editors";
  }

  void start_author(const Element& e, const StartRule& rule) {
    if (rule.parent_matches(e.parent) && !authors_are_editors_ &&
        e.attributes.get("ValidYN") != "N") {
      article_.author.begin(e.depth);
    }
  }

  // A part of the name of the author in progress.
  void start_author_part(const Element& e, const StartRule& rule) {
    if (rule.parent_matches(e.parent) && article_.author.depth != 0) begin_capture(rule.capture);
  }

  void start_affiliation(const Element& e, const StartRule& rule) {
    if (rule.parent_matches(e.parent) && e.grandparent == kAuthor && article_.author.depth != 0) {
      begin_capture(rule.capture);
    }
  }

  // A Cites entry is a reference; a RetractionIn entry marks the record retracted.
  void start_comments_corrections(const Element& e, const StartRule& rule) {
    if (!rule.parent_matches(e.parent) || article_.reference_depth != 0) return;
    const std::optional<std::string_view> type = e.attributes.get("RefType");
    if (type == "Cites") {
      begin_reference(e.depth, true);
    } else if (type == "RetractionIn") {
      article_.record.retracted = true;
    }
  }

  [[nodiscard]] bool in_reference(bool cites) const {
    return article_.reference_depth != 0 && article_.reference_is_cites == cites;
  }

  // A part of the Cites entry in progress.
  void start_cites_part(const Element& e, const StartRule& rule) {
    if (rule.parent_matches(e.parent) && in_reference(true)) begin_capture(rule.capture);
  }

  // A part of the ReferenceList/Reference in progress.
  void start_reference_part(const Element& e, const StartRule& rule) {
    if (rule.parent_matches(e.parent) && in_reference(false)) begin_capture(rule.capture);
  }

  // An id of the reference in progress, or of the record (its PubmedData's ArticleIdList).
  void start_article_id(const Element& e, const StartRule& rule) {
    if (!rule.parent_matches(e.parent)) return;
    article_id_kind_ = id_kind(e.attributes.get("IdType").value_or(""));
    if (e.grandparent == kReference && in_reference(false)) {
      begin_capture(Capture::kReferenceArticleId);
    } else if (e.grandparent == kPubmedData || e.grandparent == kPubmedBookData ||
               e.grandparent == kBookDocument) {
      begin_capture(Capture::kRecordArticleId);
    }
  }

  void start_reference_list(const Element&, const StartRule&) {
    article_.record.has_reference_list = true;
  }

  void start_reference(const Element& e, const StartRule& rule) {
    if (rule.parent_matches(e.parent) && article_.reference_depth == 0) {
      begin_reference(e.depth, false);
    }
  }

  void begin_article(bool book, std::size_t depth) {
    article_ = Article{};
    article_.active = true;
    article_.book = book;
    article_.depth = depth;
    article_.record.where = parser().element_location();
    authors_are_editors_ = false;
    begin_record();
  }

  void begin_reference(std::size_t depth, bool cites) {
    Article& a = article_;
    a.reference_depth = depth;
    a.reference_is_cites = cites;
    a.reference_where = parser().element_location();
    a.citation.clear();
    a.has_citation = false;
    a.reference_ids = WorkIds{};
  }

  void finish_capture() {
    const Capture capture = capture_;
    capture_ = Capture::kNone;
    std::string value = text_.take();
    Article& a = article_;
    if (const auto store = kCaptureStores[static_cast<std::size_t>(capture)].store) {
      store(a, value);
      return;
    }
    switch (capture) {
      case Capture::kDeletePmid:
        finish_deletion(value);
        break;
      case Capture::kCitesPmid:
        a.reference_ids.pmid = reference_pmid(value);
        break;
      case Capture::kAbstractText:
        add_abstract_section(value);
        break;
      case Capture::kRecordArticleId:
        // The record's PMID is MedlineCitation's; only the DOI and PMCID are taken here.
        xml::keep_first_id(a.article_ids, article_id_kind_, value);
        break;
      case Capture::kReferenceArticleId:
        if (!xml::keep_first_id(a.reference_ids, article_id_kind_, value) &&
            article_id_kind_ == xml::IdKind::kPmid && !a.reference_ids.pmid) {
          a.reference_ids.pmid = reference_pmid(value);
        }
        break;
      default:
        break;
    }
  }

  // One AbstractText section: a line of its own, "LABEL: text" when it has a Label.
  void add_abstract_section(const std::string& value) {
    if (value.empty()) return;
    std::string& abstract = article_.record.abstract;
    if (!abstract.empty()) abstract += '\n';
    if (!abstract_label_.empty()) {
      abstract += abstract_label_;
      abstract += ": ";
    }
    abstract += value;
  }

  std::optional<Pmid> reference_pmid(std::string_view value) {
    return pmid_or_warn(value, "reference PMID", shown(value), "reference");
  }

  void finish_reference() {
    Article& a = article_;
    a.reference_depth = 0;
    if (a.reference_is_cites) a.record.has_reference_list = true;
    const bool has_ids = !a.reference_ids.empty();
    Reference reference;
    if (a.has_citation) {
      // The text is read when the record is prepared (parse_citations), off this thread when
      // the run has threads to spare.
      reference.citation = std::move(a.citation);
    } else if (!has_ids) {
      output().skip("empty reference",
                    Issue{a.reference_where, "reference without citation text or ArticleId", ""});
      return;
    }
    reference.where = a.reference_where;
    // The ids PubMed attached win over whatever the citation string said.
    if (a.reference_ids.pmid) reference.ids.pmid = a.reference_ids.pmid;
    if (!a.reference_ids.doi.empty()) reference.ids.doi = std::move(a.reference_ids.doi);
    if (!a.reference_ids.pmcid.empty()) reference.ids.pmcid = std::move(a.reference_ids.pmcid);
    a.record.references.push_back(std::move(reference));
  }

  void finish_article() {
    end_record();
    Article& a = article_;
    a.active = false;
    Record& r = a.record;
    const char* element = a.book ? "PubmedBookArticle" : "PubmedArticle";
    if (a.pmid_text.empty()) {
      output().skip(
          "record without PMID",
          Issue{r.where,
                "<" + std::string(element) + "> without " +
                    (a.book ? "BookDocument/PMID" : "MedlineCitation/PMID") + "; record skipped",
                ""});
      return;
    }
    r.ids.pmid = xml::parse_pmid(a.pmid_text);
    if (!r.ids.pmid) {
      output().skip("invalid PMID",
                    Issue{r.where,
                          "<" + std::string(element) + "> with PMID " + shown(a.pmid_text) +
                              ", not a number in 1..4294967295; record skipped",
                          ""});
      return;
    }
    r.ids.doi =
        !a.article_ids.doi.empty() ? std::move(a.article_ids.doi) : std::move(a.elocation_doi);
    r.ids.pmcid = std::move(a.article_ids.pmcid);
    if (!a.article_title.empty()) {
      r.title = std::move(a.article_title);
    } else if (!a.vernacular_title.empty()) {
      r.title = std::move(a.vernacular_title);
    } else {
      r.title = a.book_title;
    }
    if (a.book) {
      r.journal = std::move(a.book_title);
    } else {
      for (std::string* name : {&a.medline_ta, &a.iso_abbreviation, &a.journal_title}) {
        if (name->empty()) continue;
        if (r.journal.empty()) {
          r.journal = std::move(*name);
        } else if (*name != r.journal) {
          r.journal_names.push_back(std::move(*name));
        }
      }
    }
    r.year = a.pubdate_year ? a.pubdate_year
                            : (a.medline_date_year ? a.medline_date_year : a.article_date_year);
    r.pages = !a.medline_pgn.empty() ? std::move(a.medline_pgn)
                                     : xml::page_range(std::move(a.start_page), a.end_page, {});
    output().record(std::move(r));
  }

  void finish_deletion(std::string_view value) {
    const std::optional<Pmid> pmid = xml::parse_pmid(value);
    if (!pmid) {
      output().skip("invalid PMID", Issue{delete_where_,
                                          "DeleteCitation PMID " + shown(value) +
                                              " is not a number in 1..4294967295; deletion skipped",
                                          ""});
      return;
    }
    Record deletion;
    deletion.where = delete_where_;
    deletion.ids.pmid = pmid;
    deletion.deletion = true;
    output().record(std::move(deletion));
  }

  Capture capture_ = Capture::kNone;
  std::size_t capture_depth_ = 0;
  xml::Text text_;
  Article article_;
  std::string abstract_label_;
  xml::IdKind article_id_kind_ = xml::IdKind::kOther;
  bool authors_are_editors_ = false;
  SourceLocation delete_where_;
  std::size_t delete_depth_ = 0;  // of the DeleteCitation element in progress; 0 = none
};

// Reads the citation text of every reference of `record` (io/citation_parser.hpp): ids PubMed
// attached stay; a text in no known style without ids is noted (an error under --strict).
void parse_citations(Record& record, std::vector<xml::Output::Note>& notes, bool strict) {
  for (Reference& reference : record.references) {
    if (reference.citation.empty()) continue;
    const std::string text = reference.citation;
    if (read_citation(text, reference) || !reference.ids.empty()) continue;
    notes.push_back(xml::Output::Note{
        strict, "reference text not parsed",
        Issue{reference.where, "citation text in no known style; the work is keyed by its text",
              std::string(ascii::utf8_prefix(text, 512))}});
  }
}

}  // namespace

void read_pubmed_xml(Input& input, ReadContext& context, const RecordSink& sink) {
  xml::Output output(context, sink);
  const bool strict = context.strict();
  output.set_prepare([strict](Record& record, std::vector<xml::Output::Note>& notes) {
    parse_citations(record, notes, strict);
  });
  PubmedXmlHandler(output).read(input);
}

}  // namespace citegraph::io
