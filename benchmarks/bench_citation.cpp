// The citation parser's cost (issue 19): what parse_citation/read_citation add to PubMed XML
// ingest, and the parser's own throughput. Not a test. Generates a baseline-like PubMed XML file
// (plain, not gzip'd, so that inflate does not blur the parser's share) whose reference lists
// carry real citation texts (benchmarks/citation_samples.hpp: 100 texts of
// tests/data/citations/pubmed_xml_citations.tsv, compiled in), then measures:
//  1. ingest: the pubmed-xml reader (io::Input + read_pubmed_xml, as read_input runs it) on
//     that file, "parser on", against the same bytes with every <Citation> element renamed to
//     <CiteText> (same length; the reader ignores it, so no text is captured or parsed):
//     "bypassed". Medians of --repeat interleaved runs: wall, CPU of the parsing thread (the
//     read-ahead thread's SHA-256 is not the parser's), XML MB/s, and the slowdown on/bypassed.
//     The reader itself has no switch for this, and none is added: renaming the element in the
//     input is the bypass.
//  2. the same citation texts, in the file's order, through read_citation alone (what the
//     reader calls at every </Citation>): seconds, and that time as a share of the parsing
//     thread's CPU in 1.
//  3. parse_citation and read_citation alone over the 100 texts, repeated: citations/s, ns per
//     citation, MB/s of citation text.
// One self-describing line per measurement, with the load average (the machine is shared).
//
// Usage: bench_citation [--records N] [--ref-share F] [--refs N] [--repeat N] [--dir DIR] [--keep]
#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <sys/resource.h>

#include "bench_clock.hpp"
#include "citation_samples.hpp"
#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/record.hpp"
#include "citegraph/read/citation_parser.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/read/readers.hpp"

namespace {

using bench::Clock;
using bench::loadavg;
using bench::seconds_since;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// CPU seconds of the whole process (every thread), or of the calling thread alone.
double cpu_seconds(bool this_thread = false) {
  rusage usage{};
  getrusage(this_thread ? RUSAGE_THREAD : RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// SplitMix64: every run generates the same file.
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
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(static_cast<std::uint32_t>(N))];
  }

 private:
  std::uint64_t state_;
};

constexpr const char* kWords[] = {
    "mesenchymal", "stem",     "cell",       "therapy",    "lupus",   "systemic",
    "sclerosis",   "patients", "clinical",   "analysis",   "immune",  "response",
    "regulatory",  "T",        "fibrosis",   "expression", "gene",    "pathway",
    "mouse",       "model",    "randomised", "trial",      "cohort",  "risk",
    "association", "genome",   "study",      "treatment",  "outcome", "disease",
    "of",          "the",      "and",        "in",         "with",    "a",
    "novel",       "role",     "human",      "bone",       "marrow",  "transplantation"};
constexpr const char* kJournals[][2] = {
    {"The Journal of clinical investigation", "J Clin Invest"},
    {"Stem cells (Dayton, Ohio)", "Stem Cells"},
    {"Rheumatology (Oxford, England)", "Rheumatology (Oxford)"},
    {"Arthritis and rheumatism", "Arthritis Rheum"},
    {"Nature", "Nature"},
    {"Frontiers in endocrinology", "Front Endocrinol (Lausanne)"},
    {"BMJ (Clinical research ed.)", "BMJ"},
    {"Cell reports", "Cell Rep"}};
constexpr const char* kLastNames[] = {"Smith", "Zhang",  "Kim",    "Garcia", "Müller",
                                      "Rossi", "Tanaka", "Nguyen", "Ahmadi", "O'Brien"};
constexpr const char* kForeNames[] = {"Ji Seon", "Maria", "Wei", "Hassan", "Anna", "Chloé"};
constexpr const char* kMesh[] = {"Humans",
                                 "Animals",
                                 "Mice",
                                 "Female",
                                 "Male",
                                 "Fibrosis",
                                 "Lupus Erythematosus, Systemic",
                                 "Scleroderma, Systemic"};

std::string sentence(Random& random, std::uint32_t words) {
  std::string out;
  for (std::uint32_t i = 0; i < words; ++i) {
    if (i > 0) out += ' ';
    out += random.pick(kWords);
  }
  return out;
}

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
}

