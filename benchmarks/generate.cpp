// Synthetic PubMed-like corpora for the benchmarks: N source records citing a universe of
// R x N works (R = --works-ratio, default 4; the sources are themselves works of the universe,
// so citation chains exist), written as NIH Open Citation Collection pairs (`citing,referenced`)
// and/or gzip'd PubMed XML (PubmedArticleSet/PubmedArticle with PMID, Journal, year and a
// ReferenceList of Reference with Citation text and ArticleId IdType="pubmed").
//
// Distributions (chosen to look like PubMed, not fitted to it):
// - references per source: lognormal with mean --mean-refs (35) and sigma --sigma (0.9), at
//   least 1, at most --max-refs (3000): most lists hold 10-60 references, a few thousands.
// - cited works: Zipf with exponent --zipf (0.75) over the universe's popularity ranks, drawn
//   by rejection-inversion (Hormann & Derflinger 1996, "Rejection-inversion to generate variates
//   from monotone discrete distributions"), so that at 10^6 sources the top work is cited ~10^5
//   times and the 1000th ~10^3 times. Ranks map to works through a fixed bijection, so
//   popularity is unrelated to PMID order. No source cites itself or one work twice.
// - journals: Zipf (exponent 1.1) over J = clamp(N / 20, 100, 30000) journals, years 1950-2024
//   with an exponential age (mean 10 years): both are fixed per work (hashed from its index),
//   so every citation of a work names the same journal and year.
// - XML only: --no-pmid-fraction (0.05) of the references carry no ArticleId, only the
//   citation text, as in real reference lists; the builder matches them by citation key.
// Everything is a function of --seed (default 20240611): the same arguments give the same bytes.
//
// Usage: generate --sources N [--pairs PATH] [--xml PATH.gz] [--seed S] [--gzip-level L] ...
// Prints one line describing what it wrote (sizes, edges, the most cited work).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

namespace {

constexpr std::uint64_t kDefaultSeed = 20240611;
constexpr std::uint32_t kFirstPmid = 1000001;  // 7-8 digit PMIDs, like PubMed's
constexpr int kLastYear = 2024;
constexpr int kFirstYear = 1950;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A stateless hash of (seed, stream, index): per-work attributes that every citation agrees on.
std::uint64_t hash3(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  std::uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ULL) ^ (index * 0x9E3779B97F4A7C15ULL);
  splitmix64(state);
  return splitmix64(state);
}

