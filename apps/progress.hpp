// Progress and notes for a person at a terminal: on stderr, and only when stderr is a
// terminal and --quiet is off. Data never goes to stderr.
#pragma once

#include <string>

namespace citegraph::app {

class Progress {
 public:
  explicit Progress(bool quiet);
  // A transient status line, overwritten by the next one.
  void status(const std::string& text);
  // Clears the status line.
  void done();
  [[nodiscard]] bool enabled() const { return enabled_; }

 private:
  bool enabled_;
  bool shown_ = false;
};

}  // namespace citegraph::app
