// Private to the library (graph/, analysis/, pipeline/): the one thread team and thread-count
// rule of every parallel pass (the graph's build and transpose, snapshot checks, centrality
// kernels, the pair engine). Not installed.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
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

}  // namespace citegraph::parallel
