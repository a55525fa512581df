// Reads PMC full-text JATS XML (`jats`): one <article>, or a <pmc-articleset> of them (PMC's
// efetch and OA service output), following the NISO JATS tag library (Z39.96; Journal
// Archiving and Interchange, https://jats.nlm.nih.gov/archiving/tag-library/) and its older NLM
// 2.x/3.x forms.
//
// Method: one streaming pass with libxml2's SAX2 push parser (read/xml_stream.hpp); counters of
// open elements give each element its context. One Record per <article>, emitted at its end.
// Anything inside <sub-article> or <response> (peer reviews, replies with their own front
// matter) is ignored, so it cannot leak ids, authors or references into the main article.
//
// Per article, from front/:
//  - ids: article-meta/article-id with pub-id-type pmid, pmc / pmcid, doi.
//  - title: title-group/article-title, inline markup flattened.
//  - journal: the NLM title abbreviation (journal-id or abbrev-journal-title of type nlm-ta),
//    else the ISO abbreviation (iso-abbrev), else any abbrev-journal-title, else journal-title;
//    the same preference as the pubmed-xml reader's MedlineTA, so citation keys agree.
//  - year: pub-date/year, preferring the print date (pub-type ppub / epub-ppub, or
//    publication-format="print"), then collection, then electronic, then any.
//  - volume, issue; pages "fpage-lpage" (fpage alone when lpage is missing or equal), else
//    elocation-id.
//  - authors: contrib[@contrib-type="author"] (or without type) as "Surname Initials" (initials
//    from given-names, "Ji Seon" -> "JS", plus " Suffix"), the same form as the pubmed-xml and
//    MEDLINE readers give, or string-name / collab text; members listed inside a collab are not
//    authors.
//  - affiliations: every aff in article-meta (its label left out, parts separated by spaces),
//    de-duplicated. keywords: every kwd-group/kwd, de-duplicated.
//  - abstract: the first abstract without abstract-type (else the first abstract); sections one
//    per line, "Title: text".
// References: back/ref-list/ref (ref-lists may nest), one per element-citation, mixed-citation,
// citation or nlm-citation (only the first of a citation-alternatives), located at that
// element: pub-id pmid / doi / pmc, source (as journal), year, volume, issue, fpage-lpage (or
// elocation-id), article-title; the flattened citation text is kept raw and read by the
// citation parser (io/citation_parser.hpp), whose fields fill what the elements did not state
// (everything for a mixed-citation of plain text; the first author for most element-citations).
// has_reference_list is set by a ref-list.
// Articles are read inside any root element (article, pmc-articleset, or a wrapper such as
// <articles>); a document with another root and no article is skipped as "not JATS XML".
// Bad input: an article with neither an id nor a title is skipped (located); an invalid PMID is
// dropped with a warning. Malformed or truncated XML or invalid UTF-8 costs the article in
// progress, skipped with "truncated or malformed XML at line:col:", and reading resumes at the
// next <article> (xml::Parser::run); every article lost in between is counted. An entity
// declaration ends the file.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citegraph/read/citation_parser.hpp"
#include "citegraph/read/readers.hpp"
#include "read/xml_records.hpp"
#include "read/xml_stream.hpp"
#include "support/ascii.hpp"