// xoshiro256** (Blackman & Vigna): fast, and its output is fixed by the seed on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe for log().
  double uniform_open() { return 1.0 - uniform(); }
  double normal() {
    const double r = std::sqrt(-2.0 * std::log(uniform_open()));
    return r * std::cos(2.0 * 3.14159265358979323846 * uniform());
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// Zipf on {1..n}, P(k) ~ k^-s, by rejection-inversion: O(1) expected per draw, no table.
class Zipf {
 public:
  Zipf(std::uint64_t n, double s) : n_(static_cast<double>(n)), s_(s) {
    h_integral_x1_ = h_integral(1.5) - 1.0;
    h_integral_n_ = h_integral(n_ + 0.5);
    threshold_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
  }
  std::uint64_t sample(Rng& rng) const {
    for (;;) {
      const double u = h_integral_n_ + rng.uniform() * (h_integral_x1_ - h_integral_n_);
      const double x = h_integral_inverse(u);
      double k = std::floor(x + 0.5);
      k = std::clamp(k, 1.0, n_);
      if (k - x <= threshold_ || u >= h_integral(k + 0.5) - h(k)) {
        return static_cast<std::uint64_t>(k);
      }
    }
  }

 private:
  static double helper1(double x) {  // log1p(x) / x
    return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }
  static double helper2(double x) {  // expm1(x) / x
    return std::fabs(x) > 1e-8 ? std::expm1(x) / x
                               : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
  }
  [[nodiscard]] double h(double x) const { return std::exp(-s_ * std::log(x)); }
  [[nodiscard]] double h_integral(double x) const {
    const double log_x = std::log(x);
    return helper2((1.0 - s_) * log_x) * log_x;
  }
  [[nodiscard]] double h_integral_inverse(double x) const {
    double t = x * (1.0 - s_);
    if (t < -1.0) t = -1.0;
    return std::exp(helper1(t) * x);
  }

  double n_;
  double s_;
  double h_integral_x1_;
  double h_integral_n_;
  double threshold_;
};

struct Options {
  std::uint64_t sources = 1000;
  std::uint64_t works_ratio = 4;
  double mean_refs = 35.0;
  double sigma = 0.9;
  std::uint64_t max_refs = 3000;
  double zipf = 0.75;
  double no_pmid_fraction = 0.05;
  std::uint64_t seed = kDefaultSeed;
  int gzip_level = 1;
  std::string pairs_path;
  std::string xml_path;
};

[[noreturn]] void usage(const std::string& problem) {
  std::fprintf(stderr,
               "generate: %s\n"
               "usage: generate --sources N [--pairs PATH] [--xml PATH.gz] [--seed S]\n"
               "  [--works-ratio R=4] [--mean-refs 35] [--sigma 0.9] [--max-refs 3000]\n"
               "  [--zipf 0.75] [--no-pmid-fraction 0.05] [--gzip-level 1]\n",
               problem.c_str());
  std::exit(1);
}

double parse_number(std::string_view name, const char* text) {
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || !std::isfinite(value)) {
    usage(std::string(name) + ": not a number: " + text);
  }
  return value;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) usage("missing value after " + std::string(arg));
    const char* value = argv[++i];
    if (arg == "--sources") {
      o.sources = static_cast<std::uint64_t>(parse_number(arg, value));
    } else if (arg == "--works-ratio") {
      o.works_ratio = static_cast<std::uint64_t>(parse_number(arg, value));
    } else if (arg == "--mean-refs") {
      o.mean_refs = parse_number(arg, value);
    } else if (arg == "--sigma") {
      o.sigma = parse_number(arg, value);
    } else if (arg == "--max-refs") {
      o.max_refs = static_cast<std::uint64_t>(parse_number(arg, value));
    } else if (arg == "--zipf") {
      o.zipf = parse_number(arg, value);
    } else if (arg == "--no-pmid-fraction") {
      o.no_pmid_fraction = parse_number(arg, value);
    } else if (arg == "--seed") {
      o.seed = std::strtoull(value, nullptr, 10);
    } else if (arg == "--gzip-level") {
      o.gzip_level = static_cast<int>(parse_number(arg, value));
    } else if (arg == "--pairs") {
      o.pairs_path = value;
    } else if (arg == "--xml") {
      o.xml_path = value;
    } else {
      usage("unknown option " + std::string(arg));
    }
  }
  if (o.sources < 2) usage("--sources must be at least 2");
  if (o.works_ratio < 1) usage("--works-ratio must be at least 1");
  if (o.sources * o.works_ratio > 0xFFFFFFFFULL - kFirstPmid) usage("too many works for PMIDs");
  if (o.mean_refs < 1.0 || o.sigma < 0.0 || o.max_refs < 1) usage("bad reference distribution");
  if (o.zipf <= 0.0 || o.zipf == 1.0) usage("--zipf must be > 0 and != 1");
  if (o.pairs_path.empty() && o.xml_path.empty()) usage("give --pairs and/or --xml");
  return o;
}

// The synthetic bibliography: everything about work w that its citations print.
class Universe {
 public:
  explicit Universe(const Options& o)
      : seed_(o.seed),
        size_(o.sources * o.works_ratio),
        journals_(std::clamp<std::uint64_t>(o.sources / 20, 100, 30000)),
        journal_zipf_(journals_, 1.1) {
    for (std::uint64_t j = 0; j < journals_; ++j) names_.push_back(make_journal_name(j));
  }
  [[nodiscard]] std::uint64_t size() const { return size_; }
  [[nodiscard]] static std::uint32_t pmid(std::uint64_t w) {
    return static_cast<std::uint32_t>(kFirstPmid + w);
  }
  [[nodiscard]] const std::string& journal(std::uint64_t w) const {
    Rng rng(hash3(seed_, 1, w));
    return names_[journal_zipf_.sample(rng) - 1];
  }
  [[nodiscard]] int year(std::uint64_t w) const {
    const double u = static_cast<double>(hash3(seed_, 2, w) >> 11) * 0x1.0p-53;
    const int age = static_cast<int>(-std::log(1.0 - u) * 10.0);
    return std::max(kFirstYear, kLastYear - age);
  }
  [[nodiscard]] std::uint64_t bits(std::uint64_t w) const { return hash3(seed_, 3, w); }

