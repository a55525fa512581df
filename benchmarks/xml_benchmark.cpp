// XML reader benchmark (not a test): generates a synthetic PubMed baseline-size file -- 30,000
// PubmedArticle records with ~40 references each, every reference with NLM Citation text and an
// ArticleIdList, plus the usual element mix (authors with affiliations, MeSH, keywords,
// structured abstracts with inline markup, history dates, CommentsCorrections) -- gzips it and
// measures, in one run:
//  1. citegraph's pubmed-xml reader end to end from the .gz through read_input (records/s, MB/s
//     of XML, peak RSS from getrusage);
//  2. the inflate step alone, zlib against libdeflate (when built with CITEGRAPH_HAVE_LIBDEFLATE);
//  3. the XML parsers alone on the decompressed bytes, expat against libxml2 SAX2 (when built with
//     CITEGRAPH_HAVE_EXPAT / CITEGRAPH_HAVE_LIBXML2), with handlers that only count, which is
//     how the readers' parser was chosen (read/xml_stream.hpp);
//  4. benchmarks/xml_benchmark.py (Python lxml iterparse, same fields, same .gz file) run with
//     /usr/bin/python3, and the ratio of the two end-to-end times;
//  5. io::Input's read-ahead thread (issue 12): the pubmed-xml reader on the .gz, and the pairs
//     reader on a generated pairs file (.gz and plain), each with the serial Input
//     (read_ahead_after = UINT64_MAX, the code path every read took before) and with the
//     default read-ahead, pinned to 1 core and to 2: wall and CPU seconds (getrusage, all
//     threads), the best of --repeat runs, interleaved, with the load average.
// Every line says what it measured. Usage:
//   xml_benchmark [--records N] [--refs N] [--pairs N] [--repeat N] [--threads N] [--dir DIR]
//                 [--script PATH] [--python PATH] [--keep] [--read-ahead-only]
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <sched.h>
#include <sys/resource.h>
#include <zlib.h>

#include "bench_clock.hpp"
#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/read/readers.hpp"

#ifdef CITEGRAPH_HAVE_EXPAT
#include <expat.h>
#endif
#ifdef CITEGRAPH_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif
#ifdef CITEGRAPH_HAVE_LIBXML2
#include <libxml/parser.h>
#endif

namespace {

using bench::Clock;
using bench::loadavg;
using bench::seconds_since;

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

// SplitMix64: deterministic across platforms, so every run generates the same file.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(static_cast<std::uint32_t>(N))];
  }

 private:
  std::uint64_t state_;
};

constexpr const char* kWords[] = {"mesenchymal",  "stem",       "cell",
                                  "therapy",      "lupus",      "systemic",
                                  "sclerosis",    "patients",   "clinical",
                                  "analysis",     "immune",     "response",
                                  "regulatory",   "T",          "cells",
                                  "fibrosis",     "expression", "gene",
                                  "pathway",      "signalling", "mouse",
                                  "model",        "randomised", "trial",
                                  "cohort",       "risk",       "association",
                                  "genome",       "wide",       "study",
                                  "treatment",    "outcome",    "disease",
                                  "inflammation", "cytokine",   "production",
                                  "of",           "the",        "and",
                                  "in",           "with",       "a",
                                  "novel",        "approach",   "role",
                                  "during",       "human",      "bone",
                                  "marrow",       "derived",    "transplantation"};
constexpr const char* kJournals[][2] = {
    {"The Journal of clinical investigation", "J Clin Invest"},
    {"Stem cells (Dayton, Ohio)", "Stem Cells"},
    {"Rheumatology (Oxford, England)", "Rheumatology (Oxford)"},
    {"Arthritis and rheumatism", "Arthritis Rheum"},
    {"Lupus", "Lupus"},
    {"Nature", "Nature"},
    {"Proceedings of the National Academy of Sciences of the United States of America",
     "Proc Natl Acad Sci U S A"},
    {"Frontiers in endocrinology", "Front Endocrinol (Lausanne)"},
    {"BMJ (Clinical research ed.)", "BMJ"},
    {"Cell reports", "Cell Rep"}};
constexpr const char* kLastNames[] = {"Smith",  "Zhang",    "Kim",    "Garcia", "Müller",
                                      "Rossi",  "Tanaka",   "Nguyen", "Ahmadi", "Johansson",
                                      "Dubois", "Kowalski", "Silva",  "Chen",   "O'Brien"};
