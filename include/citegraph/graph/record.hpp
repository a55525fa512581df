// The one record type every reader streams and the builder consumes: a work we have parsed
// (a "source") with its own metadata and its reference list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "citegraph/graph/error.hpp"

namespace citegraph {

using Pmid = std::uint32_t;

// The identifiers of a work. Empty/nullopt = unknown. The DOI is stored lower-cased without a
// "https://doi.org/" or "doi:" prefix; the PMCID upper-cased with its "PMC" prefix.
struct WorkIds {
  std::optional<Pmid> pmid;
  std::string doi;
  std::string pmcid;

  [[nodiscard]] bool empty() const { return !pmid && doi.empty() && pmcid.empty(); }
};

// One entry of a reference list. Fields parsed from a citation string are whatever the string
// says: a missing field stays missing, never guessed.
struct Reference {
  WorkIds ids;
  std::string citation;  // the raw citation text as read (may be empty, e.g. OCC pairs)
  std::string journal;   // as written, e.g. "Rheumatology (Oxford)"
  std::optional<int> year;
  std::string volume;
  std::string issue;
  std::string pages;  // e.g. "337-46", "v18-20", "345-359.e5"
  std::string title;
  std::string first_author;  // "Campanacci M" (surname and initials), or a group's name
  // Where the reference was read. An empty path means the record's own path (readers of
  // huge files leave it empty rather than copy it for every reference).
  SourceLocation where;
};

struct Record {
  SourceLocation where;  // where the record starts
  WorkIds ids;
  std::string title;
  std::string journal;  // journal title or abbreviation as the input gives it
  // Other names of the same journal the record states (full title, ISO abbreviation): cited
  // works whose journal is written so are shown under `journal` (the NLM abbreviation).
  std::vector<std::string> journal_names;
  std::optional<int> year;
  std::string volume;
  std::string issue;
  std::string pages;
  std::vector<std::string> authors;
  std::vector<std::string> affiliations;
  std::vector<std::string> keywords;
  std::vector<std::string> mesh;
  std::string abstract;
  // False when the input format or this record carries no reference list at all (a MEDLINE
  // record, the legacy PubMed page): "no references" is then unknown, not zero.
  bool has_reference_list = false;
  std::vector<Reference> references;
  // A retraction notice links to this work (PubMed XML CommentsCorrections RetractionIn).
  bool retracted = false;
  // Not a record but PubMed's DeleteCitation of ids.pmid: the builder removes the record of
  // that PMID read so far (inputs are applied in the order given).
  bool deletion = false;
};

}  // namespace citegraph
