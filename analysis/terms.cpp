// Text facets of a corpus's own sources: normalised keywords/MeSH, title/abstract terms and
// institutions parsed from affiliations. The rules are stated in terms.hpp; this file holds
// the fixed word lists they use.
#include "citegraph/analysis/terms.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_set>

#include "citegraph/graph/error.hpp"
#include "support/ascii.hpp"

namespace citegraph {
namespace {

// NLTK's English stop words (nltk_data corpora/stopwords/english, 179 entries) without the 26
// contracted forms, which cannot match because apostrophes separate tokens. Sorted, so that
// is_stop_word can binary-search it.
constexpr std::array<std::string_view, 153> kStopWords = {
    "a",          "about",   "above",   "after",      "again", "against", "ain",       "all",
    "am",         "an",      "and",     "any",        "are",   "aren",    "as",        "at",
    "be",         "because", "been",    "before",     "being", "below",   "between",   "both",
    "but",        "by",      "can",     "couldn",     "d",     "did",     "didn",      "do",
    "does",       "doesn",   "doing",   "don",        "down",  "during",  "each",      "few",
    "for",        "from",    "further", "had",        "hadn",  "has",     "hasn",      "have",
    "haven",      "having",  "he",      "her",        "here",  "hers",    "herself",   "him",
    "himself",    "his",     "how",     "i",          "if",    "in",      "into",      "is",
    "isn",        "it",      "its",     "itself",     "just",  "ll",      "m",         "ma",
    "me",         "mightn",  "more",    "most",       "mustn", "my",      "myself",    "needn",
    "no",         "nor",     "not",     "now",        "o",     "of",      "off",       "on",
    "once",       "only",    "or",      "other",      "our",   "ours",    "ourselves", "out",
    "over",       "own",     "re",      "s",          "same",  "shan",    "she",       "should",
    "shouldn",    "so",      "some",    "such",       "t",     "than",    "that",      "the",
    "their",      "theirs",  "them",    "themselves", "then",  "there",   "these",     "they",
    "this",       "those",   "through", "to",         "too",   "under",   "until",     "up",
    "ve",         "very",    "was",     "wasn",       "we",    "were",    "weren",     "what",
    "when",       "where",   "which",   "while",      "who",   "whom",    "why",       "will",
    "with",       "won",     "wouldn",  "y",          "you",   "your",    "yours",     "yourself",
    "yourselves",
};
static_assert(std::ranges::is_sorted(kStopWords), "kStopWords must stay sorted");

// Words that open a department-level segment of an affiliation ("Department of Genetics").
constexpr std::array<std::string_view, 11> kUnitWords = {
    "department", "dept",    "division",  "section", "unit",    "laboratory",
    "lab",        "faculty", "programme", "program", "service",
};

// Words kept lower-case inside an institution name (after its first word).
constexpr std::array<std::string_view, 22> kSmallWords = {
    "of",  "and", "the", "for", "in", "at", "on", "de",  "del", "della", "der",
    "des", "di",  "du",  "la",  "le", "y",  "e",  "und", "fur", "für",   "da",
};

constexpr int kNoRank = 100;

using ascii::is_digit;
using ascii::is_space;
using ascii::lower;
using ascii::to_lower;
using ascii::to_upper;

// Splits at runs of white space; no empty words.
std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

std::string join(const std::vector<std::string_view>& words, std::size_t begin, std::size_t end) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

std::string collapse_spaces(std::string_view s) {
  const auto words = split_words(s);
  return join(words, 0, words.size());
}

std::vector<std::string_view> split_on(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(separator, start);
    parts.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// "48439", "SE-171", "H3A": a digit, otherwise only digits, capitals and hyphens.
bool is_postal_token(std::string_view token) {
  bool digit = false;
  for (const char c : token) {
    if (is_digit(c)) {
      digit = true;
    } else if (!ascii::is_upper(c) && c != '-') {
      return false;
    }
  }
  return digit;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Lower-cased words of a segment for keyword matching; non-ASCII bytes stay inside words so
// that "Universität" is one word.
std::vector<std::string> match_words(std::string_view segment) {
  std::vector<std::string> words;
  std::string current;
  for (const char c : segment) {
    if (ascii::is_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      current += to_lower(c);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

// The institution rank of a cleaned segment (1 best), kNoRank when it names none, 0 never.
int institution_rank(std::string_view segment) {
  const auto words = match_words(segment);
  if (words.empty() || contains(kUnitWords, words.front())) return kNoRank;
  int rank = kNoRank;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    int r = kNoRank;
    if (w.starts_with("universi") || w == "univ") {
      r = 1;
    } else if (w == "hospital" || w == "hospitals" || w == "h\xc3\xb4pital" || w == "hopital" ||
               w == "clinic" || w == "clinics" || w == "klinikum" || w == "ospedale" ||
               ((w == "center" || w == "centre") && i > 0 && words[i - 1] == "medical")) {
      r = 2;
    } else if (w == "institute" || w == "institutes" || w == "institut" || w == "institutet" ||
               w == "instituto" || w == "istituto" || w == "college" || w == "academy" ||
               w == "foundation") {
      r = 3;
    } else if (w == "center" || w == "centre" || w == "centers" || w == "centres") {
      r = 4;
    } else if (w == "school") {
      r = 5;
    }
    rank = std::min(rank, r);
  }
  return rank;
}

// Strips postal-code tokens at either end, drops e-mail tokens, collapses white space and
// removes trailing full stops.
std::string clean_segment(std::string_view segment) {
  std::vector<std::string_view> words;
  for (const auto w : split_words(segment)) {
    if (w.find('@') == std::string_view::npos) words.push_back(w);
  }
  std::size_t begin = 0;
  std::size_t end = words.size();
  while (begin < end && is_postal_token(words[begin])) ++begin;
  while (end > begin && is_postal_token(words[end - 1])) --end;
  std::string out = join(words, begin, end);
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string normalise_case(std::string name) {
  const bool has_lower = std::any_of(name.begin(), name.end(), ascii::is_lower);
  if (!has_lower) name = lower(name);
  std::string out;
  const auto words = split_words(name);
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string word(words[i]);
    const std::string folded = lower(word);
    if (i > 0 && contains(kSmallWords, std::string_view(folded))) {
      word = folded;
    } else {
      const auto first = std::find_if(word.begin(), word.end(), [](char c) {
        return ascii::is_alnum(c) || static_cast<unsigned char>(c) >= 0x80;
      });
      if (first != word.end() && std::none_of(first + 1, word.end(), ascii::is_upper)) {
        *first = to_upper(*first);
      }
    }
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

// Position just past a leading "1 " / "1. " list number, else 0.
std::size_t skip_list_number(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  const std::size_t digits_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == digits_start || i - digits_start > 3) return 0;
  if (i < s.size() && s[i] == '.') ++i;
  if (i >= s.size() || !is_space(s[i])) return 0;
  return i;
}

std::optional<std::string> institution_of(std::string_view affiliation) {
  std::string best;
  int best_rank = kNoRank;
  for (const auto segment : split_on(affiliation, ',')) {
    std::string cleaned = clean_segment(segment);
    if (cleaned.empty()) continue;
    const int rank = institution_rank(cleaned);
    if (rank <= best_rank && rank != kNoRank) {
      best_rank = rank;
      best = std::move(cleaned);
    }
  }
  if (best_rank == kNoRank) return std::nullopt;
  return normalise_case(std::move(best));
}

struct FacetSets {
  std::unordered_set<std::string> subjects;
  std::unordered_set<std::string> terms;
  std::unordered_set<std::string> institutions;
};

std::vector<std::string> sorted(std::unordered_set<std::string>& set) {
  std::vector<std::string> out(std::make_move_iterator(set.begin()),
                               std::make_move_iterator(set.end()));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void TermOptions::validate() const {
  if (min_term_length == 0 || min_term_length > 64) {
    throw InvalidArgument("min_term_length must be between 1 and 64, got " +
                          std::to_string(min_term_length));
  }
}

std::string normalize_subject(std::string_view keyword_or_mesh) {
  std::string s;
  for (const char c : keyword_or_mesh.substr(0, keyword_or_mesh.find('/'))) {
    if (c != '*') s += to_lower(c);
  }
  s = collapse_spaces(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';')) s.pop_back();
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string journal_label(std::string_view journal) {
  std::string s = collapse_spaces(journal);
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  return s;
}

bool is_stop_word(std::string_view lower_token) {
  return std::binary_search(kStopWords.begin(), kStopWords.end(), lower_token);
}

std::string fold_plural(std::string_view t) {
  const std::size_t n = t.size();
  if (n >= 5 && t.ends_with("ies")) return std::string(t.substr(0, n - 3)) + "y";
  if (n >= 4 && t.back() == 's' && !t.ends_with("ss") && !t.ends_with("us") && !t.ends_with("is")) {
    return std::string(t.substr(0, n - 1));
  }
  return std::string(t);
}

std::vector<std::string> text_terms(std::string_view text, const TermOptions& options) {
  options.validate();
  std::vector<std::string> terms;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !ascii::is_alnum(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && ascii::is_alnum(text[i])) ++i;
    if (i == start) break;
    std::string token = lower(text.substr(start, i - start));
    if (token.size() < options.min_term_length || all_digits(token) || is_stop_word(token)) {
      continue;
    }
    if (options.fold_plurals) {
      token = fold_plural(token);
      if (token.size() < options.min_term_length || is_stop_word(token)) continue;
    }
    terms.push_back(std::move(token));
  }
  return terms;
}

std::vector<std::string> institutions(std::string_view affiliation) {
  std::string text(affiliation);
  if (const auto at = lower(text).find("electronic address"); at != std::string::npos) {
    text.resize(at);
  }
  std::vector<std::string> out;
  for (auto part : split_on(text, ';')) {
    part.remove_prefix(skip_list_number(part));
    // "Mina Abedi: Cell Therapy ..." — a label before the first comma names the author.
    const std::size_t colon = part.find(':');
    if (colon != std::string_view::npos && colon < part.find(',')) part.remove_prefix(colon + 1);
    if (auto name = institution_of(part);
        name && std::find(out.begin(), out.end(), *name) == out.end()) {
      out.push_back(std::move(*name));
    }
  }
  return out;
}

std::vector<TextFacets> text_facets(const CitationGraph& graph, const TermOptions& options) {
  options.validate();
  const std::size_t corpora = graph.corpora().size();
  std::vector<FacetSets> sets(corpora);
  std::vector<TextFacets> result(corpora);
  if (corpora == 0) return result;
  const CorpusSet valid = corpora >= kMaxCorpora ? ~CorpusSet{0} : (CorpusSet{1} << corpora) - 1;
  const auto& source_nodes = graph.source_nodes();
  for (const NodeId v : source_nodes) {
    const CorpusSet mask = graph.source_corpora(v) & valid;
    if (mask == 0) continue;
    const SourceMeta& meta = *graph.source_meta(v);
    const std::string& title = graph.text(v).title;

    std::vector<std::string> subjects;
    for (const auto* list : {&meta.keywords, &meta.mesh}) {
      for (const auto& k : *list) {
        if (auto s = normalize_subject(k); !s.empty()) subjects.push_back(std::move(s));
      }
    }
    std::vector<std::string> terms = text_terms(title, options);
    for (auto& t : text_terms(meta.abstract, options)) terms.push_back(std::move(t));
    std::vector<std::string> names;
    for (const auto& a : meta.affiliations) {
      for (auto& i : institutions(a)) names.push_back(std::move(i));
    }
    const bool has_text =
        !collapse_spaces(title).empty() || !collapse_spaces(meta.abstract).empty();

    for (std::size_t c = 0; c < corpora; ++c) {
      if (((mask >> c) & 1U) == 0) continue;
      TextFacets& f = result[c];
      ++f.sources;
      if (!subjects.empty()) ++f.sources_with_subjects;
      if (has_text) ++f.sources_with_text;
      if (!meta.affiliations.empty()) ++f.sources_with_affiliations;
      sets[c].subjects.insert(subjects.begin(), subjects.end());
      sets[c].terms.insert(terms.begin(), terms.end());
      sets[c].institutions.insert(names.begin(), names.end());
    }
  }
  for (std::size_t c = 0; c < corpora; ++c) {
    result[c].subjects = sorted(sets[c].subjects);
    result[c].terms = sorted(sets[c].terms);
    result[c].institutions = sorted(sets[c].institutions);
  }
  return result;
}

TextFacets text_facets(const CitationGraph& graph, std::size_t corpus, const TermOptions& options) {
  if (corpus >= graph.corpora().size()) {
    throw InvalidArgument("corpus index " + std::to_string(corpus) + " is out of range (" +
                          std::to_string(graph.corpora().size()) + " corpora)");
  }
  auto all = text_facets(graph, options);
  return std::move(all[corpus]);
}

}  // namespace citegraph