constexpr const char* kForeNames[] = {"Ji Seon", "Maria", "Wei", "Hassan", "Anna", "Kenji",
                                      "Lars",    "Sofia", "Ali", "John A", "Chloé"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kMesh[] = {"Humans",
                                 "Animals",
                                 "Mice",
                                 "Lupus Erythematosus, Systemic",
                                 "Mesenchymal Stem Cell Transplantation",
                                 "Female",
                                 "Male",
                                 "Scleroderma, Systemic",
                                 "Fibrosis",
                                 "T-Lymphocytes, Regulatory"};
constexpr const char* kQualifiers[] = {"therapy", "immunology", "pathology", "metabolism",
                                       "genetics"};
constexpr const char* kCountries[] = {"Iran", "China", "USA", "Germany", "Japan", "Italy"};

std::string sentence(Random& random, std::uint32_t words, bool markup) {
  std::string out;
  for (std::uint32_t i = 0; i < words; ++i) {
    if (i > 0) out += ' ';
    const char* word = random.pick(kWords);
    if (markup && random.below(12) == 0) {
      out += "<i>";
      out += word;
      out += "</i>";
    } else {
      out += word;
    }
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

// One PubmedArticle in the 2019+ DTD layout, as efetch and the baseline files print it.
void article(std::string& out, Random& random, std::uint32_t pmid, std::uint32_t references) {
  const auto& journal = random.pick(kJournals);
  const std::uint32_t year = 1990 + random.below(34);
  const std::uint32_t volume = 1 + random.below(400);
  const std::uint32_t first_page = 1 + random.below(2000);
  char buffer[2048];
  auto add = [&out, &buffer](int n) {
    out.append(buffer, std::min(static_cast<std::size_t>(n), sizeof buffer - 1));
  };

  add(std::snprintf(
      buffer, sizeof buffer,
      "<PubmedArticle>\n<MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n"
      "<PMID Version=\"1\">%u</PMID>\n"
      "<DateCompleted><Year>%u</Year><Month>0%u</Month><Day>1%u</Day></DateCompleted>\n"
      "<DateRevised><Year>%u</Year><Month>1%u</Month><Day>2%u</Day></DateRevised>\n"
      "<Article PubModel=\"Print-Electronic\">\n<Journal>\n"
      "<ISSN IssnType=\"Electronic\">1234-%04u</ISSN>\n"
      "<JournalIssue CitedMedium=\"Internet\"><Volume>%u</Volume><Issue>%u</Issue>"
      "<PubDate><Year>%u</Year><Month>%s</Month></PubDate></JournalIssue>\n"
      "<Title>%s</Title>\n<ISOAbbreviation>%s</ISOAbbreviation>\n</Journal>\n",
      pmid, year, random.below(9) + 1, random.below(9), year + 1, random.below(3), random.below(9),
      random.below(10000), volume, random.below(12) + 1, year, random.pick(kMonths), journal[0],
      journal[1]));
  out += "<ArticleTitle>" + sentence(random, 8 + random.below(10), true) + ".</ArticleTitle>\n";
  add(std::snprintf(buffer, sizeof buffer,
                    "<Pagination><MedlinePgn>%u-%u</MedlinePgn></Pagination>\n"
                    "<ELocationID EIdType=\"doi\" ValidYN=\"Y\">10.1000/j.x.%u</ELocationID>\n",
                    first_page, first_page + 1 + random.below(20), pmid));
  out += "<Abstract>\n";
  constexpr const char* kLabels[] = {"BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"};
  for (const char* label : kLabels) {
    out += "<AbstractText Label=\"";
    out += label;
    out += "\" NlmCategory=\"";
    out += label;
    out += "\">";
    for (std::uint32_t s = 0; s < 2 + random.below(3); ++s) {
      out += sentence(random, 12 + random.below(14), true);
      out += ". ";
    }
    out += "</AbstractText>\n";
  }
  out += "<CopyrightInformation>Copyright (c) the authors.</CopyrightInformation>\n</Abstract>\n";
  out += "<AuthorList CompleteYN=\"Y\">\n";
  const std::uint32_t authors = 2 + random.below(9);
  for (std::uint32_t a = 0; a < authors; ++a) {
    const char* fore = random.pick(kForeNames);
    std::string initials;
    for (const char* p = fore; *p != 0; ++p) {
      if (p == fore || p[-1] == ' ') initials += *p;
    }
    add(std::snprintf(buffer, sizeof buffer,
                      "<Author ValidYN=\"Y\"><LastName>%s</LastName><ForeName>%s</ForeName>"
                      "<Initials>%s</Initials>\n<AffiliationInfo><Affiliation>Department of "
                      "%s, University of %s, %s.</Affiliation></AffiliationInfo>\n</Author>\n",
                      random.pick(kLastNames), fore, initials.c_str(), random.pick(kWords),
                      random.pick(kWords), random.pick(kCountries)));
  }
  out += "</AuthorList>\n<Language>eng</Language>\n";
  out +=
      "<PublicationTypeList><PublicationType UI=\"D016428\">Journal Article</PublicationType>"
      "<PublicationType UI=\"D016454\">Review</PublicationType></PublicationTypeList>\n";
  add(std::snprintf(buffer, sizeof buffer,
                    "<ArticleDate DateType=\"Electronic\"><Year>%u</Year><Month>04</Month>"
                    "<Day>09</Day></ArticleDate>\n</Article>\n"
                    "<MedlineJournalInfo><Country>England</Country><MedlineTA>%s</MedlineTA>"
                    "<NlmUniqueID>%u</NlmUniqueID><ISSNLinking>0961-2033</ISSNLinking>"
                    "</MedlineJournalInfo>\n<CitationSubset>IM</CitationSubset>\n",
                    year, journal[1], 9000000 + random.below(999999)));
  if (random.below(5) == 0) {
    add(std::snprintf(buffer, sizeof buffer,
                      "<CommentsCorrectionsList><CommentsCorrections RefType=\"CommentIn\">"
                      "<RefSource>Lupus. 2019;28(1):1-2</RefSource><PMID Version=\"1\">%u</PMID>"
                      "</CommentsCorrections></CommentsCorrectionsList>\n",
                      pmid + 1000));
  }
  out += "<MeshHeadingList>\n";
  for (std::uint32_t m = 0; m < 4 + random.below(8); ++m) {
    add(std::snprintf(buffer, sizeof buffer,
                      "<MeshHeading><DescriptorName UI=\"D%06u\" MajorTopicYN=\"%s\">%s"
                      "</DescriptorName><QualifierName UI=\"Q%06u\" MajorTopicYN=\"N\">%s"
                      "</QualifierName></MeshHeading>\n",
                      random.below(999999), random.below(4) == 0 ? "Y" : "N", random.pick(kMesh),
                      random.below(999999), random.pick(kQualifiers)));
  }
  out += "</MeshHeadingList>\n<KeywordList Owner=\"NOTNLM\">\n";
  for (std::uint32_t k = 0; k < 3 + random.below(4); ++k) {
    out += "<Keyword MajorTopicYN=\"N\">" + sentence(random, 1 + random.below(3), false) +
           "</Keyword>\n";
  }
  out += "</KeywordList>\n</MedlineCitation>\n<PubmedData>\n<History>\n";
  constexpr const char* kStatuses[] = {"received", "revised", "accepted",
                                       "pubmed",   "medline", "entrez"};
  for (const char* status : kStatuses) {
    add(std::snprintf(buffer, sizeof buffer,
                      "<PubMedPubDate PubStatus=\"%s\"><Year>%u</Year><Month>%u</Month>"
                      "<Day>%u</Day></PubMedPubDate>\n",
                      status, year, 1 + random.below(12), 1 + random.below(28)));
  }
  add(std::snprintf(buffer, sizeof buffer,
                    "</History>\n<PublicationStatus>ppublish</PublicationStatus>\n<ArticleIdList>"
                    "<ArticleId IdType=\"pubmed\">%u</ArticleId><ArticleId IdType=\"doi\">"
                    "10.1000/j.x.%u</ArticleId><ArticleId IdType=\"pii\">S%u</ArticleId>"
                    "</ArticleIdList>\n",
                    pmid, pmid, pmid));
  if (references > 0) {
    out += "<ReferenceList>\n";
    for (std::uint32_t r = 0; r < references; ++r) {
      const auto& cited_journal = random.pick(kJournals);
      const std::uint32_t cited_year = 1970 + random.below(50);
      const std::uint32_t page = 1 + random.below(3000);
      const std::uint32_t cited_pmid = 1 + random.below(36000000);
      add(std::snprintf(buffer, sizeof buffer,
                        "<Reference>\n<Citation>%s. %u %s;%u(%u):%u-%u</Citation>\n"
                        "<ArticleIdList>\n<ArticleId IdType=\"pubmed\">%u</ArticleId>\n",
                        cited_journal[1], cited_year, random.pick(kMonths), 1 + random.below(300),
                        1 + random.below(12), page, page + 1 + random.below(30), cited_pmid));
      if (random.below(3) == 0) {
        add(std::snprintf(buffer, sizeof buffer,
                          "<ArticleId IdType=\"doi\">10.%u/ref.%u</ArticleId>\n",
                          1000 + random.below(9000), cited_pmid));
      }
      if (random.below(6) == 0) {
        add(std::snprintf(buffer, sizeof buffer, "<ArticleId IdType=\"pmc\">PMC%u</ArticleId>\n",
                          1000000 + random.below(9000000)));
      }
      out += "</ArticleIdList>\n</Reference>\n";
    }
    out += "</ReferenceList>\n";
  }
  out += "</PubmedData>\n</PubmedArticle>\n";
}

struct Generated {
  std::uint64_t xml_bytes = 0;
  std::uint64_t gz_bytes = 0;
  std::uint64_t references = 0;
};

Generated generate(const std::string& path, std::uint32_t records, std::uint32_t mean_refs) {
  gzFile file = gzopen(path.c_str(), "wb6");
  if (file == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(3);
  }
  gzbuffer(file, 1 << 20);
  Generated generated;
  Random random(20240601);
  std::string chunk =
      "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, "
      "1st January 2024//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd\">\n"
      "<PubmedArticleSet>\n";
  auto flush = [&](bool force) {
    if (!force && chunk.size() < (1u << 20)) return;
    generated.xml_bytes += chunk.size();
    gzwrite(file, chunk.data(), static_cast<unsigned>(chunk.size()));
    chunk.clear();
  };
  for (std::uint32_t i = 0; i < records; ++i) {
    // Mean `mean_refs`, spread 50%..150% so that lists vary in length.
    const std::uint32_t refs = mean_refs / 2 + random.below(mean_refs + 1);
    generated.references += refs;
    article(chunk, random, 30000000 + i, refs);
    flush(false);
  }
  chunk += "</PubmedArticleSet>\n";
  flush(true);
  gzclose(file);
  generated.gz_bytes = std::filesystem::file_size(path);
  return generated;
}

std::vector<char> read_file(const std::string& path) {
  std::vector<char> bytes(std::filesystem::file_size(path));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr || std::fread(bytes.data(), 1, bytes.size(), f) != bytes.size()) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(3);
  }
  std::fclose(f);
  return bytes;
}

// Streaming inflate with zlib into a reused 1 MiB buffer, as read/input.cpp does.
std::uint64_t inflate_zlib(const std::vector<char>& gz, std::vector<char>* keep) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 32);
  std::vector<char> out(1 << 20);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  stream.avail_in = static_cast<uInt>(gz.size());
  std::uint64_t total = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      std::fprintf(stderr, "zlib inflate failed: %d\n", status);
      std::exit(3);
    }
    const std::size_t produced = out.size() - stream.avail_out;
    if (keep != nullptr) keep->insert(keep->end(), out.data(), out.data() + produced);
    total += produced;
  }
  inflateEnd(&stream);
  return total;
}