 private:
  std::string make_journal_name(std::uint64_t j) const {
    static constexpr std::string_view kWords[] = {
        "J",        "Clin",       "Res",     "Med",     "Biol",    "Mol",       "Cell",   "Int",
        "Am",       "Eur",        "Ann",     "Proc",    "Immunol", "Rheumatol", "Neurol", "Oncol",
        "Cardiol",  "Pharmacol",  "Genet",   "Biochem", "Physiol", "Pathol",    "Surg",   "Pediatr",
        "Dermatol", "Endocrinol", "Nephrol", "Infect",  "Dis",     "Sci",       "Rev",    "Lett"};
    std::uint64_t h = hash3(seed_, 4, j);
    std::string name;
    const int words = 2 + static_cast<int>(h % 3);
    for (int i = 0; i < words; ++i) {
      h = hash3(seed_, 5, h);
      if (!name.empty()) name += ' ';
      name += kWords[h % std::size(kWords)];
    }
    name += ' ';
    name += std::to_string(j + 1);  // unique names, so journals do not collapse
    return name;
  }

  std::uint64_t seed_;
  std::uint64_t size_;
  std::uint64_t journals_;
  Zipf journal_zipf_;
  std::vector<std::string> names_;
};

// Buffered output to a plain file or a gzip stream.
class Sink {
 public:
  Sink(const std::string& path, bool gzip, int level) : path_(path) {
    if (gzip) {
      const std::string mode = "wb" + std::to_string(std::clamp(level, 1, 9));
      gz_ = gzopen(path.c_str(), mode.c_str());
      if (gz_ == nullptr) fail("cannot open");
      gzbuffer(gz_, 1 << 20);
    } else {
      file_ = std::fopen(path.c_str(), "wb");
      if (file_ == nullptr) fail("cannot open");
    }
    buffer_.reserve(kChunk + 65536);
  }
  ~Sink() {
    if (file_ != nullptr) std::fclose(file_);
    if (gz_ != nullptr) gzclose(gz_);
  }
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  std::string& buffer() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() >= kChunk) flush();
  }
  void close() {
    flush();
    if (file_ != nullptr && std::fclose(file_) != 0) fail("cannot close");
    file_ = nullptr;
    if (gz_ != nullptr && gzclose(gz_) != Z_OK) fail("cannot close");
    gz_ = nullptr;
  }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }

 private:
  static constexpr std::size_t kChunk = 1 << 20;
  void flush() {
    if (buffer_.empty()) return;
    if (gz_ != nullptr) {
      if (gzwrite(gz_, buffer_.data(), static_cast<unsigned>(buffer_.size())) <= 0) fail("write");
    } else if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      fail("write");
    }
    bytes_ += buffer_.size();
    buffer_.clear();
  }
  [[noreturn]] void fail(const char* what) const {
    std::fprintf(stderr, "generate: %s: %s failed\n", path_.c_str(), what);
    std::exit(2);
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  gzFile gz_ = nullptr;
  std::string buffer_;
  std::uint64_t bytes_ = 0;  // uncompressed
};

