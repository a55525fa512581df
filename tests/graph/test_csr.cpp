#include <doctest/doctest.h>

#include "graph/citation_graph.hpp"

using citegraph::Csr;
using citegraph::NodeId;

TEST_CASE("Csr gives rows, degrees and a sorted transpose with an edge map") {
  // 0 -> 1, 0 -> 2, 1 -> 2, 3 -> 0
  Csr out({0, 2, 3, 3, 4}, {1, 2, 2, 0});
  CHECK(out.num_nodes() == 4);
  CHECK(out.num_edges() == 4);
  CHECK(out.degree(0) == 2);
  CHECK(out.degree(2) == 0);
  std::vector<std::uint64_t> map;
  Csr in = out.transpose(&map);
  CHECK(in.offsets() == std::vector<std::uint64_t>{0, 1, 2, 4, 4});
  CHECK(in.targets() == std::vector<NodeId>{3, 0, 0, 1});
  // in-edge k is out-edge map[k]: (2 <- 0) is out-edge 1, (2 <- 1) is out-edge 2.
  CHECK(map == std::vector<std::uint64_t>{3, 0, 1, 2});
  Csr back = in.transpose();
  CHECK(back.offsets() == out.offsets());
  CHECK(back.targets() == out.targets());
}

TEST_CASE("Csr of no nodes is valid") {
  Csr empty;
  CHECK(empty.num_nodes() == 0);
  CHECK(empty.num_edges() == 0);
  CHECK(empty.transpose().num_nodes() == 0);
}

TEST_CASE("Csr rejects inconsistent arrays") {
  CHECK_THROWS_AS(Csr({0, 2}, {0}), citegraph::InvalidArgument);
  CHECK_THROWS_AS(Csr({1, 1}, {0}), citegraph::InvalidArgument);
  CHECK_THROWS_AS(Csr({0, 1}, {5}), citegraph::InvalidArgument);
  CHECK_THROWS_AS(Csr({0, 2, 1}, {0}), citegraph::InvalidArgument);
  CHECK_THROWS_AS(Csr(std::vector<std::uint64_t>{}, {}), citegraph::InvalidArgument);
}
