#include "analysis/igraph_bridge.hpp"

#include "citegraph/graph/error.hpp"

namespace citegraph::igraph_bridge {

namespace {

std::mutex& igraph_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Written by the error handler while the session's lock is held.
std::string& last_reason() {
  static std::string reason;
  return reason;
}

void record_error(const char* reason, const char* /*file*/, int /*line*/, igraph_error_t code) {
  last_reason() = std::string(igraph_strerror(code)) + (reason != nullptr ? ": " : "") +
                  (reason != nullptr ? reason : "");
  // What igraph_error_handler_ignore does: free what the failed call had allocated.
  IGRAPH_FINALLY_FREE();
}

void ignore_warning(const char* /*reason*/, const char* /*file*/, int /*line*/) {}

}  // namespace

IgraphSession::IgraphSession(std::uint64_t seed) : lock_(igraph_mutex()) {
  previous_error_handler_ = igraph_set_error_handler(record_error);
  previous_warning_handler_ = igraph_set_warning_handler(ignore_warning);
  last_reason().clear();
  if (igraph_rng_init(&rng_, &igraph_rngtype_pcg32) != IGRAPH_SUCCESS) {
    igraph_set_error_handler(previous_error_handler_);
    igraph_set_warning_handler(previous_warning_handler_);
    throw Error("igraph: cannot create a random number generator: " + last_reason());
  }
  igraph_rng_seed(&rng_, static_cast<igraph_uint_t>(seed));
  previous_rng_ = igraph_rng_default();
  igraph_rng_set_default(&rng_);
}

IgraphSession::~IgraphSession() {
  igraph_rng_set_default(previous_rng_);
  igraph_rng_destroy(&rng_);
  igraph_set_warning_handler(previous_warning_handler_);
  igraph_set_error_handler(previous_error_handler_);
}

void IgraphSession::check(igraph_error_t code, const char* what) {
  if (code == IGRAPH_SUCCESS) return;
  if (code == IGRAPH_ENOMEM) throw std::bad_alloc();
  throw Error(std::string("igraph ") + what + " failed: " + last_reason());
}

Graph::Graph(std::uint32_t nodes, std::span<const std::uint32_t> endpoints) {
  igraph_vector_int_t edges;
  IgraphSession::check(
      igraph_vector_int_init(&edges, static_cast<igraph_integer_t>(endpoints.size())),
      "vector allocation");
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    VECTOR(edges)[static_cast<igraph_integer_t>(i)] = endpoints[i];
  }
  const igraph_error_t code = igraph_create(&graph_, &edges, nodes, IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy(&edges);
  IgraphSession::check(code, "graph creation");
}

Graph::~Graph() { igraph_destroy(&graph_); }

RealVector::RealVector(std::span<const double> values) {
  IgraphSession::check(igraph_vector_init(&vector_, static_cast<igraph_integer_t>(values.size())),
                       "vector allocation");
  for (std::size_t i = 0; i < values.size(); ++i) {
    VECTOR(vector_)[static_cast<igraph_integer_t>(i)] = values[i];
  }
}

RealVector::RealVector(std::size_t size) {
  IgraphSession::check(igraph_vector_init(&vector_, static_cast<igraph_integer_t>(size)),
                       "vector allocation");
}

RealVector::~RealVector() { igraph_vector_destroy(&vector_); }

IntVector::IntVector(std::size_t size) {
  IgraphSession::check(igraph_vector_int_init(&vector_, static_cast<igraph_integer_t>(size)),
                       "vector allocation");
}

IntVector::~IntVector() { igraph_vector_int_destroy(&vector_); }

Matrix::Matrix(std::size_t rows, std::size_t columns) {
  IgraphSession::check(igraph_matrix_init(&matrix_, static_cast<igraph_integer_t>(rows),
                                          static_cast<igraph_integer_t>(columns)),
                       "matrix allocation");
}

Matrix::~Matrix() { igraph_matrix_destroy(&matrix_); }

}  // namespace citegraph::igraph_bridge