struct CountingState {
  std::uint64_t elements = 0;
  std::uint64_t text_bytes = 0;
};

#ifdef CITEGRAPH_HAVE_EXPAT
void XMLCALL expat_start(void* data, const XML_Char*, const XML_Char**) {
  ++static_cast<CountingState*>(data)->elements;
}
void XMLCALL expat_end(void*, const XML_Char*) {}
void XMLCALL expat_text(void* data, const XML_Char*, int length) {
  static_cast<CountingState*>(data)->text_bytes += static_cast<std::uint64_t>(length);
}

CountingState parse_expat(const std::vector<char>& xml) {
  CountingState state;
  XML_Parser parser = XML_ParserCreate(nullptr);
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(parser, expat_start, expat_end);
  XML_SetCharacterDataHandler(parser, expat_text);
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t offset = 0; offset < xml.size(); offset += kChunk) {
    const std::size_t n = std::min(kChunk, xml.size() - offset);
    if (XML_Parse(parser, xml.data() + offset, static_cast<int>(n), 0) != XML_STATUS_OK) break;
  }
  XML_Parse(parser, nullptr, 0, 1);
  XML_ParserFree(parser);
  return state;
}
#endif

#ifdef CITEGRAPH_HAVE_LIBXML2
void libxml_start(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*, int, const xmlChar**,
                  int, int, const xmlChar**) {
  ++static_cast<CountingState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private)->elements;
}
void libxml_end(void*, const xmlChar*, const xmlChar*, const xmlChar*) {}
void libxml_text(void* ctx, const xmlChar*, int length) {
  static_cast<CountingState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private)->text_bytes +=
      static_cast<std::uint64_t>(length);
}

