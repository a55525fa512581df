#include "apps/mpi/distributed.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>

#include <mpi.h>

// CombBLAS 1.6.2's Dcsc::PruneI calls make_tuple unqualified on built-in types (no ADL): it
// relied on a `using namespace std` that its headers no longer carry.
namespace combblas {
using std::make_tuple;
}  // namespace combblas
#include <CombBLAS/CombBLAS.h>

namespace citegraph::mpi {
namespace {

using Index = std::int64_t;
using LocalMatrix = combblas::SpDCCols<Index, double>;
using Matrix = combblas::SpParMat<Index, double, LocalMatrix>;
using IndexVector = combblas::FullyDistVec<Index, Index>;
using Vector = combblas::FullyDistVec<Index, double>;
using PlusTimes = combblas::PlusTimesSRing<double, double>;

// Point-to-point messages in pieces of at most this many bytes (MPI counts are int).
constexpr std::size_t kMessageBytes = std::size_t{1} << 30;
constexpr int kTag = 7;

int world_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}
int world_size() {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

void send_bytes(const void* data, std::size_t bytes, int to) {
  const auto* p = static_cast<const char*>(data);
  for (std::size_t done = 0; done < bytes; done += kMessageBytes) {
    const std::size_t piece = std::min(kMessageBytes, bytes - done);
    MPI_Send(p + done, static_cast<int>(piece), MPI_BYTE, to, kTag, MPI_COMM_WORLD);
  }
}
void receive_bytes(void* data, std::size_t bytes, int from) {
  auto* p = static_cast<char*>(data);
  for (std::size_t done = 0; done < bytes; done += kMessageBytes) {
    const std::size_t piece = std::min(kMessageBytes, bytes - done);
    MPI_Recv(p + done, static_cast<int>(piece), MPI_BYTE, from, kTag, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
  }
}

std::vector<std::int64_t> gather_int64(std::int64_t value) {
  std::vector<std::int64_t> all(static_cast<std::size_t>(world_size()));
  MPI_Gather(&value, 1, MPI_INT64_T, all.data(), 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  return all;
}

// Rank 0's array, `length` long, as a FullyDistVec: every rank receives its own block.
IndexVector scatter(const std::shared_ptr<combblas::CommGrid>& grid, Index length,
                    const std::vector<Index>& data) {
  IndexVector vector(grid, length, Index{0});
  const Index mine = vector.MyLocLength();
  const std::vector<std::int64_t> lengths = gather_int64(mine);
  const std::vector<std::int64_t> offsets = gather_int64(vector.LengthUntil());
  std::vector<Index> block(static_cast<std::size_t>(mine));
  if (world_rank() == 0) {
    for (int r = 1; r < world_size(); ++r) {
      send_bytes(data.data() + offsets[static_cast<std::size_t>(r)],
                 static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)]) * sizeof(Index), r);
    }
    std::copy_n(data.data(), block.size(), block.begin());
  } else {
    receive_bytes(block.data(), block.size() * sizeof(Index), 0);
  }
  for (Index i = 0; i < mine; ++i) vector.SetLocalElement(i, block[static_cast<std::size_t>(i)]);
  return vector;
}

// Every rank's block of a dense vector, concatenated on rank 0.
std::vector<double> gather_vector(const Vector& vector) {
  const std::vector<std::int64_t> lengths = gather_int64(vector.LocArrSize());
  const std::vector<std::int64_t> offsets = gather_int64(vector.LengthUntil());
  std::vector<double> all;
  if (world_rank() == 0) {
    all.resize(static_cast<std::size_t>(vector.TotalLength()));
    std::copy_n(vector.GetLocArr(), vector.LocArrSize(), all.begin() + offsets[0]);
    for (int r = 1; r < world_size(); ++r) {
      const auto ru = static_cast<std::size_t>(r);
      receive_bytes(all.data() + offsets[ru],
                    static_cast<std::size_t>(lengths[ru]) * sizeof(double), r);
    }
  } else {
    send_bytes(vector.GetLocArr(), static_cast<std::size_t>(vector.LocArrSize()) * sizeof(double),
               0);
  }
  return all;
}

// The global row and column of this rank's first local entry (as SpParMat::Find computes them).
std::pair<Index, Index> block_origin(Matrix& matrix) {
  const std::shared_ptr<combblas::CommGrid> grid = matrix.getcommgrid();
  std::vector<Index> rows(static_cast<std::size_t>(grid->GetGridRows()));
  std::vector<Index> cols(static_cast<std::size_t>(grid->GetGridCols()));
  const Index local_rows = matrix.getlocalrows();
  const Index local_cols = matrix.getlocalcols();
  MPI_Allgather(&local_rows, 1, MPI_INT64_T, rows.data(), 1, MPI_INT64_T, grid->GetColWorld());
  MPI_Allgather(&local_cols, 1, MPI_INT64_T, cols.data(), 1, MPI_INT64_T, grid->GetRowWorld());
  const Index row0 =
      std::accumulate(rows.begin(), rows.begin() + grid->GetRankInProcCol(), Index{0});
  const Index col0 =
      std::accumulate(cols.begin(), cols.begin() + grid->GetRankInProcRow(), Index{0});
  return {row0, col0};
}

// This rank's entries with global indices, then all of them on rank 0 sorted by (a, b).
std::vector<CountEntry> gather_entries(Matrix& matrix) {
  const auto [row0, col0] = block_origin(matrix);
  std::vector<CountEntry> local;
  if (matrix.seq().getnnz() > 0) {
    const combblas::SpTuples<Index, double> tuples(matrix.seq());
    local.reserve(static_cast<std::size_t>(tuples.getnnz()));
    for (Index i = 0; i < tuples.getnnz(); ++i) {
      local.push_back({row0 + tuples.rowindex(i), col0 + tuples.colindex(i), tuples.numvalue(i)});
    }
  }
  const std::vector<std::int64_t> counts = gather_int64(static_cast<std::int64_t>(local.size()));
  if (world_rank() != 0) {
    send_bytes(local.data(), local.size() * sizeof(CountEntry), 0);
    return {};
  }
  std::vector<CountEntry> all = std::move(local);
  for (int r = 1; r < world_size(); ++r) {
    const std::size_t start = all.size();
    all.resize(start + static_cast<std::size_t>(counts[static_cast<std::size_t>(r)]));
    receive_bytes(all.data() + start, (all.size() - start) * sizeof(CountEntry), r);
  }
  std::sort(all.begin(), all.end(), [](const CountEntry& x, const CountEntry& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return all;
}

std::shared_ptr<combblas::CommGrid> world_grid() {
  return std::make_shared<combblas::CommGrid>(MPI_COMM_WORLD, 0, 0);
}

}  // namespace

PairRunStats distributed_pair_counts(std::int64_t contexts, std::int64_t items,
                                     std::vector<std::int64_t> context_of_entry,
                                     std::vector<std::int64_t> item_of_entry,
                                     std::vector<std::int64_t> bounds, std::uint32_t min_count,
                                     const BatchSink& sink) {
  PairRunStats stats;
  std::int64_t header[3] = {contexts, items, static_cast<std::int64_t>(context_of_entry.size())};
  MPI_Bcast(header, 3, MPI_INT64_T, 0, MPI_COMM_WORLD);
  std::int64_t batches = static_cast<std::int64_t>(bounds.size());
  MPI_Bcast(&batches, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  bounds.resize(static_cast<std::size_t>(batches));
  MPI_Bcast(bounds.data(), static_cast<int>(batches), MPI_INT64_T, 0, MPI_COMM_WORLD);
  const Index entries = header[2];
  if (entries == 0 || header[1] < 2) return stats;

  const std::shared_ptr<combblas::CommGrid> grid = world_grid();
  // A dimension smaller than the grid would leave ranks with no rows; empty padding rows and
  // columns change no product.
  const Index q = std::max(grid->GetGridRows(), grid->GetGridCols());
  const Index m_rows = std::max<Index>(header[0], q);
  const Index m_cols = std::max<Index>(header[1], q);
  Matrix m(m_rows, m_cols, scatter(grid, entries, context_of_entry),
           scatter(grid, entries, item_of_entry), 1.0);
  std::vector<std::int64_t>().swap(context_of_entry);
  std::vector<std::int64_t>().swap(item_of_entry);
  Matrix mt(m);
  mt.Transpose();
  const double threshold = std::max<std::uint32_t>(1, min_count);

  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    const Index lo = bounds[b];
    const Index hi = bounds[b + 1];
    double t0 = MPI_Wtime();
    // The batch's rows of M^T; the other rows are pruned away (the matrix keeps its shape).
    Matrix rows = mt.PruneI(
        [lo, hi](const auto& entry) {
          const Index row = std::get<0>(entry);
          return row < lo || row >= hi;
        },
        false);
    // Only partners b > a are kept, and every a here is >= lo: the columns of M below lo
    // cannot give one, and leaving them out halves the work over the batches.
    Matrix right = m.PruneI([lo](const auto& entry) { return std::get<1>(entry) < lo; }, false);
    Matrix product = combblas::Mult_AnXBn_Synch<PlusTimes, double, LocalMatrix>(rows, right);
    product.PruneI(
        [threshold](const auto& entry) {
          return std::get<1>(entry) <= std::get<0>(entry) || std::get<2>(entry) < threshold;
        },
        true);
    double t1 = MPI_Wtime();
    std::vector<CountEntry> batch = gather_entries(product);
    double t2 = MPI_Wtime();
    int go_on = 1;
    if (world_rank() == 0) {
      go_on = sink(batch) ? 1 : 0;
      stats.entries += batch.size();
    }
    MPI_Bcast(&go_on, 1, MPI_INT, 0, MPI_COMM_WORLD);
    double t3 = MPI_Wtime();
    stats.product_seconds += t1 - t0;
    stats.gather_seconds += t2 - t1;
    stats.sink_seconds += t3 - t2;
    ++stats.batches;
    if (go_on == 0) {
      stats.stopped = true;
      break;
    }
  }
  return stats;
}

PageRankRun distributed_pagerank(std::int64_t n, std::vector<std::int64_t> source,
                                 std::vector<std::int64_t> target, const CentralityParams& params) {
  PageRankRun run;
  std::int64_t header[2] = {n, static_cast<std::int64_t>(source.size())};
  MPI_Bcast(header, 2, MPI_INT64_T, 0, MPI_COMM_WORLD);
  n = header[0];
  run.edges = static_cast<std::uint64_t>(header[1]);
  if (n == 0) return run;
  const std::shared_ptr<combblas::CommGrid> grid = world_grid();
  const auto nd = static_cast<double>(n);
  const double damping = params.damping;
  const double teleport = (1.0 - damping) / nd;

  if (header[1] == 0) {
    // No citation: every work is dangling and x' = (1 - d)/n + d/n = 1/n from the start.
    run.report = {1, params.tolerance > 0.0, 0.0};
    if (world_rank() == 0) run.scores.assign(static_cast<std::size_t>(n), 1.0 / nd);
    return run;
  }
  // Rows: cited works, columns: citing works, so that P x pulls along citations.
  const Matrix p(n, n, scatter(grid, header[1], target), scatter(grid, header[1], source), 1.0);
  std::vector<std::int64_t>().swap(source);
  std::vector<std::int64_t>().swap(target);
  // Out-degrees are the column sums.
  const Vector out_degree = p.Reduce(combblas::Column, std::plus<double>(), 0.0);
  Vector inverse_out = out_degree;
  inverse_out.Apply([](double d) { return d > 0 ? 1.0 / d : 0.0; });
  Vector dangling = out_degree;
  dangling.Apply([](double d) { return d > 0 ? 0.0 : 1.0; });

  Vector x(grid, n, 1.0 / nd);
  run.report.converged = false;
  const double start = MPI_Wtime();
  while (true) {
    Vector lost = x;
    lost.EWiseApply(dangling, std::multiplies<double>());
    const double base = teleport + damping * lost.Reduce(std::plus<double>(), 0.0) / nd;
    Vector contribution = x;
    contribution.EWiseApply(inverse_out, std::multiplies<double>());
    Vector next = combblas::SpMV<PlusTimes>(p, contribution);
    next.Apply([base, damping](double pulled) { return base + damping * pulled; });
    Vector change = next;
    change.EWiseApply(x, [](double a, double b) { return std::fabs(a - b); });
    run.report.residual = change.Reduce(std::plus<double>(), 0.0);
    x = next;
    ++run.report.iterations;
    run.report.converged = run.report.residual < params.tolerance;
    if (run.report.converged || run.report.iterations >= params.max_iterations) break;
  }
  run.seconds = MPI_Wtime() - start;
  const double total = x.Reduce(std::plus<double>(), 0.0);
  x.Apply([total](double v) { return v / total; });
  run.scores = gather_vector(x);
  return run;
}

}  // namespace citegraph::mpi
