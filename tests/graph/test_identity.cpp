#include <doctest/doctest.h>

#include "citegraph/graph/builder.hpp"

using namespace citegraph;

TEST_CASE("normalize_doi lower-cases and strips prefixes and trailing punctuation") {
  CHECK(normalize_doi("10.1177/0961203318768889") == "10.1177/0961203318768889");
  CHECK(normalize_doi(" https://doi.org/10.1186/S13619-020-00058-0. ") ==
        "10.1186/s13619-020-00058-0");
  CHECK(normalize_doi("doi: 10.1000/ABC") == "10.1000/abc");
  CHECK(normalize_doi("http://dx.doi.org/10.1/x") == "10.1/x");
  CHECK(normalize_doi("11.1000/abc").empty());
  CHECK(normalize_doi("10.1000").empty());
  CHECK(normalize_doi("10.1000/a b").empty());
  CHECK(normalize_doi("").empty());
}

TEST_CASE("normalize_pmcid accepts PMC ids in any case or bare digits") {
  CHECK(normalize_pmcid("PMC123456") == "PMC123456");
  CHECK(normalize_pmcid("pmc00123") == "PMC123");
  CHECK(normalize_pmcid("42") == "PMC42");
  CHECK(normalize_pmcid("PMC").empty());
  CHECK(normalize_pmcid("PMC12a").empty());
  CHECK(normalize_pmcid("0").empty());
}

TEST_CASE("citation_key needs journal, year, volume and first page") {
  CHECK(citation_key("J Clin Invest", 2002, "109", "337-46") == "jclininvest:2002:109:337");
  CHECK(citation_key("Rheumatology (Oxford)", 2008, "47 Suppl 5", "v18-20") ==
        "rheumatologyoxford:2008:47:v18");
  CHECK(citation_key("Cell Stem Cell", 2017, "20", "345-359.e5") == "cellstemcell:2017:20:345");
  CHECK(citation_key("Iran Biomed J", std::nullopt, "21", "282-3").empty());
  CHECK(citation_key("J Clin Med", 2019, "8", "").empty());
  CHECK(citation_key("", 2019, "8", "1").empty());
}

TEST_CASE("title_key folds case, punctuation and markup, and refuses short titles") {
  CHECK(title_key("Mesenchymal stem cell transplantation in systemic lupus erythematous, a "
                  "mesenchymal stem cell disorder.") ==
        "mesenchymal-stem-cell-transplantation-in-systemic-lupus-erythematous-a-mesenchymal-"
        "stem-cell-disorder");
  CHECK(title_key("The <i>BRCA1</i> gene:  a REVIEW") == "the-brca1-gene-a-review");
  CHECK(title_key("Erratum.").empty());
  CHECK(title_key("Two words").empty());
}