namespace citegraph::io {
namespace {

enum Tag : int {
  kOther = 0,
  kPmcArticleset,
  kArticle,
  kSubArticle,
  kResponse,
  kFront,
  kJournalMeta,
  kArticleMeta,
  kBack,
  kArticleId,
  kTitleGroup,
  kArticleTitle,
  kJournalId,
  kJournalTitle,
  kAbbrevJournalTitle,
  kPubDate,
  kYear,
  kVolume,
  kIssue,
  kFpage,
  kLpage,
  kElocationId,
  kContribGroup,
  kContrib,
  kName,
  kStringName,
  kSurname,
  kGivenNames,
  kSuffix,
  kCollab,
  kAff,
  kLabel,
  kKwdGroup,
  kKwd,
  kAbstract,
  kSec,
  kTitle,
  kP,
  kRefList,
  kRef,
  kElementCitation,
  kMixedCitation,
  kCitation,
  kNlmCitation,
  kCitationAlternatives,
  kPubId,
  kSource,
  kInline,  // character-level markup: never separates words
  kTagCount,
};

const xml::TagTable& tags() {
  static const xml::TagTable table{
      {"pmc-articleset", kPmcArticleset},
      {"article", kArticle},
      {"sub-article", kSubArticle},
      {"response", kResponse},
      {"front", kFront},
      {"journal-meta", kJournalMeta},
      {"article-meta", kArticleMeta},
      {"back", kBack},
      {"article-id", kArticleId},
      {"title-group", kTitleGroup},
      {"article-title", kArticleTitle},
      {"journal-id", kJournalId},
      {"journal-title", kJournalTitle},
      {"abbrev-journal-title", kAbbrevJournalTitle},
      {"pub-date", kPubDate},
      {"year", kYear},
      {"volume", kVolume},
      {"issue", kIssue},
      {"fpage", kFpage},
      {"lpage", kLpage},
      {"elocation-id", kElocationId},
      {"contrib-group", kContribGroup},
      {"contrib", kContrib},
      {"name", kName},
      {"string-name", kStringName},
      {"surname", kSurname},
      {"given-names", kGivenNames},
      {"suffix", kSuffix},
      {"collab", kCollab},
      {"aff", kAff},
      {"label", kLabel},
      {"kwd-group", kKwdGroup},
      {"kwd", kKwd},
      {"abstract", kAbstract},
      {"sec", kSec},
      {"title", kTitle},
      {"p", kP},
      {"ref-list", kRefList},
      {"ref", kRef},
      {"element-citation", kElementCitation},
      {"mixed-citation", kMixedCitation},
      {"citation", kCitation},
      {"nlm-citation", kNlmCitation},
      {"citation-alternatives", kCitationAlternatives},
      {"pub-id", kPubId},
      {"source", kSource},
      {"italic", kInline},
      {"bold", kInline},
      {"sup", kInline},
      {"sub", kInline},
      {"sc", kInline},
      {"underline", kInline},
      {"overline", kInline},
      {"monospace", kInline},
      {"roman", kInline},
      {"sans-serif", kInline},
      {"styled-content", kInline},
      {"named-content", kInline},
      {"inline-formula", kInline},
      {"math", kInline},
      {"mi", kInline},
      {"mo", kInline},
      {"mn", kInline},
      {"mrow", kInline},
      {"msup", kInline},
      {"msub", kInline},
      {"mtext", kInline},
  };
  return table;
}

bool is_citation_tag(int tag) {
  return tag == kElementCitation || tag == kMixedCitation || tag == kCitation ||
         tag == kNlmCitation;
}

enum class Field {
  kNone,
  kArticleId,
  kArticleTitle,
  kJournalTitle,
  kJournalAbbreviation,
  kPubDateYear,
  kVolume,
  kIssue,
  kFpage,
  kLpage,
  kElocation,
  kSurname,
  kGivenNames,
  kSuffix,
  kCollab,
  kAff,
  kKwd,
  kAbstract,
  kRefSource,
  kRefYear,
  kRefVolume,
  kRefIssue,
  kRefFpage,
  kRefLpage,
  kRefElocation,
  kRefArticleTitle,
  kRefPubId,
  kRefSurname,     // of the citation's first person-group/name
  kRefGivenNames,  // of the same name
  kFieldCount,
};

// "Ji Seon" -> "JS", "Jean-Pierre" -> "JP", "J. A." -> "JA"; a non-ASCII initial is kept whole.
std::string initials_of(std::string_view given) {
  std::string out;
  bool at_start = true;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const char c = given[i];
    if (c == ' ' || c == '-' || c == '.' || c == '\t') {
      at_start = true;
      continue;
    }
    if (!at_start) continue;
    at_start = false;
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += ascii::to_upper(c);
    } else {
      std::size_t length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      out.append(given.substr(i, length));
    }
  }
  return out;
}

// article-id/@pub-id-type and pub-id/@pub-id-type.
xml::IdKind id_kind(std::string_view type) {
  if (type == "pmid") return xml::IdKind::kPmid;
  if (type == "doi") return xml::IdKind::kDoi;
  if (type == "pmc" || type == "pmcid") return xml::IdKind::kPmcid;
  return xml::IdKind::kOther;
}