CountingState parse_libxml2(const std::vector<char>& xml) {
  CountingState state;
  xmlSAXHandler sax{};
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = libxml_start;
  sax.endElementNs = libxml_end;
  sax.characters = libxml_text;
  xmlParserCtxtPtr ctx = xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr);
  ctx->_private = &state;
  xmlCtxtUseOptions(ctx, XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_HUGE);
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t offset = 0; offset < xml.size(); offset += kChunk) {
    const std::size_t n = std::min(kChunk, xml.size() - offset);
    if (xmlParseChunk(ctx, xml.data() + offset, static_cast<int>(n), 0) != 0) break;
  }
  xmlParseChunk(ctx, nullptr, 0, 1);
  xmlFreeParserCtxt(ctx);
  return state;
}
#endif

// A pairs file: "citing,referenced" and `pairs` lines, citing PMIDs ascending with 1-60
// references each, cited PMIDs up to 40M (the NIH OCC's shape). Written gzip'd (level 6) and
// plain; returns the content bytes.
std::uint64_t generate_pairs(const std::string& gz_path, const std::string& plain_path,
                             std::uint64_t pairs) {
  gzFile gz = gzopen(gz_path.c_str(), "wb6");
  std::FILE* plain = std::fopen(plain_path.c_str(), "wb");
  if (gz == nullptr || plain == nullptr) {
    std::fprintf(stderr, "cannot write %s or %s\n", gz_path.c_str(), plain_path.c_str());
    std::exit(3);
  }
  gzbuffer(gz, 1 << 20);
  Random random(4242);
  std::string chunk = "citing,referenced\n";
  std::uint64_t bytes = 0;
  std::uint32_t citing = 1000000;
  std::uint32_t left = 0;
  char line[64];
  for (std::uint64_t i = 0; i < pairs; ++i) {
    if (left == 0) {
      citing += 1 + random.below(7);
      left = 1 + random.below(60);
    }
    --left;
    const int n = std::snprintf(line, sizeof line, "%u,%u\n", citing, 1 + random.below(40000000));
    chunk.append(line, static_cast<std::size_t>(n));
    if (chunk.size() >= (1u << 20) || i + 1 == pairs) {
      gzwrite(gz, chunk.data(), static_cast<unsigned>(chunk.size()));
      std::fwrite(chunk.data(), 1, chunk.size(), plain);
      bytes += chunk.size();
      chunk.clear();
    }
  }
  gzclose(gz);
  std::fclose(plain);
  return bytes;
}