// One PubmedArticle as the baseline files print it (the element mix of xml_benchmark.cpp,
// shortened), with a ReferenceList of `references` real citation texts; `cited` receives the
// index in kCitationSamples of each text, in file order.
void article(std::string& out, Random& random, std::uint32_t pmid, std::uint32_t references,
             std::vector<std::uint8_t>& cited) {
  const auto& journal = random.pick(kJournals);
  const std::uint32_t year = 1990 + random.below(34);
  char buffer[1024];
  auto add = [&out, &buffer](int n) {
    out.append(buffer, std::min(static_cast<std::size_t>(n), sizeof buffer - 1));
  };
  add(std::snprintf(buffer, sizeof buffer,
                    "<PubmedArticle>\n<MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n"
                    "<PMID Version=\"1\">%u</PMID>\n"
                    "<DateCompleted><Year>%u</Year><Month>05</Month><Day>14</Day></DateCompleted>\n"
                    "<Article PubModel=\"Print-Electronic\">\n<Journal>\n"
                    "<ISSN IssnType=\"Electronic\">1234-%04u</ISSN>\n"
                    "<JournalIssue CitedMedium=\"Internet\"><Volume>%u</Volume><Issue>%u</Issue>"
                    "<PubDate><Year>%u</Year><Month>Mar</Month></PubDate></JournalIssue>\n"
                    "<Title>%s</Title>\n<ISOAbbreviation>%s</ISOAbbreviation>\n</Journal>\n",
                    pmid, year, random.below(10000), 1 + random.below(400), 1 + random.below(12),
                    year, journal[0], journal[1]));
  out += "<ArticleTitle>" + sentence(random, 8 + random.below(10)) + ".</ArticleTitle>\n";
  const std::uint32_t page = 1 + random.below(2000);
  add(std::snprintf(buffer, sizeof buffer,
                    "<Pagination><MedlinePgn>%u-%u</MedlinePgn></Pagination>\n"
                    "<ELocationID EIdType=\"doi\" ValidYN=\"Y\">10.1000/j.x.%u</ELocationID>\n",
                    page, page + 1 + random.below(20), pmid));
  out += "<Abstract>\n";
  for (const char* label : {"BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"}) {
    out += "<AbstractText Label=\"";
    out += label;
    out += "\">";
    for (std::uint32_t s = 0; s < 2 + random.below(3); ++s) {
      out += sentence(random, 12 + random.below(14));
      out += ". ";
    }
    out += "</AbstractText>\n";
  }
  out += "</Abstract>\n<AuthorList CompleteYN=\"Y\">\n";
  for (std::uint32_t a = 0, n = 2 + random.below(9); a < n; ++a) {
    add(std::snprintf(buffer, sizeof buffer,
                      "<Author ValidYN=\"Y\"><LastName>%s</LastName><ForeName>%s</ForeName>"
                      "<Initials>X</Initials>\n<AffiliationInfo><Affiliation>Department of %s, "
                      "University of %s.</Affiliation></AffiliationInfo>\n</Author>\n",
                      random.pick(kLastNames), random.pick(kForeNames), random.pick(kWords),
                      random.pick(kWords)));
  }
  out +=
      "</AuthorList>\n<Language>eng</Language>\n<PublicationTypeList><PublicationType "
      "UI=\"D016428\">Journal Article</PublicationType></PublicationTypeList>\n</Article>\n";
  add(std::snprintf(buffer, sizeof buffer,
                    "<MedlineJournalInfo><Country>England</Country><MedlineTA>%s</MedlineTA>"
                    "<NlmUniqueID>%u</NlmUniqueID></MedlineJournalInfo>\n",
                    journal[1], 9000000 + random.below(999999)));
  out += "<MeshHeadingList>\n";
  for (std::uint32_t m = 0, n = 4 + random.below(8); m < n; ++m) {
    add(std::snprintf(buffer, sizeof buffer,
                      "<MeshHeading><DescriptorName UI=\"D%06u\" MajorTopicYN=\"N\">%s"
                      "</DescriptorName></MeshHeading>\n",
                      random.below(999999), random.pick(kMesh)));
  }
  out += "</MeshHeadingList>\n<KeywordList Owner=\"NOTNLM\">\n";
  for (std::uint32_t k = 0, n = 3 + random.below(4); k < n; ++k) {
    out += "<Keyword MajorTopicYN=\"N\">" + sentence(random, 1 + random.below(3)) + "</Keyword>\n";
  }
  out += "</KeywordList>\n</MedlineCitation>\n<PubmedData>\n<History>\n";
  for (const char* status : {"received", "accepted", "pubmed", "medline", "entrez"}) {
    add(std::snprintf(buffer, sizeof buffer,
                      "<PubMedPubDate PubStatus=\"%s\"><Year>%u</Year><Month>%u</Month>"
                      "<Day>%u</Day></PubMedPubDate>\n",
                      status, year, 1 + random.below(12), 1 + random.below(28)));
  }
  add(std::snprintf(buffer, sizeof buffer,
                    "</History>\n<PublicationStatus>ppublish</PublicationStatus>\n<ArticleIdList>"
                    "<ArticleId IdType=\"pubmed\">%u</ArticleId><ArticleId IdType=\"doi\">"
                    "10.1000/j.x.%u</ArticleId></ArticleIdList>\n",
                    pmid, pmid));
  if (references > 0) {
    out += "<ReferenceList>\n";
    for (std::uint32_t r = 0; r < references; ++r) {
      const std::uint32_t sample =
          random.below(static_cast<std::uint32_t>(bench::kCitationSamples.size()));
      cited.push_back(static_cast<std::uint8_t>(sample));
      out += "<Reference>\n<Citation>";
      append_escaped(out, bench::kCitationSamples[sample]);
      out += "</Citation>\n";
      // As benchmarks/generate.cpp: 5% of the references carry no ArticleId.
      if (random.below(20) != 0) {
        add(std::snprintf(buffer, sizeof buffer,
                          "<ArticleIdList>\n<ArticleId IdType=\"pubmed\">%u</ArticleId>\n"
                          "</ArticleIdList>\n",
                          1 + random.below(36000000)));
      }
      out += "</Reference>\n";
    }
    out += "</ReferenceList>\n";
  }
  out += "</PubmedData>\n</PubmedArticle>\n";
}

