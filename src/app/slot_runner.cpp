#include "app/slot_runner.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "capture/paced_source.hpp"
#include "capture/pcap_source.hpp"

namespace netmeter::app {

std::unique_ptr<SlotRunner> SlotRunner::open(uint32_t id, const std::string& source_name,
                                             const engine::EngineConfig& config, std::string& error,
                                             const SlotOptions& options) {
  std::error_code ec;
  bool is_file = std::filesystem::is_regular_file(source_name, ec);
  auto opened = is_file ? capture::PcapSource::open_file(source_name)
                        : capture::PcapSource::open_live(source_name, capture::LiveOptions{});
  if (!opened.source) {
    error = opened.error;
    return nullptr;
  }
  engine::EngineConfig slot_config = config;
  slot_config.flows.expire_idle = !is_file;
  slot_config.stats.expire_idle = !is_file;
  auto created = engine::Engine::create(slot_config);
  if (!created.engine) {
    error = created.error;
    return nullptr;
  }
  std::unique_ptr<SlotRunner> slot(new SlotRunner());
  slot->id_ = id;
  slot->name_ = options.display_name.empty() ? source_name : options.display_name;
  slot->live_ = !is_file;
  slot->link_ = opened.source->link_type();
  if (is_file && options.replay_speed > 0)
    slot->source_ = std::make_unique<capture::PacedSource>(std::move(opened.source), options.replay_speed);
  else
    slot->source_ = std::move(opened.source);
  slot->engine_ = std::move(created.engine);
  return slot;
}

SlotRunner::~SlotRunner() {
  stop();
}

void SlotRunner::start() {
  thread_ = std::thread([this] {
    auto summary = engine_->run(*source_);
    if (!summary.error.empty())
      spdlog::warn("slot {} ({}): read error after {} packets: {}", id_, name_, summary.packets,
                   summary.error);
    else
      spdlog::info("slot {} ({}): source ended after {} packets", id_, name_, summary.packets);
  });
}

void SlotRunner::stop() {
  if (!thread_.joinable()) return;
  engine_->stop();
  thread_.join();
}

}  // namespace netmeter::app
