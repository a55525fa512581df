// Progress and notes for a person at a terminal: on stderr, and only when stderr is a
// terminal and --quiet is off. Data never goes to stderr.
#pragma once

#include <string>

#include "citegraph/pipeline/config.hpp"

namespace citegraph::app {

class Progress : public pipeline::Reporter {
 public:
  explicit Progress(bool quiet);
  // A transient status line, overwritten by the next one (terminal only).
  void status(const std::string& text) override;
  // Clears the status line.
  void done() override;
  // A line on stderr unless --quiet (also when stderr is not a terminal).
  void note(const std::string& text) override;
  [[nodiscard]] bool enabled() const { return enabled_; }

 private:
  bool quiet_;
  bool enabled_;
  bool shown_ = false;
};

}  // namespace citegraph::app
