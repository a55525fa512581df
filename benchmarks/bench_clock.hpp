// What the benchmarks here time with: a steady clock, and the machine's load to print beside
// every figure (the machines are shared, and a figure means little without the load it ran at).
#pragma once

#include <chrono>
#include <fstream>
#include <string>

namespace bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The 1- and 5-minute load averages as /proc/loadavg gives them: "1.23/1.45".
inline std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  std::string five;
  in >> one >> five;
  return one + "/" + five;
}

}  // namespace bench
