// Private to the library (graph/, io/, analysis/, pipeline/): the one thread team and
// thread-count rule of every parallel pass (the graph's build and transpose, snapshot checks,
// centrality kernels, the pair engine) and the ordered chunk writer of the big outputs. Not
// installed.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace citegraph::parallel {

// 0 -> hardware concurrency (at least 1).
[[nodiscard]] inline unsigned resolve_threads(unsigned requested) {
  return requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
}

// Runs body(t) for t in [0, threads), thread 0 on the caller. All threads are created before any
// body starts, so a failure to create one leaves nobody waiting at a barrier. Rethrows the first
// exception (by thread index) after every thread has joined.
template <class Body>
void run_team(unsigned threads, Body&& body) {
  if (threads <= 1) {
    body(0u);
    return;
  }
  std::vector<std::exception_ptr> errors(threads);
  std::atomic<int> go{0};  // 0 wait, 1 run, 2 abandon
  auto worker = [&](unsigned t) {
    go.wait(0);
    if (go.load() != 1) return;
    try {
      body(t);
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  std::vector<std::thread> team;
  team.reserve(threads - 1);
  try {
    for (unsigned t = 1; t < threads; ++t) team.emplace_back(worker, t);
  } catch (...) {
    go.store(2);
    go.notify_all();
    for (auto& thread : team) thread.join();
    throw;
  }
  go.store(1);
  go.notify_all();
  try {
    body(0u);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (auto& thread : team) thread.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// Formats chunks 0..chunks-1 on `threads` threads -- format(k, text) appends chunk k to an empty
// string -- and passes each to write(text) in chunk order, one at a time. Whichever thread
// finishes the chunk that is next in order writes it (and any that are ready after it), so no
// thread idles as a dedicated writer; at most 2 x threads chunks of text are held. The bytes
// written do not depend on the thread count. The first exception (from format or write) stops
// the others at their next chunk and is rethrown after all have joined.
template <class Format, class Write>
void ordered_chunks(unsigned threads, std::size_t chunks, Format&& format, Write&& write) {
  threads = std::max(1u, threads);
  if (threads == 1 || chunks <= 1) {
    std::string text;
    for (std::size_t k = 0; k < chunks; ++k) {
      text.clear();
      format(k, text);
      write(text);
    }
    return;
  }
  const std::size_t window = 2 * static_cast<std::size_t>(threads);
  std::mutex mutex;
  std::condition_variable progress;
  std::vector<std::string> slots(window);
  std::vector<char> ready(window, 0);
  std::size_t next_claim = 0;
  std::size_t next_write = 0;
  bool writing = false;
  bool failed = false;
  run_team(threads, [&](unsigned) {
    std::string text;
    try {
      for (;;) {
        std::size_t k = 0;
        {
          std::unique_lock lock(mutex);
          progress.wait(lock, [&] { return failed || next_claim < next_write + window; });
          if (failed || next_claim >= chunks) return;
          k = next_claim++;
        }
        text.clear();
        format(k, text);
        std::unique_lock lock(mutex);
        slots[k % window].swap(text);
        ready[k % window] = 1;
        if (writing) continue;  // the thread writing now will reach chunk k
        writing = true;
        while (!failed && next_write < chunks && ready[next_write % window] != 0) {
          std::string& slot = slots[next_write % window];
          lock.unlock();
          write(static_cast<const std::string&>(slot));
          lock.lock();
          ready[next_write % window] = 0;
          ++next_write;
          progress.notify_all();
        }
        writing = false;
      }
    } catch (...) {
      const std::lock_guard lock(mutex);
      failed = true;
      writing = false;
      progress.notify_all();
      throw;
    }
  });
}

}  // namespace citegraph::parallel