// CPU seconds of the whole process (every thread), or of the calling thread alone.
double cpu_seconds(bool this_thread = false) {
  rusage usage{};
#ifdef RUSAGE_THREAD
  getrusage(this_thread ? RUSAGE_THREAD : RUSAGE_SELF, &usage);
#else
  if (this_thread) return 0;
  getrusage(RUSAGE_SELF, &usage);
#endif
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::string load_average() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) != 3) return "unknown";
  char text[64];
  std::snprintf(text, sizeof text, "%.2f/%.2f/%.2f", load[0], load[1], load[2]);
  return text;
}

struct ReaderRun {
  double wall = 0;
  double cpu = 0;
  double parser_cpu = 0;  // the calling thread's share: parsing, and copying out of the buffers
  std::uint64_t records = 0;
  std::uint64_t references = 0;
  std::string sha256;
};

// One reader over one file, as read_input runs it (reader, then drain for the checksum), on
// the CPUs of `cpus` (the read-ahead thread inherits them).
ReaderRun run_reader(const std::string& path, bool xml, std::uint64_t read_ahead_after,
                     const cpu_set_t& cpus) {
  cpu_set_t saved;
  sched_getaffinity(0, sizeof saved, &saved);
  sched_setaffinity(0, sizeof cpus, &cpus);
  ReaderRun run;
  citegraph::Diagnostics diagnostics;
  const citegraph::io::ReadOptions options;
  citegraph::io::ReadContext context(options, diagnostics);
  const auto sink = [&run](citegraph::Record&& record) {
    ++run.records;
    run.references += record.references.size();
  };
  const double cpu_start = cpu_seconds();
  const double parser_cpu_start = cpu_seconds(true);
  const auto start = Clock::now();
  {
    citegraph::io::InputOptions input_options;
    input_options.read_ahead_after = read_ahead_after;
    auto input = citegraph::io::Input::open(path, input_options);
    if (xml) {
      citegraph::io::read_pubmed_xml(*input, context, sink);
    } else {
      citegraph::io::read_pairs(*input, context, sink);
    }
    input->drain();
    run.sha256 = input->sha256_hex();
  }
  run.wall = seconds_since(start);
  run.parser_cpu = cpu_seconds(true) - parser_cpu_start;
  run.cpu = cpu_seconds() - cpu_start;
  sched_setaffinity(0, sizeof saved, &saved);
  return run;
}

// Cores this process really gets now: CPU seconds over wall seconds of `threads` threads that
// spin for 0.3 s. Printed beside each 2-core figure: the machine is shared, and a second thread
// may find no second core free.
double calibrate(int threads) {
  const double cpu_start = cpu_seconds();
  const auto start = Clock::now();
  std::vector<std::thread> spinners;
  for (int t = 0; t < threads; ++t) {
    spinners.emplace_back([start] {
      volatile std::uint64_t spins = 0;
      while (seconds_since(start) < 0.3) spins = spins + 1;
    });
  }
  for (std::thread& spinner : spinners) spinner.join();
  return (cpu_seconds() - cpu_start) / seconds_since(start);
}