// Lower rank = preferred date for the year.
int pub_date_rank(const xml::Attributes& attributes) {
  const std::string_view type =
      attributes.get("pub-type").value_or(attributes.get("date-type").value_or(""));
  const std::string_view format = attributes.get("publication-format").value_or("");
  if (type == "ppub" || type == "epub-ppub" || format == "print") return 0;
  if (type == "collection") return 1;
  if (type == "epub" || format == "electronic") return 2;
  return 3;
}

struct Citation {
  std::size_t depth = 0;  // 0 = none in progress
  bool element = false;   // element-citation: no punctuation, parts separated by spaces
  Reference reference;
  xml::Text raw;
  std::string fpage, lpage, elocation;
  xml::IdKind id_kind = xml::IdKind::kOther;  // of the pub-id being read
  std::string pmid_text;
  bool structured = false;  // a source, year or id was given as an element
  std::size_t names = 0;    // <name> elements seen: the first is the first author
  std::string surname, initials;
};

struct ArticleState {
  bool active = false;
  std::size_t depth = 0;
  Record record;
  std::string pmid_text;
  SourceLocation pmid_where;
  std::array<std::string, 4> journal;  // by preference: nlm-ta, iso-abbrev, abbreviation, title
  int year_rank = 99;
  int pending_year_rank = 99;
  std::string fpage, lpage, elocation;
  std::string abstract_untyped, abstract_typed;
  bool have_untyped_abstract = false;
  bool abstract_is_untyped = false;
  xml::AuthorName author;  // the contrib in progress
};

// Stores `value` unless `slot` has a value already (the first given wins).
void keep_first(std::string& slot, std::string& value) {
  if (slot.empty()) slot = std::move(value);
}

void keep_pub_date_year(ArticleState& a, const std::string& value) {
  if (const std::optional<int> year = xml::first_year(value)) {
    if (a.pending_year_rank < a.year_rank) {
      a.year_rank = a.pending_year_rank;
      a.record.year = year;
    }
  }
}

// The first untyped abstract wins; else the first typed one (see finish_article).
void keep_abstract(ArticleState& a, std::string& value) {
  if (a.abstract_is_untyped && !a.have_untyped_abstract) {
    a.have_untyped_abstract = true;
    a.abstract_untyped = std::move(value);
  } else if (!a.abstract_is_untyped && a.abstract_typed.empty()) {
    a.abstract_typed = std::move(value);
  }
}

// Where the text of a field goes when it concerns only the article or the citation in
// progress, in the order of Field; nullptr for the fields that are the handler's own steps
// (finish_field).
struct FieldStore {
  Field field = Field::kNone;
  void (*store)(ArticleState&, Citation&, std::string&) = nullptr;
};
using A = ArticleState;
using C = Citation;
using V = std::string;
constexpr std::array<FieldStore, static_cast<std::size_t>(Field::kFieldCount)> kFieldStores{{
    {Field::kNone, nullptr},
    {Field::kArticleId, nullptr},
    {Field::kArticleTitle, [](A& a, C&, V& v) { a.record.title = std::move(v); }},
    {Field::kJournalTitle, [](A& a, C&, V& v) { keep_first(a.journal[3], v); }},
    {Field::kJournalAbbreviation, nullptr},
    {Field::kPubDateYear, [](A& a, C&, V& v) { keep_pub_date_year(a, v); }},
    {Field::kVolume, [](A& a, C&, V& v) { a.record.volume = std::move(v); }},
    {Field::kIssue, [](A& a, C&, V& v) { a.record.issue = std::move(v); }},
    {Field::kFpage, [](A& a, C&, V& v) { a.fpage = std::move(v); }},
    {Field::kLpage, [](A& a, C&, V& v) { a.lpage = std::move(v); }},
    {Field::kElocation, [](A& a, C&, V& v) { a.elocation = std::move(v); }},
    {Field::kSurname, [](A& a, C&, V& v) { a.author.surname = std::move(v); }},
    // MEDLINE writes initials, JATS names.
    {Field::kGivenNames, [](A& a, C&, V& v) { a.author.initials = initials_of(v); }},
    {Field::kSuffix, [](A& a, C&, V& v) { a.author.suffix = std::move(v); }},
    {Field::kCollab, [](A& a, C&, V& v) { a.author.collective = std::move(v); }},
    {Field::kAff, [](A& a, C&, V& v) { xml::add_unique(a.record.affiliations, std::move(v)); }},
    {Field::kKwd, [](A& a, C&, V& v) { xml::add_unique(a.record.keywords, std::move(v)); }},
    {Field::kAbstract, [](A& a, C&, V& v) { keep_abstract(a, v); }},
    {Field::kRefSource,
     [](A&, C& c, V& v) {
       c.structured = true;
       keep_first(c.reference.journal, v);
     }},
    {Field::kRefYear,
     [](A&, C& c, V& v) {
       c.structured = true;
       if (!c.reference.year) c.reference.year = xml::first_year(v);
     }},
    {Field::kRefVolume, [](A&, C& c, V& v) { keep_first(c.reference.volume, v); }},
    {Field::kRefIssue, [](A&, C& c, V& v) { keep_first(c.reference.issue, v); }},
    {Field::kRefFpage, [](A&, C& c, V& v) { keep_first(c.fpage, v); }},
    {Field::kRefLpage, [](A&, C& c, V& v) { keep_first(c.lpage, v); }},
    {Field::kRefElocation, [](A&, C& c, V& v) { keep_first(c.elocation, v); }},
    {Field::kRefArticleTitle, [](A&, C& c, V& v) { keep_first(c.reference.title, v); }},
    {Field::kRefPubId, nullptr},
    {Field::kRefSurname, [](A&, C& c, V& v) { c.surname = std::move(v); }},
    {Field::kRefGivenNames, [](A&, C& c, V& v) { c.initials = initials_of(v); }},
}};

