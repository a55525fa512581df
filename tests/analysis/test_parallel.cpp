// The thread team and the ordered chunk writer (support/thread_team.hpp): chunk order kept under
// any thread count and any formatting delays; the first failure stops the rest and is rethrown.
#include <chrono>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "support/thread_team.hpp"

namespace citegraph::parallel {

TEST_CASE("ordered_chunks writes every chunk once, in order, for 1 to 4 threads") {
  for (const unsigned threads : {1u, 2u, 3u, 4u}) {
    for (const std::size_t chunks :
         {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{97}}) {
      CAPTURE(threads);
      CAPTURE(chunks);
      std::vector<std::string> written;
      ordered_chunks(
          threads, chunks,
          [](std::size_t k, std::string& text) {
            CHECK(text.empty());
            // Uneven work so that chunks finish out of order.
            std::this_thread::sleep_for(std::chrono::microseconds((k * 7919) % 13 * 50));
            text = "chunk " + std::to_string(k);
          },
          [&written](const std::string& text) { written.push_back(text); });
      REQUIRE(written.size() == chunks);
      for (std::size_t k = 0; k < chunks; ++k) CHECK(written[k] == "chunk " + std::to_string(k));
    }
  }
}

TEST_CASE("ordered_chunks: a failure in format or write stops the run and is rethrown") {
  for (const unsigned threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    std::size_t written = 0;
    CHECK_THROWS_WITH_AS(ordered_chunks(
                             threads, 1000,
                             [](std::size_t k, std::string& text) {
                               if (k == 40) throw std::runtime_error("chunk 40 failed");
                               text = std::to_string(k);
                             },
                             [&written](const std::string&) { ++written; }),
                         "chunk 40 failed", std::runtime_error);
    CHECK(written <= 40);  // nothing after the failed chunk is written
    std::size_t formatted = 0;
    CHECK_THROWS_WITH_AS(ordered_chunks(
                             threads, 1000,
                             [&formatted](std::size_t, std::string& text) {
                               ++formatted;
                               text = "x";
                             },
                             [](const std::string&) { throw std::runtime_error("disk full"); }),
                         "disk full", std::runtime_error);
    CHECK(formatted < 1000);  // the writer's failure stopped the formatting
  }
}

}  // namespace citegraph::parallel
