// citegraph: the command line. Thin: options -> config -> library calls -> writers; main maps
// exceptions to the documented exit statuses.
#include <cstdio>
#include <exception>
#include <new>

#include "apps/commands.hpp"
#include "apps/options.hpp"
#include "citegraph/graph/error.hpp"
#include "citegraph/version.hpp"

namespace {

constexpr int kExitUsage = 1;
constexpr int kExitInput = 2;
constexpr int kExitOutput = 3;
constexpr int kExitInternal = 4;

int run(int argc, char** argv) {
  using namespace citegraph::app;
  const Config config = parse_command_line(argc, argv);
  switch (config.command) {
    case Command::kHelp:
      std::fputs(config.help_text.c_str(), stdout);
      return 0;
    case Command::kVersion:
      std::printf("citegraph %s\n", CITEGRAPH_VERSION);
      return 0;
    case Command::kAnalyze:
      return run_analyze(config);
    case Command::kInspect:
      return run_inspect(config);
    case Command::kBuild:
      return run_build(config);
    case Command::kCocite:
    case Command::kOverlap:
    case Command::kCentrality:
    case Command::kDistributions:
      return run_one_pass(config);
  }
  return kExitInternal;
}

}  // namespace

int main(int argc, char** argv) try {
  const int status = run(argc, argv);
  if (std::fflush(stdout) != 0) {
    std::fprintf(stderr, "citegraph: error: cannot write to standard output\n");
    return kExitOutput;
  }
  return status;
} catch (const citegraph::app::UsageError& e) {
  std::fprintf(stderr, "citegraph: %s\n", citegraph::escape_controls(e.what()).c_str());
  return kExitUsage;
} catch (const citegraph::InvalidArgument& e) {
  std::fprintf(stderr, "citegraph: %s\n", citegraph::escape_controls(e.what()).c_str());
  return kExitUsage;
} catch (const citegraph::ParseError& e) {
  std::fprintf(stderr, "citegraph: error: %s\n", e.what());
  return kExitInput;
} catch (const citegraph::IoError& e) {
  std::fprintf(stderr, "citegraph: error: %s\n", citegraph::escape_controls(e.what()).c_str());
  return e.direction() == citegraph::IoError::Direction::kInput ? kExitInput : kExitOutput;
} catch (const std::bad_alloc&) {
  std::fprintf(stderr, "citegraph: internal error: out of memory\n");
  return kExitInternal;
} catch (const std::exception& e) {
  std::fprintf(stderr, "citegraph: internal error: %s\n", e.what());
  return kExitInternal;
}