constexpr bool in_field_order(const decltype(kFieldStores)& stores) {
  for (std::size_t i = 0; i < stores.size(); ++i) {
    if (static_cast<std::size_t>(stores[i].field) != i) return false;
  }
  return true;
}
static_assert(in_field_order(kFieldStores), "kFieldStores must follow Field's order");

constexpr int kNoTag = -1;      // no element's tag (an element the reader does not know is kOther)
constexpr int kAnyParent = -2;  // a rule that does not look at the parent

// What a front-matter element needs open around it for its rule to apply.
enum class Needs { kNothing, kInArticleMeta, kInJournalMeta, kInAuthor };

// The start tag being read and its context.
struct Element {
  int tag = kOther;
  std::size_t depth = 0;
  int parent = kOther;
  const xml::Attributes& attributes;
};

class JatsHandler;

// What the start tag of a front-matter element does, by its tag: begin `field` when its
// parent is `parent` or `other_parent` (any, for kAnyParent) and what it `needs` is open, or
// then call `start` for the elements whose rule looks at more. Looked up once per start tag.
struct FrontRule {
  Field field = Field::kNone;
  int parent = kNoTag;
  int other_parent = kNoTag;
  Needs needs = Needs::kNothing;
  void (JatsHandler::*start)(const Element&, const FrontRule&) = nullptr;
};

class JatsHandler final : public xml::RecordHandler {
 public:
  explicit JatsHandler(xml::Output& output)
      : RecordHandler(output),
        text_(output.limits().max_text_bytes),
        string_name_(output.limits().max_text_bytes) {}