struct Generated {
  std::uint64_t xml_bytes = 0;
  std::uint64_t citation_bytes = 0;
  std::uint32_t with_list = 0;
  std::vector<std::uint8_t> cited;  // kCitationSamples index of every <Citation>, in file order
};

// Writes `path` (parser on) and `bypass_path` (every <Citation> renamed <CiteText>: same bytes
// otherwise, same length).
Generated generate(const std::string& path, const std::string& bypass_path, std::uint32_t records,
                   double ref_share, std::uint32_t mean_refs) {
  std::ofstream on(path, std::ios::binary);
  std::ofstream off(bypass_path, std::ios::binary);
  if (!on || !off) throw std::runtime_error("cannot write " + path);
  Generated generated;
  Random random(20261119);
  std::string chunk =
      "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, "
      "1st January 2025//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n"
      "<PubmedArticleSet>\n";
  auto flush = [&](bool force) {
    if (!force && chunk.size() < (1u << 20)) return;
    generated.xml_bytes += chunk.size();
    on.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    for (const std::string_view tag : {"<Citation>", "</Citation>"}) {
      const std::string renamed = tag[1] == '/' ? "</CiteText>" : "<CiteText>";
      for (std::size_t at = chunk.find(tag); at != std::string::npos; at = chunk.find(tag, at)) {
        chunk.replace(at, tag.size(), renamed);
      }
    }
    off.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.clear();
  };
  for (std::uint32_t i = 0; i < records; ++i) {
    // A ReferenceList on `ref_share` of the records, of mean_refs/2 .. 3*mean_refs/2 references.
    std::uint32_t refs = 0;
    if (random.unit() < ref_share) {
      refs = mean_refs / 2 + random.below(mean_refs + 1);
      ++generated.with_list;
    }
    article(chunk, random, 30000000 + i, refs, generated.cited);
    flush(false);
  }
  chunk += "</PubmedArticleSet>\n";
  flush(true);
  for (const std::uint8_t sample : generated.cited) {
    generated.citation_bytes += bench::kCitationSamples[sample].size();
  }
  return generated;
}

struct ReaderRun {
  double wall = 0;
  double parser_cpu = 0;  // the reading thread: XML parse, records, citations
  double cpu = 0;         // every thread (the read-ahead thread's SHA-256 too)
  std::uint64_t records = 0;
  std::uint64_t references = 0;
  std::uint64_t with_text = 0;
  std::uint64_t skipped = 0;
  std::uint64_t warnings = 0;
};

