// Reads PubMed inputs (pages, XML, MEDLINE, JATS, citation pairs; plain or gzip'd) through the
// public API, builds the citation graph, counts co-citation pairs, and prints
//   works N
//   citations N
//   co-citation pairs N
// then the five most co-cited pairs. Exit status 2 on unreadable input, like citegraph itself.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <tuple>
#include <vector>

#include "citegraph/analysis/pair_counts.hpp"
#include "citegraph/graph/builder.hpp"
#include "citegraph/read/reader.hpp"
#include "citegraph/version.hpp"

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PATH...  (citegraph %s)\n", argv[0], citegraph::kVersion);
    return 1;
  }
  citegraph::GraphBuilder builder;
  const std::size_t corpus = builder.add_corpus("inputs");
  citegraph::io::ReadOptions options;  // format detected by content
  for (int i = 1; i < argc; ++i) {
    citegraph::io::read_input(argv[i], options,
                              [&](citegraph::Record&& record) { builder.add(record, corpus); });
  }
  const citegraph::CitationGraph graph = builder.build();

  citegraph::PairParams params;  // full counting, every pair, with the citing works behind it
  const citegraph::PairResult result = citegraph::cocitation(graph, params);
  std::printf("works %u\n", graph.num_nodes());
  std::printf("citations %llu\n", static_cast<unsigned long long>(graph.num_edges()));
  std::printf("co-citation pairs %zu\n", result.pairs.size());

  std::vector<citegraph::Pair> top(result.pairs.begin(), result.pairs.end());
  const std::size_t shown = std::min<std::size_t>(5, top.size());
  std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(shown), top.end(),
                    [](const citegraph::Pair& x, const citegraph::Pair& y) {
                      return x.count != y.count ? x.count > y.count
                                                : std::tie(x.a, x.b) < std::tie(y.a, y.b);
                    });
  for (std::size_t k = 0; k < shown; ++k) {
    std::printf("  %s %s %g\n", graph.node_key(top[k].a).c_str(), graph.node_key(top[k].b).c_str(),
                static_cast<double>(top[k].count));
  }
  return 0;
} catch (const citegraph::Error& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 2;
} catch (const std::exception& e) {
  std::fprintf(stderr, "internal error: %s\n", e.what());
  return 4;
}