void append_number(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "J Clin Res 12. 2008 Oct;47(5):337-46" -- an NLM citation string.
void append_citation(std::string& out, const Universe& u, std::uint64_t w) {
  const std::uint64_t h = u.bits(w);
  out += u.journal(w);
  out += ". ";
  append_number(out, static_cast<std::uint64_t>(u.year(w)));
  out += ' ';
  out += kMonths[h % 12];
  out += ';';
  append_number(out, 1 + (h >> 8) % 300);
  out += '(';
  append_number(out, 1 + (h >> 20) % 12);
  out += "):";
  const std::uint64_t first = 1 + (h >> 28) % 2000;
  append_number(out, first);
  out += '-';
  append_number(out, first + 1 + (h >> 40) % 15);
}

void append_title(std::string& out, std::uint64_t h) {
  static constexpr std::string_view kWords[] = {
      "systemic", "sclerosis", "lupus",   "outcomes", "patients", "cohort",  "analysis",
      "risk",     "treatment", "disease", "clinical", "trial",    "protein", "expression",
      "response", "immune",    "therapy", "survival", "factors",  "study"};
  out += "Synthetic study ";
  append_number(out, h % 100000);
  for (int i = 0; i < 6; ++i) {
    out += ' ';
    out += kWords[(h >> (5 * i)) % std::size(kWords)];
  }
  out += '.';
}

struct Summary {
  std::uint64_t edges = 0;
  std::uint64_t max_refs = 0;
  std::vector<std::uint32_t> cited;  // citations per work
};

// Calls emit(source_work, references) for each source in PMID order; the references of one
// source are distinct works other than itself, in draw order.
template <class Emit>
void generate(const Options& o, const Universe& u, Summary& summary, Emit emit) {
  Rng rng(o.seed);
  const Zipf popularity(u.size(), o.zipf);
  const double mu = std::log(o.mean_refs) - 0.5 * o.sigma * o.sigma;
  // Popularity rank r (0-based) -> work (r * a + b) mod size, a coprime to size: a bijection.
  std::uint64_t a = 2654435761ULL % u.size();
  if (a == 0) a = 1;
  while (std::gcd(a, u.size()) != 1) ++a;
  const std::uint64_t b = hash3(o.seed, 6, 0) % u.size();
  std::vector<std::uint32_t> seen(u.size(), 0);  // stamp: source index + 1 that drew the work
  std::vector<std::uint64_t> refs;
  summary.cited.assign(u.size(), 0);
  for (std::uint64_t i = 0; i < o.sources; ++i) {
    // The i-th source is one of the works of its block of works_ratio, chosen by hash.
    const std::uint64_t self = i * o.works_ratio + hash3(o.seed, 7, i) % o.works_ratio;
    const double draw = std::exp(mu + o.sigma * rng.normal());
    std::uint64_t k = static_cast<std::uint64_t>(std::llround(draw));
    k = std::clamp<std::uint64_t>(k, 1, std::min<std::uint64_t>(o.max_refs, u.size() - 1));
    refs.clear();
    const auto stamp = static_cast<std::uint32_t>(i + 1);
    seen[self] = stamp;
    while (refs.size() < k) {
      const std::uint64_t rank = popularity.sample(rng) - 1;
      const std::uint64_t w = (rank * a + b) % u.size();
      if (seen[w] == stamp) continue;
      seen[w] = stamp;
      refs.push_back(w);
      ++summary.cited[w];
    }
    summary.edges += k;
    summary.max_refs = std::max(summary.max_refs, k);
    emit(self, refs);
  }
}

void write_xml_record(std::string& out, const Options& o, const Universe& u, std::uint64_t self,
                      const std::vector<std::uint64_t>& refs) {
  const std::uint64_t h = u.bits(self);
  const std::uint32_t pmid = Universe::pmid(self);
  out +=
      "<PubmedArticle>\n<MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n<PMID Version=\"1\">";
  append_number(out, pmid);
  out += "</PMID>\n<Article PubModel=\"Print\">\n<Journal>\n<JournalIssue CitedMedium=\"Print\">\n";
  out += "<Volume>";
  append_number(out, 1 + (h >> 8) % 300);
  out += "</Volume>\n<Issue>";
  append_number(out, 1 + (h >> 20) % 12);
  out += "</Issue>\n<PubDate>\n<Year>";
  append_number(out, static_cast<std::uint64_t>(u.year(self)));
  out += "</Year>\n<Month>";
  out += kMonths[h % 12];
  out += "</Month>\n</PubDate>\n</JournalIssue>\n<Title>";
  out += u.journal(self);
  out += "</Title>\n<ISOAbbreviation>";
  out += u.journal(self);
  out += "</ISOAbbreviation>\n</Journal>\n<ArticleTitle>";
  append_title(out, h);
  out += "</ArticleTitle>\n<Pagination>\n<MedlinePgn>";
  const std::uint64_t first = 1 + (h >> 28) % 2000;
  append_number(out, first);
  out += '-';
  append_number(out, first + 1 + (h >> 40) % 15);
  out += "</MedlinePgn>\n</Pagination>\n<AuthorList CompleteYN=\"Y\">\n";
  for (int a = 0; a < 3; ++a) {
    out += "<Author ValidYN=\"Y\">\n<LastName>Author";
    append_number(out, (h >> (8 * a)) % 50000);
    out += "</LastName>\n<ForeName>A</ForeName>\n<Initials>A</Initials>\n</Author>\n";
  }
  out += "</AuthorList>\n<Language>eng</Language>\n</Article>\n<MedlineJournalInfo>\n<MedlineTA>";
  out += u.journal(self);
  out += "</MedlineTA>\n</MedlineJournalInfo>\n</MedlineCitation>\n<PubmedData>\n<ArticleIdList>\n";
  out += "<ArticleId IdType=\"pubmed\">";
  append_number(out, pmid);
  out += "</ArticleId>\n</ArticleIdList>\n<ReferenceList>\n";
  for (const std::uint64_t w : refs) {
    out += "<Reference>\n<Citation>";
    append_citation(out, u, w);
    out += "</Citation>\n";
    // Hashed, not drawn from the generator's stream: the pairs and the XML of one seed must
    // describe the same citations whichever of them is written.
    const double u01 = static_cast<double>(hash3(o.seed, 8, self * 4096 + w) >> 11) * 0x1.0p-53;
    if (u01 >= o.no_pmid_fraction) {
      out += "<ArticleIdList>\n<ArticleId IdType=\"pubmed\">";
      append_number(out, Universe::pmid(w));
      out += "</ArticleId>\n</ArticleIdList>\n";
    }
    out += "</Reference>\n";
  }
  out += "</ReferenceList>\n</PubmedData>\n</PubmedArticle>\n";
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  const auto start = std::chrono::steady_clock::now();
  const Universe universe(o);
  Summary summary;
  std::unique_ptr<Sink> pairs;
  std::unique_ptr<Sink> xml;
  if (!o.pairs_path.empty()) {
    pairs = std::make_unique<Sink>(o.pairs_path, false, 0);
    pairs->buffer() += "citing,referenced\n";
  }
  if (!o.xml_path.empty()) {
    xml = std::make_unique<Sink>(o.xml_path, true, o.gzip_level);
    xml->buffer() +=
        "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, "
        "1st January 2024//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd\">\n"
        "<PubmedArticleSet>\n";
  }
  generate(o, universe, summary, [&](std::uint64_t self, const std::vector<std::uint64_t>& refs) {
    if (pairs) {
      std::string& out = pairs->buffer();
      const std::uint32_t citing = Universe::pmid(self);
      for (const std::uint64_t w : refs) {
        append_number(out, citing);
        out += ',';
        append_number(out, Universe::pmid(w));
        out += '\n';
      }
      pairs->maybe_flush();
    }
    if (xml) {
      write_xml_record(xml->buffer(), o, universe, self, refs);
      xml->maybe_flush();
    }
  });
  if (pairs) pairs->close();
  if (xml) {
    xml->buffer() += "</PubmedArticleSet>\n";
    xml->close();
  }
  std::uint64_t cited_works = 0;
  std::uint64_t thousand_plus = 0;
  for (const std::uint32_t c : summary.cited) {
    if (c == 0) continue;
    ++cited_works;
    if (c >= 1000) ++thousand_plus;
  }
  const std::uint32_t top = *std::max_element(summary.cited.begin(), summary.cited.end());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "generate sources=%llu works=%llu cited_works=%llu edges=%llu mean_refs=%.2f max_refs=%llu "
      "top_cited=%u works_cited_1000plus=%llu seed=%llu pairs_bytes=%llu xml_raw_bytes=%llu "
      "seconds=%.2f\n",
      static_cast<unsigned long long>(o.sources), static_cast<unsigned long long>(universe.size()),
      static_cast<unsigned long long>(cited_works), static_cast<unsigned long long>(summary.edges),
      static_cast<double>(summary.edges) / static_cast<double>(o.sources),
      static_cast<unsigned long long>(summary.max_refs), top,
      static_cast<unsigned long long>(thousand_plus), static_cast<unsigned long long>(o.seed),
      static_cast<unsigned long long>(pairs ? pairs->bytes() : 0),
      static_cast<unsigned long long>(xml ? xml->bytes() : 0), seconds);
  return 0;
}