  void start_element(std::string_view name, const xml::Attributes& attributes) override {
    const int tag = tags().find(name);
    const std::size_t depth = push(tag);
    ++open_[static_cast<std::size_t>(tag)];
    const int parent = ancestor(1);

    // Articles are read inside any root (pmc-articleset, or a wrapper such as <articles>).
    if (depth == 1) saw_root(name);
    if (!article_.active) {
      if (tag == kArticle) begin_article(depth);
      return;
    }
    if (tag == kArticle) nested_record(name);
    if (ignored()) return;

    // Separators inside text being collected.
    if (tag != kInline) {
      if (citation_.depth != 0 && citation_.element) citation_.raw.soft_break();
      if (string_name_depth_ != 0) string_name_.soft_break();
      if (field_ == Field::kAff || field_ == Field::kCollab) {
        text_.soft_break();
      } else if (field_ == Field::kAbstract) {
        abstract_separator(tag, parent);
      }
    }
    if (field_ != Field::kNone) {
      // Inside a field: only the parts to leave out matter.
      if (suppress_depth_ == 0 &&
          ((field_ == Field::kAff && tag == kLabel) ||
           (field_ == Field::kCollab && tag == kContribGroup) ||
           (field_ == Field::kAbstract && tag == kTitle && parent == kAbstract))) {
        suppress_depth_ = depth;
      }
      return;
    }

    if (citation_.depth != 0) {
      if (depth == citation_.depth + 1) {
        start_citation_field(tag, attributes);
      } else if (parent == kName && citation_.names == 1) {  // person-group/name: first author
        if (tag == kSurname) begin_field(Field::kRefSurname);
        if (tag == kGivenNames) begin_field(Field::kRefGivenNames);
      }
      if (tag == kName) ++citation_.names;
      return;
    }
    if (open(kBack) > 0 && open(kRefList) > 0) {
      if (tag == kRefList) article_.record.has_reference_list = true;
      if (is_citation_tag(tag) &&
          (parent == kRef || (parent == kCitationAlternatives && !alternative_taken_))) {
        if (parent == kCitationAlternatives) alternative_taken_ = true;
        begin_citation(tag, depth);
      } else if (tag == kCitationAlternatives) {
        alternative_taken_ = false;
      }
      return;
    }
    if (tag == kRefList) article_.record.has_reference_list = true;
    if (open(kFront) == 0) return;
    start_front_field(Element{tag, depth, parent, attributes});
  }

  void end_element(std::string_view) override {
    const std::size_t depth = this->depth();
    const int tag = current();
    const bool was_ignored = ignored();
    const bool suppressed = suppress_depth_ != 0;  // this element is (inside) a part left out
    if (suppress_depth_ == depth) suppress_depth_ = 0;
    if (article_.active && !was_ignored) {
      if (field_ != Field::kNone && depth == field_depth_) finish_field();
      if (tag != kInline) {
        if (citation_.depth != 0 && citation_.element) citation_.raw.soft_break();
        if (field_ == Field::kAff || field_ == Field::kCollab) {
          text_.soft_break();
        } else if (field_ == Field::kAbstract && tag == kTitle && !suppressed) {
          text_.append(text_.ends_with(':') ? " " : ": ");
          after_abstract_title_ = true;
        }
      }
      if (string_name_depth_ != 0 && tag != kInline) string_name_.soft_break();
      if (depth == string_name_depth_) {
        string_name_depth_ = 0;
        if (article_.author.whole_name.empty()) article_.author.whole_name = string_name_.take();
      } else if (depth == citation_.depth) {
        finish_citation();
      } else if (depth == article_.author.depth) {
        article_.author.finish(article_.record.authors);
      } else if (depth == article_.depth) {
        finish_article();
      }
    }
    --open_[static_cast<std::size_t>(tag)];
    pop();
  }

  void characters(std::string_view text) override {
    if (!article_.active) return;
    if (field_ != Field::kNone && suppress_depth_ == 0) text_.append(text);
    if (citation_.depth != 0) citation_.raw.append(text);
    if (string_name_depth_ != 0) string_name_.append(text);
  }

  [[nodiscard]] const FormatNames& format_names() const override {
    static const FormatNames names{"not JATS XML",
                                   "<article> or <pmc-articleset>",
                                   {"article"},
                                   {"article", "pmc-articleset"}};
    return names;
  }

  void reset_record() override {
    open_.fill(0);
    article_ = ArticleState{};
    citation_ = Citation{};
    alternative_taken_ = false;
    field_ = Field::kNone;
    field_depth_ = 0;
    suppress_depth_ = 0;
    after_abstract_title_ = false;
    text_.clear();
    string_name_depth_ = 0;
    string_name_.clear();
    id_kind_ = xml::IdKind::kOther;
    journal_rank_ = 2;
  }

  [[nodiscard]] std::string in_progress() const override {
    if (!article_.active) return {};
    return "the article in progress (<article> at line " +
           std::to_string(article_.record.where.line) + ")";
  }

 private:
  [[nodiscard]] int open(int tag) const { return open_[static_cast<std::size_t>(tag)]; }
  [[nodiscard]] bool ignored() const { return open(kSubArticle) > 0 || open(kResponse) > 0; }

