// Private to analysis/: the one place that knows how igraph's C library is called. igraph keeps
// process-wide state -- the error and warning handlers and the default random number generator
// (Debian builds it without IGRAPH_THREAD_SAFE) -- so every call into igraph goes through
// IgraphSession, which holds a process-wide mutex, installs an error handler that records the
// reason instead of aborting (igraph's default), silences warnings (the library never prints),
// and swaps in a local PCG32 generator seeded by the caller; the destructor restores all three.
// The RAII owners below free igraph objects on every path, including exceptions.
#pragma once

#include <cstdint>
#include <mutex>
#include <span>
#include <string>

#include <igraph.h>

namespace citegraph::igraph_bridge {

class IgraphSession {
 public:
  explicit IgraphSession(std::uint64_t seed);
  ~IgraphSession();
  IgraphSession(const IgraphSession&) = delete;
  IgraphSession& operator=(const IgraphSession&) = delete;

  // Throws citegraph::Error naming `what` and igraph's reason when code is not IGRAPH_SUCCESS.
  static void check(igraph_error_t code, const char* what);

 private:
  std::unique_lock<std::mutex> lock_;
  igraph_rng_t rng_{};
  igraph_rng_t* previous_rng_ = nullptr;
  igraph_error_handler_t* previous_error_handler_ = nullptr;
  igraph_warning_handler_t* previous_warning_handler_ = nullptr;
};

// An undirected igraph_t on `nodes` vertices with the given edges (a, b as vertex ids < nodes),
// and the edge weights as an igraph_vector_t.
class Graph {
 public:
  Graph(std::uint32_t nodes, std::span<const std::uint32_t> endpoints);  // 2 ids per edge
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  [[nodiscard]] const igraph_t* get() const { return &graph_; }

 private:
  igraph_t graph_{};
};

class RealVector {
 public:
  explicit RealVector(std::span<const double> values);
  explicit RealVector(std::size_t size);
  ~RealVector();
  RealVector(const RealVector&) = delete;
  RealVector& operator=(const RealVector&) = delete;
  [[nodiscard]] igraph_vector_t* get() { return &vector_; }
  [[nodiscard]] const igraph_vector_t* get() const { return &vector_; }

 private:
  igraph_vector_t vector_{};
};

class IntVector {
 public:
  explicit IntVector(std::size_t size);
  ~IntVector();
  IntVector(const IntVector&) = delete;
  IntVector& operator=(const IntVector&) = delete;
  [[nodiscard]] igraph_vector_int_t* get() { return &vector_; }
  [[nodiscard]] igraph_integer_t operator[](std::size_t i) const {
    return VECTOR(vector_)[static_cast<igraph_integer_t>(i)];
  }
  [[nodiscard]] std::size_t size() const {
    return static_cast<std::size_t>(igraph_vector_int_size(&vector_));
  }

 private:
  igraph_vector_int_t vector_{};
};

class Matrix {
 public:
  Matrix(std::size_t rows, std::size_t columns);
  ~Matrix();
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
  [[nodiscard]] igraph_matrix_t* get() { return &matrix_; }
  [[nodiscard]] double at(std::size_t row, std::size_t column) const {
    return MATRIX(matrix_, static_cast<igraph_integer_t>(row),
                  static_cast<igraph_integer_t>(column));
  }
  void set(std::size_t row, std::size_t column, double value) {
    MATRIX(matrix_, static_cast<igraph_integer_t>(row), static_cast<igraph_integer_t>(column)) =
        value;
  }

 private:
  igraph_matrix_t matrix_{};
};

}  // namespace citegraph::igraph_bridge