// Serial Input against read-ahead on 1 and 2 cores: the best wall time of `repeat` interleaved
// runs each, the CPU seconds of that run, and the ratio serial/read-ahead.
void compare_read_ahead(const std::string& label, const std::string& path, bool xml,
                        double content_mb, int repeat) {
  cpu_set_t all;
  sched_getaffinity(0, sizeof all, &all);
  cpu_set_t one;
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &all)) {
      CPU_SET(cpu, &one);
      break;
    }
  }
  for (const cpu_set_t* cpus : {&one, &all}) {
    const int cores = CPU_COUNT(cpus);
    const double found = cores > 1 ? calibrate(cores) : 1.0;
    ReaderRun best[2];
    for (int r = 0; r < repeat; ++r) {
      for (int mode = 0; mode < 2; ++mode) {
        const ReaderRun run = run_reader(
            path, xml,
            mode == 0 ? std::numeric_limits<std::uint64_t>::max() : std::uint64_t{1} << 20, *cpus);
        if (r == 0 || run.wall < best[mode].wall) best[mode] = run;
      }
    }
    const bool same = best[0].records == best[1].records &&
                      best[0].references == best[1].references && best[0].sha256 == best[1].sha256;
    // With two free cores the read-ahead wall time is bounded below by the busier thread; the
    // serial CPU time over that bound is the speed-up the split allows, whatever the load.
    const double producer_cpu = best[1].cpu - best[1].parser_cpu;
    const double bound = std::max(best[1].parser_cpu, producer_cpu);
    // The read-ahead run's own cores used (CPU / wall) says whether its two threads ever ran
    // at once; below 1.05 they did not, and its 2-core ratio measures the machine, not the code.
    char note[200] = "";
    if (cores > 1) {
      std::snprintf(note, sizeof note, " calibrate_cpu_per_wall=%.2f%s", found,
                    best[1].cpu / best[1].wall < 1.05
                        ? ": 2-core wall ratio NOT MEASURED (the threads never ran at once)"
                        : "");
    }
    std::printf("read-ahead %s cores=%d content=%.1f MB records=%" PRIu64 " references=%" PRIu64
                " serial: wall=%.3f s cpu=%.3f s | read-ahead: wall=%.3f s cpu=%.3f s "
                "(parsing thread %.3f s, producer %.3f s) | wall ratio serial/read-ahead=%.2fx "
                "content MB/s=%.0f->%.0f | split allows %.2fx (serial cpu / busier thread) "
                "cpu_per_wall=%.2f same_result=%s best_of=%d loadavg=%s%s\n",
                label.c_str(), cores, content_mb, best[1].records, best[1].references, best[0].wall,
                best[0].cpu, best[1].wall, best[1].cpu, best[1].parser_cpu, producer_cpu,
                best[0].wall / best[1].wall, content_mb / best[0].wall, content_mb / best[1].wall,
                bound > 0 ? best[0].cpu / bound : 0.0, best[1].cpu / best[1].wall,
                same ? "yes" : "NO", repeat, load_average().c_str(), note);
  }
}

struct Options {
  std::uint32_t records = 30000;
  std::uint32_t refs = 40;
  std::uint64_t pairs = 20000000;
  int repeat = 3;
  bool read_ahead_only = false;
  std::string dir = std::filesystem::temp_directory_path().string();
  std::string script;
  std::string python = "/usr/bin/python3";
  bool keep = false;
  unsigned threads = 1;  // ReadOptions::threads of the end-to-end run (2: citations beside XML)
};

Options parse_options(int argc, char** argv) {
  Options options;
  options.script = (std::filesystem::path(argv[0]).parent_path() / "xml_benchmark.py").string();
#ifdef CITEGRAPH_XML_BENCHMARK_SCRIPT
  options.script = CITEGRAPH_XML_BENCHMARK_SCRIPT;
#endif
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--records" && has_value) {
      options.records = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--refs" && has_value) {
      options.refs = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--dir" && has_value) {
      options.dir = argv[++i];
    } else if (arg == "--script" && has_value) {
      options.script = argv[++i];
    } else if (arg == "--python" && has_value) {
      options.python = argv[++i];
    } else if (arg == "--pairs" && has_value) {
      options.pairs = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--repeat" && has_value) {
      options.repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--read-ahead-only") {
      options.read_ahead_only = true;
    } else if (arg == "--keep") {
      options.keep = true;
    } else if (arg == "--threads" && i + 1 < argc) {
      options.threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else {
      std::fprintf(
          stderr,
          "usage: xml_benchmark [--records N] [--refs N] [--pairs N] [--repeat N] [--threads N] "
          "[--dir DIR] [--script PATH] [--python PATH] [--keep] [--read-ahead-only]\n");
      std::exit(1);
    }
  }
  return options;
}