ReaderRun read_xml(const std::string& path, unsigned threads = 1) {
  ReaderRun run;
  citegraph::Diagnostics diagnostics;
  citegraph::io::ReadOptions options;
  options.threads = threads;  // 2: the citation texts are parsed beside the XML
  citegraph::io::ReadContext context(options, diagnostics);
  const double cpu_start = cpu_seconds();
  const double parser_start = cpu_seconds(true);
  const auto start = Clock::now();
  {
    auto input = citegraph::io::Input::open(path);
    citegraph::io::read_pubmed_xml(*input, context, [&run](citegraph::Record&& record) {
      ++run.records;
      run.references += record.references.size();
      for (const citegraph::Reference& reference : record.references) {
        run.with_text += reference.first_author.empty() && reference.journal.empty() ? 0 : 1;
      }
    });
    input->drain();
  }
  run.wall = seconds_since(start);
  run.parser_cpu = cpu_seconds(true) - parser_start;
  run.cpu = cpu_seconds() - cpu_start;
  run.skipped = diagnostics.skipped();
  run.warnings = diagnostics.warnings();
  return run;
}

// read_citation over `cited` in order, as the reader calls it: seconds; `recognised` counts.
double read_citations(const std::vector<std::uint8_t>& cited, std::uint64_t& recognised) {
  recognised = 0;
  const auto start = Clock::now();
  for (const std::uint8_t sample : cited) {
    citegraph::Reference reference;
    recognised += citegraph::io::read_citation(bench::kCitationSamples[sample], reference) ? 1 : 0;
  }
  return seconds_since(start);
}

