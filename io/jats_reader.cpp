// Reads PMC full-text JATS XML (`jats`): one <article>, or a <pmc-articleset> of them (PMC's
// efetch and OA service output), following the NISO JATS tag library (Z39.96; Journal
// Archiving and Interchange, https://jats.nlm.nih.gov/archiving/tag-library/) and its older NLM
// 2.x/3.x forms.
//
// Method: one streaming pass with libxml2's SAX2 push parser (io/xml_stream.hpp); counters of
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
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citegraph/io/citation_parser.hpp"
#include "citegraph/io/readers.hpp"
#include "graph/ascii.hpp"
#include "io/xml_records.hpp"
#include "io/xml_stream.hpp"

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
    start_front_field(tag, parent, depth, attributes);
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

  void start_front_field(int tag, int parent, std::size_t depth,
                         const xml::Attributes& attributes) {
    ArticleState& a = article_;
    const bool meta = open(kArticleMeta) > 0;
    switch (tag) {
      case kArticleId:
        if (parent == kArticleMeta) {
          id_kind_ = id_kind(attributes.get("pub-id-type").value_or(""));
          a.pmid_where = parser().element_location();
          begin_field(Field::kArticleId);
        }
        break;
      case kArticleTitle:
        if (parent == kTitleGroup && meta && a.record.title.empty()) {
          begin_field(Field::kArticleTitle);
        }
        break;
      case kJournalId:
      case kAbbrevJournalTitle: {
        if (open(kJournalMeta) == 0) break;
        const std::string_view type =
            attributes.get(tag == kJournalId ? "journal-id-type" : "abbrev-type").value_or("");
        journal_rank_ = type == "nlm-ta" ? 0 : type == "iso-abbrev" ? 1 : 2;
        if (tag == kJournalId && journal_rank_ == 2) break;  // publisher codes such as "ACP"
        begin_field(Field::kJournalAbbreviation);
        break;
      }
      case kJournalTitle:
        if (open(kJournalMeta) > 0) begin_field(Field::kJournalTitle);
        break;
      case kPubDate:
        if (meta) a.pending_year_rank = pub_date_rank(attributes);
        break;
      case kYear:
        if (parent == kPubDate && meta) begin_field(Field::kPubDateYear);
        break;
      case kVolume:
        if (parent == kArticleMeta) begin_field(Field::kVolume);
        break;
      case kIssue:
        if (parent == kArticleMeta) begin_field(Field::kIssue);
        break;
      case kFpage:
        if (parent == kArticleMeta) begin_field(Field::kFpage);
        break;
      case kLpage:
        if (parent == kArticleMeta) begin_field(Field::kLpage);
        break;
      case kElocationId:
        if (parent == kArticleMeta) begin_field(Field::kElocation);
        break;
      case kContrib: {
        const std::optional<std::string_view> type = attributes.get("contrib-type");
        if (meta && a.author.depth == 0 && open(kCollab) == 0 && (!type || type == "author")) {
          a.author.begin(depth);
        }
        break;
      }
      case kSurname:
      case kGivenNames:
      case kSuffix:
        if (a.author.depth != 0 && (parent == kName || parent == kStringName)) {
          begin_field(tag == kSurname      ? Field::kSurname
                      : tag == kGivenNames ? Field::kGivenNames
                                           : Field::kSuffix);
        }
        break;
      case kStringName:
        // Its text is collected beside the fields, in case it has no <surname>.
        if (a.author.depth != 0 && string_name_depth_ == 0) {
          string_name_depth_ = depth;
          string_name_.clear();
        }
        break;
      case kCollab:
        if (a.author.depth != 0) begin_field(Field::kCollab);
        break;
      case kAff:
        if (meta) begin_field(Field::kAff);
        break;
      case kKwd:
        if (parent == kKwdGroup && meta) begin_field(Field::kKwd);
        break;
      case kAbstract:
        if (meta) {
          a.abstract_is_untyped = !attributes.get("abstract-type").has_value();
          begin_field(Field::kAbstract);
        }
        break;
      default:
        break;
    }
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
    Reference& ref = citation_.reference;
    switch (field) {
      case Field::kNone:
        break;
      case Field::kArticleId:
        if (!xml::keep_first_id(a.record.ids, id_kind_, value) && id_kind_ == xml::IdKind::kPmid &&
            a.pmid_text.empty()) {
          a.pmid_text = std::move(value);  // checked at </article>
        }
        break;
      case Field::kArticleTitle:
        a.record.title = std::move(value);
        break;
      case Field::kJournalAbbreviation: {
        std::string& slot = a.journal[static_cast<std::size_t>(journal_rank_)];
        if (slot.empty()) slot = std::move(value);
        break;
      }
      case Field::kJournalTitle:
        if (a.journal[3].empty()) a.journal[3] = std::move(value);
        break;
      case Field::kPubDateYear:
        if (const std::optional<int> year = xml::first_year(value)) {
          if (a.pending_year_rank < a.year_rank) {
            a.year_rank = a.pending_year_rank;
            a.record.year = year;
          }
        }
        break;
      case Field::kVolume:
        a.record.volume = std::move(value);
        break;
      case Field::kIssue:
        a.record.issue = std::move(value);
        break;
      case Field::kFpage:
        a.fpage = std::move(value);
        break;
      case Field::kLpage:
        a.lpage = std::move(value);
        break;
      case Field::kElocation:
        a.elocation = std::move(value);
        break;
      case Field::kSurname:
        a.author.surname = std::move(value);
        break;
      case Field::kGivenNames:
        a.author.initials = initials_of(value);  // MEDLINE writes initials, JATS names
        break;
      case Field::kSuffix:
        a.author.suffix = std::move(value);
        break;
      case Field::kCollab:
        a.author.collective = std::move(value);
        break;
      case Field::kAff:
        xml::add_unique(a.record.affiliations, std::move(value));
        break;
      case Field::kKwd:
        xml::add_unique(a.record.keywords, std::move(value));
        break;
      case Field::kAbstract:
        if (a.abstract_is_untyped && !a.have_untyped_abstract) {
          a.have_untyped_abstract = true;
          a.abstract_untyped = std::move(value);
        } else if (!a.abstract_is_untyped && a.abstract_typed.empty()) {
          a.abstract_typed = std::move(value);
        }
        break;
      case Field::kRefSource:
        citation_.structured = true;
        if (ref.journal.empty()) ref.journal = std::move(value);
        break;
      case Field::kRefYear:
        citation_.structured = true;
        if (!ref.year) ref.year = xml::first_year(value);
        break;
      case Field::kRefVolume:
        if (ref.volume.empty()) ref.volume = std::move(value);
        break;
      case Field::kRefIssue:
        if (ref.issue.empty()) ref.issue = std::move(value);
        break;
      case Field::kRefFpage:
        if (citation_.fpage.empty()) citation_.fpage = std::move(value);
        break;
      case Field::kRefLpage:
        if (citation_.lpage.empty()) citation_.lpage = std::move(value);
        break;
      case Field::kRefElocation:
        if (citation_.elocation.empty()) citation_.elocation = std::move(value);
        break;
      case Field::kRefSurname:
        citation_.surname = std::move(value);
        break;
      case Field::kRefGivenNames:
        citation_.initials = initials_of(value);
        break;
      case Field::kRefArticleTitle:
        if (ref.title.empty()) ref.title = std::move(value);
        break;
      case Field::kRefPubId:
        citation_.structured = true;
        if (!xml::keep_first_id(ref.ids, citation_.id_kind, value) &&
            citation_.id_kind == xml::IdKind::kPmid && !ref.ids.pmid) {
          ref.ids.pmid =
              pmid_or_warn(value, "reference PMID",
                           "\"" + std::string(ascii::utf8_prefix(value, 40)) + "\"", "reference");
        }
        break;
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
