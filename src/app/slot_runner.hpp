#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "capture/packet_source.hpp"
#include "engine/engine.hpp"

namespace netmeter::app {

struct SlotOptions {
  double replay_speed = 0;   ///< files only: > 0 replays at the file's pace times this factor
  std::string display_name;  ///< name shown by the API; empty: the source name
};

/// One analysis slot of the daemon: a source (live interface or capture file) read by its own engine on
/// its own thread until the source ends or stop() is called. A finished file slot keeps its statistics.
class SlotRunner {
 public:
  /// Opens `source_name` (an existing file is read as a capture, anything else is a live interface) and
  /// creates the engine; nullptr with `error` set on failure.
  static std::unique_ptr<SlotRunner> open(uint32_t id, const std::string& source_name,
                                          const engine::EngineConfig& config, std::string& error,
                                          const SlotOptions& options = {});
  ~SlotRunner();

  void start();
  /// Stops reading and joins the thread. Idempotent.
  void stop();

  uint32_t id() const { return id_; }
  const std::string& name() const { return name_; }
  bool is_live() const { return live_; }
  core::LinkType link_type() const { return link_; }
  engine::Engine& engine() { return *engine_; }

 private:
  SlotRunner() = default;

  uint32_t id_ = 0;
  std::string name_;
  bool live_ = false;
  core::LinkType link_ = core::LinkType::Ethernet;
  std::unique_ptr<capture::PacketSource> source_;
  std::unique_ptr<engine::Engine> engine_;
  std::thread thread_;
};

}  // namespace netmeter::app