struct Options {
  std::uint32_t records = 30000;
  double ref_share = 0.20;
  std::uint32_t refs = 40;
  int repeat = 5;
  std::string dir = std::filesystem::temp_directory_path().string();
  bool keep = false;
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--records" && has_value) {
      options.records = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--ref-share" && has_value) {
      options.ref_share = std::strtod(argv[++i], nullptr);
    } else if (arg == "--refs" && has_value) {
      options.refs = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--repeat" && has_value) {
      options.repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--dir" && has_value) {
      options.dir = argv[++i];
    } else if (arg == "--keep") {
      options.keep = true;
    } else {
      std::fprintf(stderr,
                   "usage: bench_citation [--records N] [--ref-share F] [--refs N] [--repeat N] "
                   "[--dir DIR] [--keep]\n");
      std::exit(1);
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse_options(argc, argv);
  const std::string path = options.dir + "/citegraph_bench_citation.xml";
  const std::string bypass_path = options.dir + "/citegraph_bench_citation_bypass.xml";

  // Records with a ReferenceList: 20% by default, lists of ~40 references (20..60). The share is
  // the estimate of issue 19 for PubMed baseline files ("15-25% of records carry a
  // ReferenceList of ~40 references"); it was not counted here (no baseline file on this
  // machine). For orientation: the ReferenceList comes from PMC deposits, and PMC held ~9% of
  // the 1980-2010 PubMed papers (OpenCitations, 2011) -- recent baseline files carry more.
  // --ref-share and --refs change it; the parser's share of ingest scales about linearly.
  auto start = Clock::now();
  const Generated generated =
      generate(path, bypass_path, options.records, options.ref_share, options.refs);
  const double xml_mb = static_cast<double>(generated.xml_bytes) / 1e6;
  std::printf(
      "generate records=%u with_reference_list=%u (%.1f%%) citations=%zu "
      "citation_text=%.1f MB xml=%.1f MB (plain) seconds=%.2f\n",
      options.records, generated.with_list,
      100.0 * generated.with_list / std::max(1u, options.records), generated.cited.size(),
      static_cast<double>(generated.citation_bytes) / 1e6, xml_mb, seconds_since(start));

  // 1. Ingest, parser on and bypassed, interleaved.
  // Modes: 0 parser on, 1 thread (--threads 1); 1 citations bypassed; 2 parser on with
  // --threads 2 (the texts parsed on a second thread, overlapping the XML parse).
  std::vector<double> wall[3];
  std::vector<double> parser_cpu[3];
  ReaderRun last[3];
  read_xml(path);  // warm the page cache
  read_xml(bypass_path);
  for (int r = 0; r < options.repeat; ++r) {
    for (int mode = 0; mode < 3; ++mode) {
      last[mode] = read_xml(mode == 1 ? bypass_path : path, mode == 2 ? 2 : 1);
      wall[mode].push_back(last[mode].wall);
      parser_cpu[mode].push_back(last[mode].parser_cpu);
    }
  }
  const char* kModes[] = {"parser on, 1 thread", "citations bypassed (<CiteText>)",
                          "parser on, 2 threads"};
  for (int mode = 0; mode < 3; ++mode) {
    const double w = median(wall[mode]);
    const double p = median(parser_cpu[mode]);
    std::printf("ingest pubmed-xml %s: records=%" PRIu64 " references=%" PRIu64
                " parsed_with_author_or_journal=%" PRIu64 " skipped=%" PRIu64 " warnings=%" PRIu64
                " wall=%.3f s parsing_thread_cpu=%.3f s xml MB/s=%.1f (wall) %.1f (parsing thread)"
                " runs=%d loadavg=%s\n",
                kModes[mode], last[mode].records, last[mode].references, last[mode].with_text,
                last[mode].skipped, last[mode].warnings, w, p, xml_mb / w, xml_mb / p,
                options.repeat, loadavg().c_str());
  }
  const double on_cpu = median(parser_cpu[0]);
  const double off_cpu = median(parser_cpu[1]);
  std::printf(
      "ingest slowdown parser on / bypassed: wall=%.2fx parsing_thread_cpu=%.2fx "
      "(the citations' share of the parsing thread: %.1f%%)\n",
      median(wall[0]) / median(wall[1]), on_cpu / off_cpu, 100.0 * (on_cpu - off_cpu) / on_cpu);
  std::printf("ingest slowdown parser on with 2 threads / bypassed: wall=%.2fx\n",
              median(wall[2]) / median(wall[1]));

  // 2. The file's citation texts through read_citation alone, in file order.
  std::vector<double> alone;
  std::uint64_t recognised = 0;
  for (int r = 0; r < options.repeat; ++r)
    alone.push_back(read_citations(generated.cited, recognised));
  const double alone_s = median(alone);
  std::printf(
      "read_citation alone on the file's %zu citation texts (in file order): seconds=%.3f "
      "ns/citation=%.0f recognised=%" PRIu64
      " share of the parser-on parsing thread=%.1f%% "
      "runs=%d loadavg=%s\n",
      generated.cited.size(), alone_s, alone_s / static_cast<double>(generated.cited.size()) * 1e9,
      recognised, 100.0 * alone_s / on_cpu, options.repeat, loadavg().c_str());

  // 3. Throughput of parse_citation and read_citation over the 100 texts.
  std::uint64_t sample_bytes = 0;
  for (const std::string_view text : bench::kCitationSamples) sample_bytes += text.size();
  for (int which = 0; which < 2; ++which) {
    std::vector<double> per;  // seconds per citation
    std::uint64_t sink = 0;
    for (int r = 0; r < options.repeat; ++r) {
      std::uint64_t n = 0;
      start = Clock::now();
      double elapsed = 0;
      do {
        for (const std::string_view text : bench::kCitationSamples) {
          if (which == 0) {
            const citegraph::io::ParsedCitation p = citegraph::io::parse_citation(text);
            sink += p.authors.size() + p.container.size() + (p.year ? 1 : 0);
          } else {
            citegraph::Reference reference;
            sink += citegraph::io::read_citation(text, reference) ? 1 : 0;
          }
        }
        n += bench::kCitationSamples.size();
        elapsed = seconds_since(start);
      } while (elapsed < 0.5);
      per.push_back(elapsed / static_cast<double>(n));
    }
    const double s = median(per);
    std::printf(
        "%s alone: %zu real texts (%.0f bytes mean) repeated for >= 0.5 s: "
        "citations/s=%.0f ns/citation=%.0f MB/s=%.1f runs=%d loadavg=%s%s\n",
        which == 0 ? "parse_citation" : "read_citation", bench::kCitationSamples.size(),
        static_cast<double>(sample_bytes) / bench::kCitationSamples.size(), 1.0 / s, s * 1e9,
        static_cast<double>(sample_bytes) / bench::kCitationSamples.size() / s / 1e6,
        options.repeat, loadavg().c_str(), sink == 0 ? " (nothing parsed)" : "");
  }

  if (!options.keep) {
    std::filesystem::remove(path);
    std::filesystem::remove(bypass_path);
  }
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "bench_citation: %s\n", error.what());
  return 2;
}