  void begin_field(Field field) {
    field_ = field;
    field_depth_ = depth();
    text_.clear();
    after_abstract_title_ = false;
  }

  void begin_article(std::size_t depth) {
    article_ = ArticleState{};
    article_.active = true;
    article_.depth = depth;
    article_.record.where = parser().element_location();
    citation_ = Citation{};
    string_name_depth_ = 0;
    begin_record();
  }

  using FrontRules = std::array<FrontRule, kTagCount>;

  static const FrontRules& front_rules() {
    static const FrontRules rules = [] {
      using H = JatsHandler;
      using enum Needs;
      FrontRules r{};
      auto at = [&r](int tag) -> FrontRule& { return r[static_cast<std::size_t>(tag)]; };
      at(kArticleId) = {Field::kArticleId, kArticleMeta, kNoTag, kNothing, &H::start_article_id};
      at(kArticleTitle) = {Field::kArticleTitle, kTitleGroup, kNoTag, kInArticleMeta,
                           &H::start_article_title};
      at(kJournalId) = {Field::kJournalAbbreviation, kAnyParent, kNoTag, kInJournalMeta,
                        &H::start_journal_abbreviation};
      at(kAbbrevJournalTitle) = at(kJournalId);
      at(kJournalTitle) = {Field::kJournalTitle, kAnyParent, kNoTag, kInJournalMeta};
      at(kPubDate) = {Field::kNone, kAnyParent, kNoTag, kInArticleMeta, &H::start_pub_date};
      at(kYear) = {Field::kPubDateYear, kPubDate, kNoTag, kInArticleMeta};
      at(kVolume) = {Field::kVolume, kArticleMeta};
      at(kIssue) = {Field::kIssue, kArticleMeta};
      at(kFpage) = {Field::kFpage, kArticleMeta};
      at(kLpage) = {Field::kLpage, kArticleMeta};
      at(kElocationId) = {Field::kElocation, kArticleMeta};
      at(kContrib) = {Field::kNone, kAnyParent, kNoTag, kInArticleMeta, &H::start_contrib};
      at(kSurname) = {Field::kSurname, kName, kStringName, kInAuthor};
      at(kGivenNames) = {Field::kGivenNames, kName, kStringName, kInAuthor};
      at(kSuffix) = {Field::kSuffix, kName, kStringName, kInAuthor};
      at(kStringName) = {Field::kNone, kAnyParent, kNoTag, kInAuthor, &H::start_string_name};
      at(kCollab) = {Field::kCollab, kAnyParent, kNoTag, kInAuthor};
      at(kAff) = {Field::kAff, kAnyParent, kNoTag, kInArticleMeta};
      at(kKwd) = {Field::kKwd, kKwdGroup, kNoTag, kInArticleMeta};
      at(kAbstract) = {Field::kAbstract, kAnyParent, kNoTag, kInArticleMeta, &H::start_abstract};
      return r;
    }();
    return rules;
  }

  [[nodiscard]] bool has_open(Needs needs) const {
    switch (needs) {
      case Needs::kInArticleMeta:
        return open(kArticleMeta) > 0;
      case Needs::kInJournalMeta:
        return open(kJournalMeta) > 0;
      case Needs::kInAuthor:
        return article_.author.depth != 0;
      case Needs::kNothing:
        break;
    }
    return true;
  }

  void start_front_field(const Element& e) {
    const FrontRule& rule = front_rules()[static_cast<std::size_t>(e.tag)];
    if (rule.field == Field::kNone && rule.start == nullptr) return;
    const bool parent_fits =
        rule.parent == kAnyParent || e.parent == rule.parent || e.parent == rule.other_parent;
    if (!parent_fits || !has_open(rule.needs)) return;
    if (rule.start != nullptr) {
      (this->*rule.start)(e, rule);
    } else {
      begin_field(rule.field);
    }
  }

  void start_article_id(const Element& e, const FrontRule& rule) {
    id_kind_ = id_kind(e.attributes.get("pub-id-type").value_or(""));
    article_.pmid_where = parser().element_location();
    begin_field(rule.field);
  }

  void start_article_title(const Element&, const FrontRule& rule) {
    if (article_.record.title.empty()) begin_field(rule.field);
  }

