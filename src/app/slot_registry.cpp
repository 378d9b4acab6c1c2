#include "app/slot_registry.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>

#include "app/tap_stream.hpp"
#include "capture/capture_check.hpp"

namespace netmeter::app {

namespace {

namespace fs = std::filesystem;

std::string upload_file_name(uint32_t id, const std::string& display_name) {
  bool pcapng = display_name.ends_with(".pcapng");
  return "slot-" + std::to_string(id) + (pcapng ? ".pcapng" : ".pcap");
}

}  // namespace

SlotRegistry::SlotRegistry(SlotRegistryConfig config) : config_(std::move(config)) {}

SlotRegistry::~SlotRegistry() {
  stop_all();
}

bool SlotRegistry::add_source(const std::string& source, std::string& error) {
  std::lock_guard lock(mutex_);
  if (slots_.size() >= config_.max_slots) {
    error = "more sources than --max-slots (" + std::to_string(config_.max_slots) + ")";
    return false;
  }
  uint32_t id = slots_.empty() ? 0 : slots_.rbegin()->first + 1;
  auto runner = SlotRunner::open(id, source, config_.engine, error, config_.file_options);
  if (!runner) return false;
  slots_[id] = Entry{std::move(runner), {}};
  return true;
}

void SlotRegistry::start_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, entry] : slots_) {
    entry.runner->start();
    spdlog::info("slot {}: analysing {}", id, entry.runner->name());
  }
}

void SlotRegistry::reap_locked() const {
  for (const auto& [id, entry] : slots_)
    entry.runner->reap();
}

std::vector<api::SlotInfo> SlotRegistry::list() const {
  std::lock_guard lock(mutex_);
  reap_locked();
  std::vector<api::SlotInfo> out;
  for (const auto& [id, entry] : slots_)
    out.push_back({id, entry.runner->name(), !entry.upload_path.empty()});
  return out;
}

std::shared_ptr<api::SlotData> SlotRegistry::data(uint32_t id) {
  std::lock_guard lock(mutex_);
  reap_locked();
  auto it = slots_.find(id);
  if (it == slots_.end()) return nullptr;
  return it->second.runner;
}

uint32_t SlotRegistry::free_id_locked() const {
  uint32_t id = 1;  // slot 0 is the first -i source, even when there is none
  while (slots_.contains(id))
    ++id;
  return id;
}

std::optional<api::SlotControl::Added> SlotRegistry::refusal_locked(std::optional<uint32_t> wanted_id) const {
  if (wanted_id && slots_.contains(*wanted_id))
    return Added{std::nullopt, 409, "slot " + std::to_string(*wanted_id) + " is in use"};
  if (slots_.size() >= config_.max_slots) {
    return Added{std::nullopt, 503,
                 "no free analysis slot: all " + std::to_string(config_.max_slots) +
                     " are in use (netmeter run --max-slots); slots are not removed while the daemon runs"};
  }
  return std::nullopt;
}

std::optional<api::SlotControl::Added> SlotRegistry::refuse_upload(std::optional<uint32_t> wanted_id) const {
  std::lock_guard lock(mutex_);
  return refusal_locked(wanted_id);
}

api::SlotControl::Added SlotRegistry::add_upload(const std::string& path, const std::string& display_name,
                                                 std::optional<uint32_t> wanted_id) {
  std::lock_guard lock(mutex_);
  reap_locked();
  std::error_code ec;
  // Answers name no server path: the file lives in the data directory.
  auto refuse = [&](int status, std::string message) {
    fs::remove(path, ec);
    return Added{std::nullopt, status, std::move(message)};
  };
  if (auto refused = refusal_locked(wanted_id)) return refuse(refused->status, std::move(refused->error));
  if (auto check = capture::check_capture_file(path); !check.ok)
    return refuse(400, "not an analysable capture: " + check.problem);
  uint32_t id = wanted_id.value_or(free_id_locked());
  fs::path kept = fs::path(config_.upload_directory) / upload_file_name(id, display_name);
  fs::rename(path, kept, ec);
  if (ec) return refuse(500, "cannot keep the uploaded file");
  std::string error;
  SlotOptions options;
  options.display_name = capture_display_name(display_name);  // uploads are analysed at full speed
  options.aliases = config_.file_options.aliases;
  auto runner = SlotRunner::open(id, kept.string(), config_.upload_engine, error, options);
  if (!runner) {
    spdlog::error("slot {}: cannot analyse uploaded {}: {}", id, display_name, error);
    fs::remove(kept, ec);
    return {std::nullopt, 500, "cannot start the analysis of the uploaded capture"};
  }
  runner->start();
  spdlog::info("slot {}: analysing uploaded {} ({})", id, display_name, kept.string());
  runner->set_uploaded(true);
  slots_[id] = Entry{std::move(runner), kept.string()};
  return {id, 0, {}};
}

api::SlotControl::Opened SlotRegistry::open_stream(uint32_t id, const std::string& bpf, size_t ring_bytes) {
  std::lock_guard lock(mutex_);
  reap_locked();
  auto it = slots_.find(id);
  if (it == slots_.end()) return {nullptr, 404, "no slot " + std::to_string(id)};
  SlotRunner& slot = *it->second.runner;
  auto subscribed = slot.engine().tap().subscribe(bpf, slot.link_type(), ring_bytes);
  if (!subscribed.subscriber) return {nullptr, subscribed.busy ? 503 : 400, subscribed.error};
  return {std::make_unique<TapStream>(std::move(subscribed.subscriber),
                                      engine::pcap_linktype_of(slot.link_type())),
          0,
          {}};
}

void SlotRegistry::end_streams() {
  std::lock_guard lock(mutex_);
  for (auto& [id, entry] : slots_)
    entry.runner->engine().tap().end();
}

void SlotRegistry::stop_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, entry] : slots_)
    entry.runner->stop();
  for (auto& [id, entry] : slots_) {
    if (entry.upload_path.empty()) continue;
    std::error_code ec;
    fs::remove(entry.upload_path, ec);
  }
  slots_.clear();
}

bool SlotRegistry::clean_upload_directory(const std::string& directory, std::string& error) {
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec || !fs::is_directory(directory)) {
    error = ec ? ec.message() : "not a directory";
    return false;
  }
  ::chmod(directory.c_str(), 0700);
  for (const auto& entry : fs::directory_iterator(directory, ec)) {
    std::error_code ignored;
    if (entry.is_regular_file(ignored)) fs::remove(entry.path(), ignored);
  }
  return true;
}

}  // namespace netmeter::app
