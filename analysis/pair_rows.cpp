// The rows of a pair run on a team of workers: the chunks of the plan are computed in any order
// on `threads` workers and handed to the emitter in row order. At most kWindowPerThread chunks
// per worker are in flight or waiting, whatever the output size: a worker that would run too
// far ahead of the emitter waits. Every row is computed by one thread in a fixed order, so the
// output does not depend on the thread count or the chunk layout. See pair_detail.hpp.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/pair_detail.hpp"

namespace citegraph::pair_detail {

namespace {

// One chunk of the plan: its rows computed into out.pairs, or formatted into out.text.
struct ChunkJob {
  const Prepared& p;
  const KernelInput& in;
  const ChunkPlan& plan;
  RowFunction process = nullptr;
  const PairFormatter* format = nullptr;

  // Returns the chunk's distinct partners (candidate pairs).
  std::uint64_t compute(std::size_t c, Workspace& ws, ChunkOutput& out) const {
    std::uint64_t candidates = 0;
    for (std::size_t r = plan.begin[c]; r < plan.begin[c + 1]; ++r) {
      candidates += process(p.row(r), in, ws, out.pairs);
    }
    out.count = out.pairs.size();
    if (format != nullptr) {
      // Formatted on this worker, so writing a table scales with the threads too.
      if (!out.pairs.empty()) {
        (*format)(std::span<const Pair>(out.pairs), std::span<const double>(p.item_count),
                  out.text);
      }
      out.pairs = PairArray();
    }
    return candidates;
  }
};

// One thread computes and emits the chunks in turn.
std::uint64_t run_serial(const ChunkJob& job, std::size_t num_chunks, const ChunkEmit& emit) {
  std::uint64_t distinct = 0;
  Workspace ws(job.p);
  for (std::size_t c = 0; c < num_chunks; ++c) {
    ChunkOutput out;
    distinct += job.compute(c, ws, out);
    emit(std::move(out));
  }
  return distinct;
}

// The chunks between the workers and the emitter: a ring of `window` slots. A worker claims the
// next chunk only while it is fewer than `window` ahead of the next one to emit, so its slot is
// free. The first exception of a worker stops the run and is rethrown after the join.
class ChunkWindow {
 public:
  ChunkWindow(const ChunkJob& job, std::size_t num_chunks, std::size_t window)
      : job_(job),
        num_chunks_(num_chunks),
        window_(window),
        slots_(window),
        slot_candidates_(window, 0),
        ready_(window, 0) {}

  // A worker's loop: claims chunks in order and fills their slots until none is left or the run
  // stops.
  void work() {
    try {
      Workspace ws(job_.p);
      for (;;) {
        std::size_t c = 0;
        {
          std::unique_lock lock(mutex_);
          slot_free_.wait(lock, [&] {
            return stop_ || next_chunk_ >= num_chunks_ || next_chunk_ < next_emit_ + window_;
          });
          if (stop_ || next_chunk_ >= num_chunks_) return;
          c = next_chunk_++;
        }
        ChunkOutput out;
        const std::uint64_t candidates = job_.compute(c, ws, out);
        const std::lock_guard lock(mutex_);
        slots_[c % window_] = std::move(out);
        slot_candidates_[c % window_] = candidates;
        ready_[c % window_] = 1;
        chunk_done_.notify_all();
      }
    } catch (...) {
      const std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
      stop_ = true;
      chunk_done_.notify_all();
      slot_free_.notify_all();
    }
  }

  // The calling thread's loop: hands the chunks to `emit` in order, until the last or until a
  // worker failed; returns the distinct partners of the chunks taken.
  std::uint64_t emit_in_order(const ChunkEmit& emit) {
    std::uint64_t distinct = 0;
    for (std::size_t c = 0; c < num_chunks_; ++c) {
      ChunkOutput chunk;
      {
        std::unique_lock lock(mutex_);
        chunk_done_.wait(lock, [&] { return stop_ || ready_[c % window_] != 0; });
        if (stop_) break;
        chunk = std::move(slots_[c % window_]);
        ready_[c % window_] = 0;
        distinct += slot_candidates_[c % window_];
        next_emit_ = c + 1;
      }
      slot_free_.notify_all();
      emit(std::move(chunk));  // outside the lock: the workers go on meanwhile
    }
    return distinct;
  }

  // Once the emitter is done: a worker waiting for a free slot wakes up, and stops if the
  // emitter failed.
  void release_workers(bool emitter_failed) {
    {
      const std::lock_guard lock(mutex_);
      if (emitter_failed) stop_ = true;
    }
    slot_free_.notify_all();
  }

  // After the workers have joined.
  void rethrow_worker_error() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  const ChunkJob& job_;
  std::size_t num_chunks_ = 0;
  std::size_t window_ = 0;
  std::vector<ChunkOutput> slots_;
  std::vector<std::uint64_t> slot_candidates_;
  std::vector<char> ready_;
  std::mutex mutex_;
  std::condition_variable chunk_done_;
  std::condition_variable slot_free_;
  std::size_t next_chunk_ = 0;  // guarded by mutex_, as are the three below
  std::size_t next_emit_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

// `workers` threads compute while the calling thread emits, so writing overlaps counting.
std::uint64_t run_parallel(const ChunkJob& job, std::size_t num_chunks, unsigned workers,
                           const ChunkEmit& emit) {
  ChunkWindow window(job, num_chunks, static_cast<std::size_t>(workers) * kWindowPerThread);
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (unsigned t = 0; t < workers; ++t) pool.emplace_back([&window] { window.work(); });
  std::uint64_t distinct = 0;
  std::exception_ptr emit_error;
  try {
    distinct = window.emit_in_order(emit);
  } catch (...) {
    emit_error = std::current_exception();
  }
  window.release_workers(emit_error != nullptr);
  for (auto& th : pool) th.join();
  window.rethrow_worker_error();
  if (emit_error) std::rethrow_exception(emit_error);
  return distinct;
}

}  // namespace

RunTotals run_rows(const Prepared& p, const KernelInput& in, unsigned threads,
                   const PairFormatter* format, const ChunkEmit& emit) {
  RunTotals totals;
  if (p.num_rows() == 0 || p.incidence == nullptr) return totals;
  const ChunkPlan plan = plan_chunks(p, threads, in.min_count, in.top_per_node, true);
  const std::size_t num_chunks = plan.begin.size() - 1;
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(threads, num_chunks));
  totals.threads = workers;
  const ChunkJob job{p, in, plan, row_function(p.fractional, p.row_mode), format};
  const std::uint64_t distinct = workers <= 1 ? run_serial(job, num_chunks, emit)
                                              : run_parallel(job, num_chunks, workers, emit);
  totals.candidate_pairs = p.row_mode == RowMode::kBoth ? distinct / 2 : distinct;
  return totals;
}

}  // namespace citegraph::pair_detail