  // journal-id and abbrev-journal-title, ranked by their type (see ArticleState::journal).
  void start_journal_abbreviation(const Element& e, const FrontRule& rule) {
    const std::string_view type =
        e.attributes.get(e.tag == kJournalId ? "journal-id-type" : "abbrev-type").value_or("");
    journal_rank_ = type == "nlm-ta" ? 0 : type == "iso-abbrev" ? 1 : 2;
    if (e.tag == kJournalId && journal_rank_ == 2) return;  // publisher codes such as "ACP"
    begin_field(rule.field);
  }

  void start_pub_date(const Element& e, const FrontRule&) {
    article_.pending_year_rank = pub_date_rank(e.attributes);
  }

  void start_contrib(const Element& e, const FrontRule&) {
    const std::optional<std::string_view> type = e.attributes.get("contrib-type");
    if (article_.author.depth == 0 && open(kCollab) == 0 && (!type || type == "author")) {
      article_.author.begin(e.depth);
    }
  }

  // Its text is collected beside the fields, in case it has no <surname>.
  void start_string_name(const Element& e, const FrontRule&) {
    if (string_name_depth_ == 0) {
      string_name_depth_ = e.depth;
      string_name_.clear();
    }
  }

  void start_abstract(const Element& e, const FrontRule& rule) {
    article_.abstract_is_untyped = !e.attributes.get("abstract-type").has_value();
    begin_field(rule.field);
  }

  // Paragraph and section breaks inside an abstract.
  void abstract_separator(int tag, int parent) {
    if (tag == kSec || (tag == kTitle && parent != kAbstract)) {
      text_.hard_break();
      after_abstract_title_ = false;
    } else if (tag == kP) {
      if (!after_abstract_title_) text_.hard_break();
      after_abstract_title_ = false;
    } else if (tag != kTitle) {
      text_.soft_break();
    }
  }

  void begin_citation(int tag, std::size_t depth) {
    citation_ = Citation{};
    citation_.depth = depth;
    citation_.element = tag == kElementCitation;
    citation_.reference.where = parser().element_location();
  }

  // Direct children of the citation only: a <year> inside <date-in-citation> is an access date.
  void start_citation_field(int tag, const xml::Attributes& attributes) {
    switch (tag) {
      case kPubId:
        citation_.id_kind = id_kind(attributes.get("pub-id-type").value_or(""));
        begin_field(Field::kRefPubId);
        break;
      case kSource:
        begin_field(Field::kRefSource);
        break;
      case kYear:
        begin_field(Field::kRefYear);
        break;
      case kVolume:
        begin_field(Field::kRefVolume);
        break;
      case kIssue:
        begin_field(Field::kRefIssue);
        break;
      case kFpage:
        begin_field(Field::kRefFpage);
        break;
      case kLpage:
        begin_field(Field::kRefLpage);
        break;
      case kElocationId:
        begin_field(Field::kRefElocation);
        break;
      case kArticleTitle:
        begin_field(Field::kRefArticleTitle);
        break;
      default:
        break;
    }
  }

  void finish_field() {
    const Field field = field_;
    field_ = Field::kNone;
    std::string value = text_.take();
    ArticleState& a = article_;
    if (const auto store = kFieldStores[static_cast<std::size_t>(field)].store) {
      store(a, citation_, value);
      return;
    }
    switch (field) {
      case Field::kArticleId:
        if (!xml::keep_first_id(a.record.ids, id_kind_, value) && id_kind_ == xml::IdKind::kPmid &&
            a.pmid_text.empty()) {
          a.pmid_text = std::move(value);  // checked at </article>
        }
        break;
      case Field::kJournalAbbreviation:
        keep_first(a.journal[static_cast<std::size_t>(journal_rank_)], value);
        break;
      case Field::kRefPubId:
        finish_reference_id(value);
        break;
      default:
        break;
    }
  }

  void finish_reference_id(std::string_view value) {
    Citation& c = citation_;
    Reference& ref = c.reference;
    c.structured = true;
    if (!xml::keep_first_id(ref.ids, c.id_kind, value) && c.id_kind == xml::IdKind::kPmid &&
        !ref.ids.pmid) {
      ref.ids.pmid =
          pmid_or_warn(value, "reference PMID",
                       "\"" + std::string(ascii::utf8_prefix(value, 40)) + "\"", "reference");
    }
  }

