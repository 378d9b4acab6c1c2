#pragma once

#include <cstdint>
#include <string>

#include "engine/engine_config.hpp"

namespace netmeter::app {

struct AnalyzeOptions {
  std::string file;
  std::string interface;
  std::string bpf;
  std::string format = "text";
  std::string output;       ///< empty: standard output
  double replay_speed = 0;  ///< 0: as fast as possible
  bool promiscuous = true;
  int snaplen = 262144;
  double duration_s = 0;  ///< live: stop after this long (0: until interrupted)
  size_t top = 10;
  /// JSON report: rows per per-host list of the statistics (peers, ports, protocols, connections); 0: all.
  size_t host_list_limit = 1000;
  bool progress = true;
  engine::EngineConfig engine;
};

/// `netmeter analyze`: runs one source through the engine and prints the report. Returns the exit code.
int run_analyze(const AnalyzeOptions& options);

}  // namespace netmeter::app
