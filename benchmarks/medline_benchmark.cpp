// medline_benchmark: throughput of the MEDLINE reader (read/medline_reader.cpp) against
// Biopython's Bio.Medline.parse on the same file, in one run.
//
// It writes a synthetic MEDLINE file (deterministic for a seed: PubMed's tag set and order,
// values wrapped onto 6-space continuation lines as PubMed wraps them, 2-9 authors with FAU,
// AU and AD lines, MeSH headings with qualifiers, abstracts of 120-300 words; ~3 KB a record),
// times read_medline on it (best of --repeat runs, page cache warm, records only counted),
// then runs medline_benchmark.py under /usr/bin/python3 to time Biopython on the same file,
// checks that both read the same records (count, authors, PMID sum) and prints the ratios.
// The reader is timed twice: "citegraph" through io::Input::open, as read_input uses it, which
// also computes the SHA-256 of every byte for the run summary; and "reader" through a plain
// unhashed Input, which is what Biopython's parse is comparable to. With SHA-NI the checksum
// alone costs about as much as the parsing.
// Build it in Release. It is not a test: nothing here asserts a speed.
//
// Usage: medline_benchmark [--records N] [--seed S] [--repeat R] [--file PATH] [--keep]
//                          [--python PATH] [--script PATH] [--no-biopython]
//   --file PATH   read PATH instead of generating (it is then never deleted)
//   --keep        keep the generated file (its path is printed)
#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "citegraph/graph/diagnostics.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/read/input.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/read/readers.hpp"

namespace fs = std::filesystem;