// Runs the lxml script and returns its wall time in seconds (its last line "lxml_seconds X").
double run_python(const Options& options, const std::string& gz_path) {
  const std::string command = options.python + " " + options.script + " " + gz_path;
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  double seconds = -1;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::fputs(line, stdout);
    double value = 0;
    if (std::sscanf(line, "lxml_seconds %lf", &value) == 1) seconds = value;
  }
  const int status = pclose(pipe);
  return status == 0 ? seconds : -1;
}

// What the 1 MiB threshold saves: 3,000 one-line files opened, read and drained with the
// default rule (no thread for any of them) and with read_ahead_after = 0 (a thread per file).
void tiny_files_cost(const Options& options) {
  const std::filesystem::path dir = options.dir + "/citegraph_xml_benchmark_tiny";
  std::filesystem::create_directories(dir);
  constexpr int kFiles = 3000;
  std::vector<std::string> paths;
  for (int i = 0; i < kFiles; ++i) {
    paths.push_back((dir / ("p" + std::to_string(i) + ".csv")).string());
    std::FILE* f = std::fopen(paths.back().c_str(), "wb");
    if (f == nullptr) std::exit(3);
    std::fprintf(f, "citing,referenced\n%d,%d\n", 1000 + i, i + 1);
    std::fclose(f);
  }
  double best[2] = {1e9, 1e9};
  std::vector<char> buffer(1 << 16);
  for (int r = 0; r < std::max(3, options.repeat); ++r) {
    for (int mode = 0; mode < 2; ++mode) {
      citegraph::io::InputOptions input_options;
      if (mode == 1) input_options.read_ahead_after = 0;
      const auto start = Clock::now();
      std::uint64_t bytes = 0;
      for (const std::string& path : paths) {
        auto input = citegraph::io::Input::open(path, input_options);
        bytes += input->peek(64).size();
        while (const std::size_t got = input->read(buffer.data(), buffer.size())) bytes += got;
        input->drain();
      }
      if (bytes == 0) std::printf("(nothing read)\n");
      best[mode] = std::min(best[mode], seconds_since(start));
    }
  }
  std::printf(
      "read-ahead tiny files=%d (one line each) default rule (no thread): %.3f s = %.1f us/file"
      " | a thread per file (read_ahead_after=0): %.3f s = %.1f us/file, +%.1f us/file "
      "best_of=%d loadavg=%s\n",
      kFiles, best[0], best[0] / kFiles * 1e6, best[1], best[1] / kFiles * 1e6,
      (best[1] - best[0]) / kFiles * 1e6, std::max(3, options.repeat), load_average().c_str());
  std::filesystem::remove_all(dir);
}

