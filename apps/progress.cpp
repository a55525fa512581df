#include "apps/progress.hpp"

#include <cstdio>

#include <unistd.h>

#include "citegraph/graph/error.hpp"

namespace citegraph::app {

Progress::Progress(bool quiet) : quiet_(quiet), enabled_(!quiet && isatty(STDERR_FILENO) == 1) {}

void Progress::status(const std::string& text) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[K%s", escape_controls(text).c_str());
  std::fflush(stderr);
  shown_ = true;
}

void Progress::done() {
  if (!enabled_ || !shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

void Progress::note(const std::string& text) {
  if (quiet_) return;
  done();
  std::fprintf(stderr, "%s\n", escape_controls(text).c_str());
}

}  // namespace citegraph::app