namespace {

constexpr double kTargetRatio = 8.0;
constexpr std::size_t kWrapColumn = 82;  // PubMed wraps "TAG - value" lines near 88 columns

struct Options {
  std::uint64_t records = 200000;
  std::uint64_t seed = 20240501;
  int repeat = 3;
  std::string file;
  bool keep = false;
  std::string python = "/usr/bin/python3";
  std::string script = (fs::path(__FILE__).parent_path() / "medline_benchmark.py").string();
  bool biopython = true;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "medline_benchmark: " << problem
            << "\nusage: medline_benchmark [--records N] [--seed S] [--repeat R] [--file PATH] "
               "[--keep] [--python PATH] [--script PATH] [--no-biopython]\n";
  std::exit(1);
}

std::uint64_t parse_count(const std::string& name, const std::string& text) {
  try {
    std::size_t used = 0;
    const unsigned long long value = std::stoull(text, &used);
    if (used != text.size() || value == 0) throw std::invalid_argument(text);
    return value;
  } catch (const std::exception&) {
    usage(name + " wants a positive integer, got \"" + text + "\"");
  }
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--records") {
      options.records = parse_count(arg, value());
    } else if (arg == "--seed") {
      options.seed = parse_count(arg, value());
    } else if (arg == "--repeat") {
      options.repeat = static_cast<int>(std::min<std::uint64_t>(parse_count(arg, value()), 100));
    } else if (arg == "--file") {
      options.file = value();
    } else if (arg == "--keep") {
      options.keep = true;
    } else if (arg == "--python") {
      options.python = value();
    } else if (arg == "--script") {
      options.script = value();
    } else if (arg == "--no-biopython") {
      options.biopython = false;
    } else {
      usage("unknown argument \"" + arg + "\"");
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Synthetic MEDLINE

constexpr std::array<std::string_view, 96> kWords = {"the",
                                                     "of",
                                                     "and",
                                                     "in",
                                                     "patients",
                                                     "with",
                                                     "a",
                                                     "to",
                                                     "was",
                                                     "for",
                                                     "were",
                                                     "cells",
                                                     "study",
                                                     "results",
                                                     "expression",
                                                     "analysis",
                                                     "clinical",
                                                     "treatment",
                                                     "protein",
                                                     "associated",
                                                     "disease",
                                                     "between",
                                                     "risk",
                                                     "we",
                                                     "cancer",
                                                     "after",
                                                     "increased",
                                                     "significant",
                                                     "data",
                                                     "effect",
                                                     "compared",
                                                     "group",
                                                     "gene",
                                                     "higher",
                                                     "years",
                                                     "using",
                                                     "response",
                                                     "factor",
                                                     "activity",
                                                     "levels",
                                                     "model",
                                                     "mice",
                                                     "tumor",
                                                     "therapy",
                                                     "cohort",
                                                     "outcomes",
                                                     "receptor",
                                                     "signaling",
                                                     "inflammatory",
                                                     "chronic",
                                                     "acute",
                                                     "randomized",
                                                     "trial",
                                                     "mortality",
                                                     "survival",
                                                     "mechanism",
                                                     "pathway",
                                                     "mutation",
                                                     "genome",
                                                     "sequencing",
                                                     "infection",
                                                     "immune",
                                                     "antibody",
                                                     "vaccine",
                                                     "dose",
                                                     "plasma",
                                                     "serum",
                                                     "cardiac",
                                                     "renal",
                                                     "hepatic",
                                                     "neuronal",
                                                     "brain",
                                                     "children",
                                                     "women",
                                                     "adults",
                                                     "population",
                                                     "prevalence",
                                                     "incidence",
                                                     "baseline",
                                                     "follow-up",
                                                     "median",
                                                     "interval",
                                                     "confidence",
                                                     "ratio",
                                                     "hazard",
                                                     "regression",
                                                     "multivariate",
                                                     "independent",
                                                     "predictor",
                                                     "biomarker",
                                                     "diagnosis",
                                                     "imaging",
                                                     "surgical",
                                                     "postoperative",
                                                     "systematic",
                                                     "review"};

constexpr std::array<std::string_view, 16> kSurnames = {
    "Smith",    "Garcia", "Wang",      "Mueller",  "Rossi",   "Tanaka", "Kim",    "Nguyen",
    "Kowalski", "Silva",  "Johansson", "de Vries", "O'Brien", "Novak",  "Haddad", "Okafor"};
constexpr std::array<std::string_view, 12> kGiven = {"Maria",   "John",    "Wei",     "Anna",
                                                     "Hiroshi", "Jae-Won", "Thi Lan", "Piotr",
                                                     "Lucas",   "Ingrid",  "Sean",    "Amara"};
constexpr std::array<std::string_view, 8> kInstitutions = {
    "Department of Medicine, University of Example, Example City, Country.",
    "Institute of Molecular Biology, Academy of Sciences, Capital, Country.",
    "Division of Cardiology, General Hospital and Harvard-like Medical School, Boston, MA, USA.",
    "Laboratory of Genomics, National Research Centre, 12345 Town, Country.",
    "School of Public Health, Big State University, Metropolis, USA.",
    "Department of Surgery, Royal Infirmary, Northern City, UK.",
    "Centre for Immunology and Infection, Faculty of Medicine, Southern University, Country.",
    "Graduate School of Pharmaceutical Sciences, Eastern University, 113-0033 Tokyo, Japan."};
struct Journal {
  std::string_view abbreviation;
  std::string_view title;
  std::string_view issn;
};
constexpr std::array<Journal, 6> kJournals = {{
    {"J Clin Invest", "The Journal of clinical investigation", "0021-9738"},
    {"Nat Med", "Nature medicine", "1078-8956"},
    {"PLoS One", "PloS one", "1932-6203"},
    {"Bioinformatics", "Bioinformatics (Oxford, England)", "1367-4803"},
    {"Lancet", "Lancet (London, England)", "0140-6736"},
    {"Rheumatology (Oxford)", "Rheumatology (Oxford, England)", "1462-0324"},
}};
constexpr std::array<std::string_view, 12> kMesh = {"Humans",
                                                    "Female",
                                                    "Male",
                                                    "Adult",
                                                    "Middle Aged",
                                                    "Aged",
                                                    "Mice",
                                                    "Animals",
                                                    "Neoplasms",
                                                    "Signal Transduction",
                                                    "Retrospective Studies",
                                                    "Treatment Outcome"};
constexpr std::array<std::string_view, 6> kQualifiers = {"genetics",  "metabolism", "drug therapy",
                                                         "pathology", "methods",    "epidemiology"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : random_(seed) {}

  void record(std::uint64_t index, std::string& out) {
    const std::uint64_t pmid = 10000000 + index * 7;
    const Journal& journal = kJournals[pick(kJournals.size())];
    const int year = 1990 + static_cast<int>(pick(34));
    const std::string_view month = kMonths[pick(kMonths.size())];
    const auto volume = std::to_string(1 + pick(300));
    const auto issue = std::to_string(1 + pick(24));
    const auto first_page = 1 + pick(2000);
    const auto pages = std::to_string(first_page) + "-" + std::to_string(first_page + 1 + pick(14));
    const std::string doi = "10." + std::to_string(1000 + pick(8000)) + "/j.example." +
                            std::to_string(year) + "." + std::to_string(pmid);

    field(out, "PMID", std::to_string(pmid));
    field(out, "OWN", "NLM");
    field(out, "STAT", "MEDLINE");
    field(out, "DCOM", std::to_string(year + 1) + "0312");
    field(out, "LR", "20231105");
    field(out, "IS", std::string(journal.issn) + " (Electronic)");
    field(out, "VI", volume);
    field(out, "IP", issue);
    field(out, "DP", std::to_string(year) + " " + std::string(month));
    field(out, "TI", sentence(8 + pick(16)) + ".");
    field(out, "PG", pages);
    field(out, "LID", doi + " [doi]");
    std::string abstract = "BACKGROUND: ";
    const std::size_t sentences = 6 + pick(10);
    for (std::size_t s = 0; s < sentences; ++s) {
      if (s > 0) abstract += ' ';
      abstract += sentence(12 + pick(20));
      abstract += '.';
    }
    field(out, "AB", abstract);
    field(out, "CI", "(c) " + std::to_string(year) + " The Authors.");
    const std::size_t authors = 2 + pick(8);
    for (std::size_t a = 0; a < authors; ++a) {
      const std::string_view surname = kSurnames[pick(kSurnames.size())];
      const std::string_view given = kGiven[pick(kGiven.size())];
      field(out, "FAU", std::string(surname) + ", " + std::string(given));
      field(out, "AU", std::string(surname) + " " + std::string(1, given[0]));
      field(out, "AD", std::string(kInstitutions[pick(kInstitutions.size())]));
    }
    field(out, "LA", "eng");
    field(out, "PT", "Journal Article");
    if (pick(2) == 0) field(out, "PT", "Research Support, Non-U.S. Gov't");
    field(out, "DEP", std::to_string(year) + "0110");
    field(out, "PL", "United States");
    field(out, "TA", journal.abbreviation);
    field(out, "JT", journal.title);
    field(out, "JID", std::to_string(7500000 + pick(100000)));
    field(out, "SB", "IM");
    const std::size_t headings = 5 + pick(10);
    for (std::size_t h = 0; h < headings; ++h) {
      std::string heading;
      if (pick(3) == 0) heading += '*';
      heading += kMesh[pick(kMesh.size())];
      if (pick(2) == 0) {
        heading += '/';
        if (pick(2) == 0) heading += '*';
        heading += kQualifiers[pick(kQualifiers.size())];
      }
      field(out, "MH", heading);
    }
    const std::size_t keywords = pick(6);
    for (std::size_t k = 0; k < keywords; ++k) field(out, "OT", sentence(1 + pick(3)));
    if (pick(3) == 0) field(out, "PMC", "PMC" + std::to_string(1000000 + index));
    field(out, "EDAT", std::to_string(year) + "/01/13 09:00");
    field(out, "MHDA", std::to_string(year + 1) + "/03/15 09:00");
    field(out, "PHST", std::to_string(year - 1) + "/06/17 00:00 [received]");
    field(out, "PHST", std::to_string(year) + "/01/10 00:00 [accepted]");
    field(out, "AID", doi + " [doi]");
    field(out, "AID", "S0000-" + std::to_string(pmid) + " [pii]");
    field(out, "PST", "ppublish");
    field(out, "SO",
          std::string(journal.abbreviation) + ". " + std::to_string(year) + " " +
              std::string(month) + ";" + volume + "(" + issue + "):" + pages + ". doi: " + doi);
    out += '\n';
  }

 private:
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(random_() % n); }

  std::string sentence(std::size_t words) {
    std::string out;
    for (std::size_t w = 0; w < words; ++w) {
      if (w > 0) out += ' ';
      out += kWords[pick(kWords.size())];
    }
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
  }

  // "TAG - value", wrapped at word boundaries onto 6-space continuation lines.
  static void field(std::string& out, std::string_view tag, std::string_view value) {
    out += tag;
    out.append(4 - tag.size(), ' ');
    out += "- ";
    std::size_t column = 6;
    std::size_t start = 0;
    bool first_word = true;
    while (start < value.size()) {
      std::size_t end = value.find(' ', start);
      if (end == std::string_view::npos) end = value.size();
      const std::string_view word = value.substr(start, end - start);
      if (!first_word && column + 1 + word.size() > kWrapColumn) {
        out += "\n      ";
        column = 6;
      } else if (!first_word) {
        out += ' ';
        ++column;
      }
      out += word;
      column += word.size();
      first_word = false;
      start = end + 1;
    }
    out += '\n';
  }

  std::mt19937_64 random_;
};

std::uint64_t generate(const std::string& path, const Options& options) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  Generator generator(options.seed);
  std::string chunk;
  std::uint64_t bytes = 0;
  for (std::uint64_t i = 0; i < options.records; ++i) {
    generator.record(i, chunk);
    if (chunk.size() >= (std::size_t{1} << 22) || i + 1 == options.records) {
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      bytes += chunk.size();
      chunk.clear();
    }
  }
  out.close();
  if (!out) throw std::runtime_error("error writing " + path);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Timing

struct Tally {
  std::uint64_t records = 0;
  std::uint64_t authors = 0;
  std::uint64_t pmid_sum = 0;
  std::uint64_t skipped = 0;
  double seconds = 0;
};

// A file read with read(2) and nothing else: no gzip detection, no checksum (sha256_hex() is
// empty). Only for timing the reader apart from io::Input's SHA-256.
class PlainInput final : public citegraph::io::Input {
 public:
  explicit PlainInput(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error("cannot open " + path_);
  }
  PlainInput(const PlainInput&) = delete;
  PlainInput& operator=(const PlainInput&) = delete;
  ~PlainInput() override { ::close(fd_); }