void read_ahead_section(const Options& options, const std::string& gz_path, double xml_mb) {
  tiny_files_cost(options);
  compare_read_ahead("pubmed-xml .gz", gz_path, true, xml_mb, options.repeat);
  if (options.pairs == 0) return;
  const std::string pairs_gz = options.dir + "/citegraph_xml_benchmark_pairs.csv.gz";
  const std::string pairs_plain = options.dir + "/citegraph_xml_benchmark_pairs.csv";
  const auto start = Clock::now();
  const std::uint64_t pairs_bytes = generate_pairs(pairs_gz, pairs_plain, options.pairs);
  std::printf("generate pairs=%" PRIu64 " csv=%.1f MB gz=%.1f MB seconds=%.2f\n", options.pairs,
              static_cast<double>(pairs_bytes) / 1e6,
              static_cast<double>(std::filesystem::file_size(pairs_gz)) / 1e6,
              seconds_since(start));
  const double pairs_mb = static_cast<double>(pairs_bytes) / 1e6;
  compare_read_ahead("pairs .gz", pairs_gz, false, pairs_mb, options.repeat);
  compare_read_ahead("pairs plain", pairs_plain, false, pairs_mb, options.repeat);
  if (!options.keep) {
    std::filesystem::remove(pairs_gz);
    std::filesystem::remove(pairs_plain);
  }
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse_options(argc, argv);
  const std::string gz_path = options.dir + "/citegraph_xml_benchmark.xml.gz";

  auto start = Clock::now();
  const Generated generated = generate(gz_path, options.records, options.refs);
  std::printf("generate records=%u references=%" PRIu64 " xml=%.1f MB gz=%.1f MB seconds=%.2f\n",
              options.records, generated.references, static_cast<double>(generated.xml_bytes) / 1e6,
              static_cast<double>(generated.gz_bytes) / 1e6, seconds_since(start));
  const double xml_mb = static_cast<double>(generated.xml_bytes) / 1e6;
  if (options.read_ahead_only) {
    read_ahead_section(options, gz_path, xml_mb);
    if (!options.keep) std::filesystem::remove(gz_path);
    return 0;
  }

  // 1. The reader end to end, first, so that peak RSS is the reader's (generation streams).
  std::uint64_t fields = 0;  // touches what the reader produced, so nothing is optimised away
  start = Clock::now();
  citegraph::io::InputReport report;
  citegraph::io::ReadOptions read_options;
  read_options.threads = options.threads;
  try {
    report =
        citegraph::io::read_input(gz_path, read_options, [&fields](citegraph::Record&& record) {
          fields += record.title.size() + record.authors.size() + record.mesh.size();
        });
  } catch (const std::exception& error) {
    std::printf("citegraph reader failed: %s\n", error.what());
  }
  const double citegraph_seconds = seconds_since(start);
  std::printf("citegraph pubmed-xml from .gz: records=%" PRIu64 " references=%" PRIu64
              " with_pmid=%" PRIu64 " skipped=%" PRIu64
              " seconds=%.2f records/s=%.0f xml MB/s=%.1f "
              "peak_rss=%.1f MiB\n",
              report.records, report.references, report.references_with_pmid,
              report.diagnostics.skipped(), citegraph_seconds,
              static_cast<double>(report.records) / citegraph_seconds, xml_mb / citegraph_seconds,
              peak_rss_mib());
  if (fields == 0) std::printf("(no fields read)\n");

  // 2. Inflate alone.
  const std::vector<char> gz = read_file(gz_path);
  start = Clock::now();
  const std::uint64_t inflated = inflate_zlib(gz, nullptr);
  const double zlib_seconds = seconds_since(start);
  std::printf("inflate zlib (streaming, 1 MiB out buffer): xml=%.1f MB seconds=%.2f MB/s=%.0f\n",
              static_cast<double>(inflated) / 1e6, zlib_seconds,
              static_cast<double>(inflated) / 1e6 / zlib_seconds);
#ifdef CITEGRAPH_HAVE_LIBDEFLATE
  {
    std::vector<char> out(generated.xml_bytes);
    libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
    std::size_t actual = 0;
    start = Clock::now();
    const libdeflate_result result = libdeflate_gzip_decompress(decompressor, gz.data(), gz.size(),
                                                                out.data(), out.size(), &actual);
    const double seconds = seconds_since(start);
    libdeflate_free_decompressor(decompressor);
    std::printf(
        "inflate libdeflate (whole buffer): status=%d xml=%.1f MB seconds=%.2f MB/s=%.0f "
        "(speed-up over zlib %.2fx)\n",
        static_cast<int>(result), static_cast<double>(actual) / 1e6, seconds,
        static_cast<double>(actual) / 1e6 / seconds, zlib_seconds / seconds);
  }
#else
  std::printf("inflate libdeflate: not built (define CITEGRAPH_HAVE_LIBDEFLATE)\n");
#endif

  // 3. Parsers alone, on the decompressed bytes in memory.
  {
    std::vector<char> xml;
    xml.reserve(generated.xml_bytes);
    inflate_zlib(gz, &xml);
#ifdef CITEGRAPH_HAVE_EXPAT
    start = Clock::now();
    const CountingState expat = parse_expat(xml);
    const double expat_seconds = seconds_since(start);
    std::printf("parse expat %s (no-op handlers, 1 MiB chunks): elements=%" PRIu64
                " seconds=%.2f MB/s=%.0f\n",
                XML_ExpatVersion(), expat.elements, expat_seconds, xml_mb / expat_seconds);
#else
    std::printf("parse expat: not built (define CITEGRAPH_HAVE_EXPAT)\n");
#endif
#ifdef CITEGRAPH_HAVE_LIBXML2
    start = Clock::now();
    const CountingState libxml = parse_libxml2(xml);
    const double libxml_seconds = seconds_since(start);
    std::printf("parse libxml2 %s SAX2 push (no-op handlers, 1 MiB chunks): elements=%" PRIu64
                " seconds=%.2f MB/s=%.0f\n",
                LIBXML_DOTTED_VERSION, libxml.elements, libxml_seconds, xml_mb / libxml_seconds);
#else
    std::printf("parse libxml2: not built (define CITEGRAPH_HAVE_LIBXML2)\n");
#endif
  }

  // 4. lxml on the same .gz.
  const double lxml_seconds = run_python(options, gz_path);
  if (lxml_seconds > 0) {
    std::printf("end to end from .gz: citegraph=%.2f s lxml=%.2f s ratio=%.2fx (target >= 4x)\n",
                citegraph_seconds, lxml_seconds, lxml_seconds / citegraph_seconds);
  } else {
    std::printf("lxml script failed or missing (%s)\n", options.script.c_str());
  }

  // 5. Read-ahead.
  read_ahead_section(options, gz_path, xml_mb);
  if (!options.keep) std::filesystem::remove(gz_path);
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "xml_benchmark: %s\n", error.what());
  return 2;
}
