// The command line: Program_options straight into a Config (OSRM style). Usage errors throw
// UsageError, which main maps to exit status 1.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "citegraph/pipeline/config.hpp"

namespace citegraph::app {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Command {
  kAnalyze,
  kInspect,
  kCocite,
  kOverlap,
  kCentrality,
  kDistributions,
  kBuild,
  kHelp,
  kVersion
};

using pipeline::InputSpec;

// The command line: which command, and the run it describes.
struct Config : pipeline::RunConfig {
  Command command = Command::kHelp;
  std::string help_text;  // filled for kHelp and `COMMAND --help`
  bool verbose = false;   // stderr: every file's issues with examples, not one line per reason
};

// Throws UsageError with a message that names the bad option or value.
Config parse_command_line(int argc, const char* const argv[]);

}  // namespace citegraph::app