  std::size_t read(char* buffer, std::size_t n) override {
    if (head_pos_ < head_.size()) {
      const std::size_t take = std::min(n, head_.size() - head_pos_);
      std::memcpy(buffer, head_.data() + head_pos_, take);
      head_pos_ += take;
      return take;
    }
    return read_fd(buffer, n);
  }
  std::string_view peek(std::size_t n) override {
    head_.erase(0, head_pos_);
    head_pos_ = 0;
    while (head_.size() < n) {
      const std::size_t old = head_.size();
      head_.resize(n);
      const std::size_t got = read_fd(head_.data() + old, n - old);
      head_.resize(old + got);
      if (got == 0) break;
    }
    return std::string_view(head_).substr(0, std::min(n, head_.size()));
  }
  [[nodiscard]] const std::string& path() const override { return path_; }
  [[nodiscard]] bool compressed() const override { return false; }
  [[nodiscard]] std::uint64_t raw_bytes() const override { return bytes_; }
  [[nodiscard]] std::string sha256_hex() const override { return {}; }

 private:
  std::size_t read_fd(char* buffer, std::size_t n) {
    for (;;) {
      const ssize_t got = ::read(fd_, buffer, n);
      if (got >= 0) {
        bytes_ += static_cast<std::uint64_t>(got);
        return static_cast<std::size_t>(got);
      }
      if (errno != EINTR) throw std::runtime_error("read error on " + path_);
    }
  }