  // Fields of `from` (a parse of the citation's text) where `into` has none.
  static void fill_missing(Reference& into, Reference&& from) {
    auto fill = [](std::string& a, std::string& b) {
      if (a.empty()) a = std::move(b);
    };
    fill(into.journal, from.journal);
    fill(into.title, from.title);
    fill(into.volume, from.volume);
    fill(into.issue, from.issue);
    fill(into.pages, from.pages);
    fill(into.first_author, from.first_author);
    if (!into.year) into.year = from.year;
    if (!into.ids.pmid) into.ids.pmid = from.ids.pmid;
    fill(into.ids.doi, from.ids.doi);
    fill(into.ids.pmcid, from.ids.pmcid);
  }

  void finish_citation() {
    Citation& c = citation_;
    c.depth = 0;
    Reference& ref = c.reference;
    ref.citation = c.raw.take();
    ref.pages = xml::page_range(std::move(c.fpage), c.lpage, std::move(c.elocation));
    if (!c.surname.empty()) {
      ref.first_author = c.initials.empty() ? c.surname : c.surname + ' ' + c.initials;
    }
    if (!ref.citation.empty()) {
      // The text fills what the elements did not state (all of it for a mixed-citation written
      // out as plain text; the first author and often the title for an element-citation).
      Reference parsed;
      if (!read_citation(ref.citation, parsed) && !c.structured && ref.ids.empty()) {
        const Issue issue{ref.where,
                          "citation text in no known style; the work is keyed by its text", ""};
        if (output().strict()) {
          output().skip("reference text not parsed", issue);  // an error at the next flush
        } else {
          output().warn("reference text not parsed", issue);
        }
      }
      fill_missing(ref, std::move(parsed));
    }
    if (ref.citation.empty() && ref.ids.empty()) {
      output().skip("empty reference",
                    Issue{ref.where, "citation without text or ids; reference skipped", ""});
      return;
    }
    article_.record.references.push_back(std::move(ref));
  }

  void finish_article() {
    end_record();
    ArticleState& a = article_;
    a.active = false;
    Record& r = a.record;
    if (!a.pmid_text.empty()) {
      r.ids.pmid = xml::parse_pmid(a.pmid_text);
      if (!r.ids.pmid) {
        output().warn(
            "invalid PMID",
            Issue{a.pmid_where,
                  "article-id PMID \"" + std::string(ascii::utf8_prefix(a.pmid_text, 40)) +
                      "\" is not a number in 1..4294967295; the article is kept "
                      "without it",
                  ""});
      }
    }
    if (r.ids.empty() && r.title.empty()) {
      output().skip("record without ids or title",
                    Issue{r.where,
                          "<article> without article-id (pmid, pmc, doi) or article-title; "
                          "record skipped",
                          ""});
      return;
    }
    for (std::string& journal : a.journal) {  // the best name first, the others as synonyms
      if (journal.empty()) continue;
      if (r.journal.empty()) {
        r.journal = std::move(journal);
      } else if (journal != r.journal) {
        r.journal_names.push_back(std::move(journal));
      }
    }
    r.pages = xml::page_range(std::move(a.fpage), a.lpage, std::move(a.elocation));
    r.abstract =
        a.have_untyped_abstract ? std::move(a.abstract_untyped) : std::move(a.abstract_typed);
    output().record(std::move(r));
  }

  std::array<int, kTagCount> open_{};
  ArticleState article_;
  Citation citation_;
  bool alternative_taken_ = false;
  Field field_ = Field::kNone;
  std::size_t field_depth_ = 0;
  std::size_t suppress_depth_ = 0;
  bool after_abstract_title_ = false;
  xml::Text text_;
  std::size_t string_name_depth_ = 0;
  xml::Text string_name_;
  xml::IdKind id_kind_ = xml::IdKind::kOther;  // of the article-id being read
  int journal_rank_ = 2;
};

}  // namespace

void read_jats(Input& input, ReadContext& context, const RecordSink& sink) {
  xml::Output output(context, sink);
  JatsHandler(output).read(input);
}

}  // namespace citegraph::io
