// Private to the library (analysis/, pipeline/): the thread team of graph/thread_team.hpp and the
// ordered chunk writer of the big tables. Not installed.
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

#include "graph/thread_team.hpp"

namespace citegraph::parallel {

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