  std::string path_;
  int fd_ = -1;
  std::uint64_t bytes_ = 0;
  std::string head_;
  std::size_t head_pos_ = 0;
};

Tally time_citegraph(const std::string& path, bool hashed) {
  Tally tally;
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<citegraph::io::Input> input;
  if (hashed) {
    input = citegraph::io::Input::open(path);
  } else {
    input = std::make_unique<PlainInput>(path);
  }
  citegraph::Diagnostics diagnostics;
  const citegraph::io::ReadOptions options;
  citegraph::io::ReadContext context(options, diagnostics);
  citegraph::io::read_medline(*input, context, [&tally](citegraph::Record&& record) {
    ++tally.records;
    tally.authors += record.authors.size();
    tally.pmid_sum += record.ids.pmid.value_or(0);
  });
  tally.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  tally.skipped = diagnostics.skipped();
  return tally;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Runs the Biopython script and reads its "biopython key=value ..." line.
bool time_biopython(const Options& options, const std::string& path, Tally& tally) {
  const std::string command =
      shell_quote(options.python) + " " + shell_quote(options.script) + " " + shell_quote(path);
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
    output += buffer.data();
  }
  const int status = ::pclose(pipe);
  if (status != 0 || !output.starts_with("biopython ")) {
    std::cerr << "medline_benchmark: Biopython run failed (" << command << "): " << output << "\n";
    return false;
  }
  std::map<std::string, std::string> values;
  std::istringstream fields(output);
  std::string field;
  while (fields >> field) {
    const std::size_t equals = field.find('=');
    if (equals != std::string::npos) values[field.substr(0, equals)] = field.substr(equals + 1);
  }
  tally.records = std::stoull(values.at("records"));
  tally.authors = std::stoull(values.at("authors"));
  tally.pmid_sum = std::stoull(values.at("pmid_sum"));
  tally.seconds = std::stod(values.at("seconds"));
  return true;
}

void print_line(const char* who, const Tally& tally, std::uint64_t bytes, const char* extra) {
  const double mb = static_cast<double>(bytes) / 1e6;
  std::printf("medline %-9s records=%llu bytes=%llu%s seconds=%.3f records/s=%.0f MB/s=%.1f\n", who,
              static_cast<unsigned long long>(tally.records),
              static_cast<unsigned long long>(bytes), extra, tally.seconds,
              static_cast<double>(tally.records) / tally.seconds, mb / tally.seconds);
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse_options(argc, argv);

  std::string path = options.file;
  const bool generated = path.empty();
  if (generated) {
    path = (fs::temp_directory_path() /
            ("citegraph_medline_benchmark_" + std::to_string(::getpid()) + ".txt"))
               .string();
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t bytes = generate(path, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("medline generate  records=%llu bytes=%llu seed=%llu seconds=%.3f path=%s\n",
                static_cast<unsigned long long>(options.records),
                static_cast<unsigned long long>(bytes),
                static_cast<unsigned long long>(options.seed), seconds, path.c_str());
  }
  const std::uint64_t bytes = fs::file_size(path);

  // Runs alternate between the two inputs so that a busy machine slows both alike.
  Tally best;
  Tally best_plain;
  best.seconds = std::numeric_limits<double>::infinity();
  best_plain.seconds = best.seconds;
  for (int run = 0; run < options.repeat; ++run) {
    const Tally tally = time_citegraph(path, true);
    if (tally.seconds < best.seconds) best = tally;
    const Tally plain = time_citegraph(path, false);
    if (plain.seconds < best_plain.seconds) best_plain = plain;
  }
  const std::string repeat = " best_of=" + std::to_string(options.repeat);
  print_line("citegraph", best, bytes, (repeat + " input=io::Input::open+sha256").c_str());
  print_line("reader", best_plain, bytes, (repeat + " input=plain-read(2)").c_str());
  if (best.skipped != 0) {
    std::printf("medline citegraph skipped=%llu (expected 0 on generated input)\n",
                static_cast<unsigned long long>(best.skipped));
  }

  int status = 0;
  if (options.biopython) {
    Tally bio;
    if (time_biopython(options, path, bio)) {
      print_line("biopython", bio, bytes, " runs=1");
      const double ratio = bio.seconds / best.seconds;
      const double reader_ratio = bio.seconds / best_plain.seconds;
      std::printf("medline ratio     reader/biopython=%.1fx target>=%.0fx %s\n", reader_ratio,
                  kTargetRatio, reader_ratio >= kTargetRatio ? "met" : "NOT MET");
      std::printf("medline ratio     citegraph(with sha256)/biopython=%.1fx\n", ratio);
      if (bio.records != best.records || bio.authors != best.authors ||
          bio.pmid_sum != best.pmid_sum) {
        std::printf(
            "medline MISMATCH  records %llu vs %llu, authors %llu vs %llu, pmid_sum "
            "%llu vs %llu\n",
            static_cast<unsigned long long>(best.records),
            static_cast<unsigned long long>(bio.records),
            static_cast<unsigned long long>(best.authors),
            static_cast<unsigned long long>(bio.authors),
            static_cast<unsigned long long>(best.pmid_sum),
            static_cast<unsigned long long>(bio.pmid_sum));
        status = 1;
      }
    } else {
      status = 1;
    }
  }

  if (generated && !options.keep) fs::remove(path);
  return status;
} catch (const std::exception& error) {
  std::cerr << "medline_benchmark: " << error.what() << "\n";
  return 1;
}
