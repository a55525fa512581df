// libFuzzer entry for the citation parser (include/citegraph/read/citation_parser.hpp): the
// input bytes are one citation text, given to parse_citation and to read_citation (which is
// what the PubMed XML and JATS readers call for every <Citation>/<mixed-citation>).
//
// A crash, a sanitizer report, a hang or any exception is a bug (the parser promises never to
// throw). The output is checked for the parser's invariants:
//  - when the input is valid UTF-8, every string it returns is valid UTF-8 (a field cut in the
//    middle of a multi-byte character would reach GraphML, CSV and JSON as garbage);
//  - a year, when set, is in [1500, 2100];
//  - journal_key is idempotent: journal_key(journal_key(x)) == journal_key(x), for the parsed
//    container, the reference's journal and the raw input itself.
// Seeds: tests/fuzz/seeds/citation/ (30 real citation texts from tests/data/citations/*.tsv,
// one per file, named after their row's source), used by scripts/fuzz.sh.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "citegraph/graph/record.hpp"
#include "citegraph/read/citation_parser.hpp"
#include "read/text_check.hpp"

namespace {

// Well-formed UTF-8 without NUL: the readers' own check (read/text_check.hpp), strict (RFC 3629).
bool valid_utf8(std::string_view s) {
  return citegraph::io::find_bad_text_byte(s) == std::string_view::npos;
}

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz_citation: %s: \"%.*s\"\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void check_utf8(bool input_valid, const char* field, std::string_view value) {
  if (input_valid && !valid_utf8(value)) {
    std::fprintf(stderr, "fuzz_citation: field %s is not valid UTF-8\n", field);
    fail("invalid UTF-8 from valid UTF-8 input", value);
  }
}

void check_year(const std::optional<int>& year) {
  if (year && (*year < 1500 || *year > 2100))
    fail("year out of [1500, 2100]", std::to_string(*year));
}

void check_key(std::string_view journal) {
  const std::string key = citegraph::io::journal_key(journal);
  const std::string again = citegraph::io::journal_key(key);
  if (again != key) {
    std::fprintf(stderr,
                 "fuzz_citation: journal_key(\"%s\") = \"%s\", journal_key of that = \"%s\"\n",
                 std::string(journal).c_str(), key.c_str(), again.c_str());
    fail("journal_key not idempotent", journal);
  }
}

void run(std::string_view text) {
  const bool utf8 = valid_utf8(text);
  try {
    const citegraph::io::ParsedCitation p = citegraph::io::parse_citation(text);
    for (const citegraph::io::CitationAuthor& author : p.authors) {
      check_utf8(utf8, "authors[].surname", author.surname);
      check_utf8(utf8, "authors[].initials", author.initials);
    }
    check_utf8(utf8, "title", p.title);
    check_utf8(utf8, "container", p.container);
    check_utf8(utf8, "volume", p.volume);
    check_utf8(utf8, "issue", p.issue);
    check_utf8(utf8, "first_page", p.first_page);
    check_utf8(utf8, "last_page", p.last_page);
    check_utf8(utf8, "doi", p.doi);
    check_utf8(utf8, "pmcid", p.pmcid);
    check_utf8(utf8, "url", p.url);
    check_utf8(utf8, "pages()", p.pages());
    check_utf8(utf8, "first_author()", p.first_author());
    check_year(p.year);
    check_key(p.container);

    citegraph::Reference reference;
    citegraph::io::read_citation(text, reference);
    check_utf8(utf8, "Reference::citation", reference.citation);
    check_utf8(utf8, "Reference::journal", reference.journal);
    check_utf8(utf8, "Reference::volume", reference.volume);
    check_utf8(utf8, "Reference::issue", reference.issue);
    check_utf8(utf8, "Reference::pages", reference.pages);
    check_utf8(utf8, "Reference::title", reference.title);
    check_utf8(utf8, "Reference::first_author", reference.first_author);
    check_utf8(utf8, "Reference::ids.doi", reference.ids.doi);
    check_utf8(utf8, "Reference::ids.pmcid", reference.ids.pmcid);
    check_year(reference.year);
    check_key(reference.journal);

    // The raw bytes as a journal name: journal_key must be idempotent on anything.
    check_key(text);
    check_utf8(utf8, "journal_key(input)", citegraph::io::journal_key(text));
  } catch (const std::exception& error) {
    fail("exception (the parser must never throw)", error.what());
  } catch (...) {
    fail("unknown exception", "");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
