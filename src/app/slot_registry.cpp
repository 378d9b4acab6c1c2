#include "app/slot_registry.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <charconv>
#include <filesystem>

#include "app/tap_stream.hpp"
#include "capture/capture_check.hpp"
#include "ringbuffer/ring_source.hpp"

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
  remove_stale_ring_buffers_locked();
  for (auto& [id, entry] : slots_) {
    entry.runner->start();
    spdlog::info("slot {}: analysing {}", id, entry.runner->name());
  }
}

void SlotRegistry::reap_locked() const {
  for (const auto& [id, entry] : slots_)
    if (entry.runner) entry.runner->reap();
}

std::vector<api::SlotInfo> SlotRegistry::list() const {
  std::lock_guard lock(mutex_);
  reap_locked();
  std::vector<api::SlotInfo> out;
  for (const auto& [id, entry] : slots_)
    if (entry.runner) out.push_back({id, entry.runner->name(), !entry.upload_path.empty() || entry.upload});
  return out;
}

std::shared_ptr<api::SlotData> SlotRegistry::data(uint32_t id) {
  std::lock_guard lock(mutex_);
  reap_locked();
  auto it = slots_.find(id);
  if (it == slots_.end()) return nullptr;
  return it->second.runner;  // null while a three-step slot waits for its upload
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
    return Added{
        std::nullopt, 503,
        "no free analysis slot: all " + std::to_string(config_.max_slots) +
            " are in use (netmeter run --max-slots); delete one with DELETE /API/data/pcap?mm-id=:N"};
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
  options.alerts = config_.file_options.alerts;
  options.history = config_.file_options.history;
  options.history_periodic_s = config_.file_options.history_periodic_s;
  options.series = config_.file_options.series;
  options.ring = upload_ring_options();
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
  if (it == slots_.end() || !it->second.runner) return {nullptr, 404, "no slot " + std::to_string(id)};
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
    if (entry.runner) entry.runner->engine().tap().end();
}

void SlotRegistry::stop_all() {
  std::vector<std::thread> starters;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, entry] : slots_) {
      if (!entry.upload) continue;
      entry.upload->cancelled = true;
      if (entry.upload->opening) entry.upload->opening->stop();
      if (entry.upload->starter.joinable()) starters.push_back(std::move(entry.upload->starter));
    }
  }
  for (auto& t : starters)  // outside the lock: a starter takes it to hand over its source
    t.join();
  std::lock_guard lock(mutex_);
  for (auto& [id, entry] : slots_)
    if (entry.runner) entry.runner->stop();
  for (auto& [id, entry] : slots_) {
    if (entry.upload_path.empty() && !entry.upload && !entry.replay) continue;
    if (entry.runner) entry.runner->delete_ring_buffer();  // an upload's buffer goes with its file
    if (entry.upload_path.empty()) continue;
    std::error_code ec;
    fs::remove(entry.upload_path, ec);
  }
  slots_.clear();
}

api::SlotControl::Added SlotRegistry::replay_ring_buffer(uint32_t from, ringbuffer::ExtractRequest request,
                                                         std::optional<uint32_t> wanted_id,
                                                         const Actor& actor) {
  std::lock_guard lock(mutex_);
  reap_locked();
  auto it = slots_.find(from);
  if (it == slots_.end() || !it->second.runner) return {std::nullopt, 404, "no slot " + std::to_string(from)};
  std::shared_ptr<SlotRunner> recording = it->second.runner;
  const ringbuffer::RingRecorder* recorder = recording->ring_buffer();
  if (!recorder) return {std::nullopt, 404, "slot " + std::to_string(from) + " has no ring buffer"};
  if (wanted_id && *wanted_id == 0) return {std::nullopt, 409, "slot 0 is not a replay slot"};
  if (auto refused = refusal_locked(wanted_id)) return *refused;
  const uint32_t id = wanted_id.value_or(free_id_locked());
  std::string name = "ringbuffer of slot " + std::to_string(from);
  auto source = std::make_unique<ringbuffer::RingSource>(recording, *recorder, std::move(request), name);
  if (!source->error().empty()) return {std::nullopt, 400, "bpf: " + source->error()};
  SlotOptions options;
  options.display_name = "ringbuffer-slot" + std::to_string(from);
  options.aliases = config_.file_options.aliases;
  options.alerts = config_.file_options.alerts;
  options.history = config_.file_options.history;
  options.history_periodic_s = config_.file_options.history_periodic_s;
  options.series = config_.file_options.series;
  options.ring = upload_ring_options();
  std::string error;
  auto runner = SlotRunner::open_source(id, std::move(source), config_.upload_engine, error, options);
  if (!runner) {
    spdlog::error("slot {}: cannot replay the ring buffer of slot {}: {}", id, from, error);
    return {std::nullopt, 500, "cannot start the replay"};
  }
  runner->start();
  spdlog::info("slot {}: replaying the ring buffer of slot {} for {}", id, from, actor.user);
  Entry entry{std::move(runner), {}};
  entry.owner = actor.user;
  entry.replay = true;
  slots_[id] = std::move(entry);
  return {id, 0, {}};
}

RingBufferOptions SlotRegistry::upload_ring_options() const {
  RingBufferOptions ring = config_.file_options.ring;
  ring.clear_at_start = true;  // an id may have served an earlier upload
  return ring;
}

void SlotRegistry::remove_stale_ring_buffers_locked() const {
  const std::string& root = config_.file_options.ring.root;
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string name = e.path().filename().string();
    if (!name.starts_with("slot-")) continue;
    uint32_t id = 0;
    auto digits = std::string_view(name).substr(5);
    auto [p, err] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    bool ours = err == std::errc() && p == digits.data() + digits.size() && slots_.count(id);
    if (!ours) {
      spdlog::info("ring buffer {}: removed (no such -i slot: an upload's buffer of an earlier run)", name);
      fs::remove_all(e.path(), ec);
    }
  }
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

// ---- Three-step uploads, stop and delete (issue 11) ----

namespace netmeter::app {

SlotRegistry::Entry* SlotRegistry::owned_locked(uint32_t id, const Actor& actor, Added& refusal) {
  auto it = slots_.find(id);
  if (it == slots_.end()) {
    refusal = {std::nullopt, 404, "no slot " + std::to_string(id)};
    return nullptr;
  }
  if (!actor.admin && (it->second.owner.empty() || it->second.owner != actor.user)) {
    refusal = {std::nullopt, 403, "slot " + std::to_string(id) + " belongs to another user"};
    return nullptr;
  }
  return &it->second;
}

api::SlotControl::Added SlotRegistry::prepare_upload(const UploadSpec& spec, const Actor& actor) {
  std::lock_guard lock(mutex_);
  reap_locked();
  std::optional<uint32_t> wanted = spec.slot_id;
  if (wanted && *wanted == 0) {
    if (spec.force_slot_id) return {std::nullopt, 409, "slot 0 is not an upload slot"};
    wanted.reset();
  }
  if (wanted && slots_.contains(*wanted) && !spec.force_slot_id) wanted.reset();
  if (auto refused = refusal_locked(wanted)) return *refused;
  uint32_t id = wanted.value_or(free_id_locked());
  Entry entry;
  entry.owner = actor.user;
  entry.upload = std::make_unique<Upload>();
  entry.upload->spec = spec;
  slots_[id] = std::move(entry);
  spdlog::info("slot {}: prepared for upload of {} ({} bytes) by {}", id, spec.file_name, spec.file_size,
               actor.user);
  return {id, 0, {}};
}

api::SlotControl::Added SlotRegistry::start_upload(uint32_t id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  Added refusal;
  Entry* entry = owned_locked(id, actor, refusal);
  if (!entry) return refusal;
  if (!entry->upload) return {std::nullopt, 409, "slot " + std::to_string(id) + " is not a prepared upload"};
  if (entry->upload->stop_requested || entry->upload->cancelled)
    return {std::nullopt, 409, "slot " + std::to_string(id) + " was stopped"};
  entry->upload->armed = true;  // starting twice is harmless
  return {id, 0, {}};
}

api::SlotControl::Streamed SlotRegistry::stream_upload(uint32_t id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  auto it = slots_.find(id);
  if (it == slots_.end() || !it->second.upload) return {};  // today's one-shot upload
  Added refusal;
  Entry* entry = owned_locked(id, actor, refusal);
  if (!entry) return {true, nullptr, refusal.status, refusal.error};
  Upload& up = *entry->upload;
  std::string slot = "slot " + std::to_string(id);
  if (!up.armed)
    return {true, nullptr, 409,
            slot + " is prepared but not started: POST /API/data/pcap?mm-id=:" + std::to_string(id) +
                " {\"command\":\"start\"} first"};
  if (up.progress || up.stop_requested || up.cancelled)
    return {true, nullptr, 409, slot + " has received its upload already"};
  up.progress = std::make_shared<core::GrowingFile>();
  capture::GrowingFileOptions options;
  options.name = up.spec.file_name;
  options.expected_bytes = up.spec.file_size;
  options.idle_timeout = config_.upload_idle_timeout;
  options.bytes_read = up.bytes_read;
  auto source = std::make_unique<capture::GrowingFileSource>(up.progress, std::move(options));
  up.opening = source.get();
  Upload* raw = &up;
  up.starter = std::thread(
      [this, id, raw, source = std::move(source)]() mutable { start_streamed(id, raw, std::move(source)); });
  return {true, up.progress, 0, {}};
}

void SlotRegistry::start_streamed(uint32_t id, Upload* upload,
                                  std::unique_ptr<capture::GrowingFileSource> source) {
  std::string error = source->open();  // waits for the capture's header, without the lock
  std::lock_guard lock(mutex_);
  // The entry outlives this thread: delete_slot and stop_all join it before removing the entry.
  upload->opening = nullptr;
  if (upload->cancelled) return;
  if (!error.empty()) {
    upload->failure = source->stopped() ? "stopped before the capture began" : error;
    spdlog::warn("slot {}: upload {} not analysed: {}", id, upload->spec.file_name, upload->failure);
    return;
  }
  SlotOptions options;
  options.display_name = capture_display_name(upload->spec.file_name);
  options.aliases = config_.file_options.aliases;
  options.alerts = config_.file_options.alerts;
  options.history = config_.file_options.history;
  options.history_periodic_s = config_.file_options.history_periodic_s;
  options.series = config_.file_options.series;
  options.record_packets = upload->spec.record_packets;
  options.ring = upload_ring_options();
  auto runner = SlotRunner::open_source(id, std::move(source), config_.upload_engine, error, options);
  if (!runner) {
    upload->failure = "cannot start the analysis: " + error;
    spdlog::error("slot {}: {}", id, upload->failure);
    return;
  }
  runner->set_uploaded(true);
  runner->start();
  if (upload->stop_requested) runner->end_source();
  spdlog::info("slot {}: analysing {} while it is uploaded", id, upload->spec.file_name);
  slots_[id].runner = std::move(runner);
}

api::SlotControl::Added SlotRegistry::finish_stream(uint32_t id, const std::string& path,
                                                    const core::GrowingFile* progress) {
  std::lock_guard lock(mutex_);
  auto it = slots_.find(id);
  if (it == slots_.end() || !it->second.upload || it->second.upload->progress.get() != progress)
    return {};  // not this upload's slot (deleted meanwhile)
  if (path.empty()) return {std::nullopt, 400, "no file in the upload"};
  // The analysis reads through its own descriptor: renaming does not disturb it.
  fs::path kept =
      fs::path(config_.upload_directory) / upload_file_name(id, it->second.upload->spec.file_name);
  std::error_code ec;
  fs::rename(path, kept, ec);
  if (ec) return {std::nullopt, 500, "cannot keep the uploaded file"};
  it->second.upload_path = kept.string();
  return {id, 0, {}};
}

void SlotRegistry::set_owner(uint32_t id, const std::string& owner) {
  std::lock_guard lock(mutex_);
  if (auto it = slots_.find(id); it != slots_.end() && it->second.owner.empty()) it->second.owner = owner;
}

api::SlotControl::Added SlotRegistry::stop_slot(uint32_t id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  Added refusal;
  Entry* entry = owned_locked(id, actor, refusal);
  if (!entry) return refusal;
  entry->stopped = true;
  if (entry->upload) {
    entry->upload->stop_requested = true;
    if (entry->upload->opening) entry->upload->opening->stop();
    if (entry->upload->progress) entry->upload->progress->wake();
  }
  if (entry->runner) entry->runner->end_source();
  return {id, 0, {}};
}

api::SlotControl::Added SlotRegistry::delete_slot(uint32_t id, const Actor& actor) {
  if (id == 0) return {std::nullopt, 409, "slot 0 is the daemon's first source: not deletable"};
  std::thread starter;
  {
    std::lock_guard lock(mutex_);
    Added refusal;
    Entry* entry = owned_locked(id, actor, refusal);
    if (!entry) return refusal;
    if (id == 0 || (!entry->upload && entry->upload_path.empty() && !entry->replay))
      return {std::nullopt, 409,
              "slot " + std::to_string(id) + " analyses a source of the daemon (-i): not deletable"};
    if (entry->upload) {
      entry->upload->cancelled = true;
      if (entry->upload->opening) entry->upload->opening->stop();
      starter = std::move(entry->upload->starter);
    }
  }
  if (starter.joinable()) starter.join();  // it takes the lock to hand its source over
  std::shared_ptr<SlotRunner> runner;
  {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(id);
    if (it == slots_.end()) return {id, 0, {}};  // deleted meanwhile by another request
    runner = std::move(it->second.runner);
    if (!it->second.upload_path.empty()) {
      std::error_code ec;
      fs::remove(it->second.upload_path, ec);
    }
    slots_.erase(it);
  }
  // API calls still holding the slot's data keep it until they end; its thread ends now.
  if (runner) {
    runner->stop();
    runner->delete_ring_buffer();
  }
  if (config_.file_options.alerts) config_.file_options.alerts->forget_slot(id);  // its past alerts too
  spdlog::info("slot {}: deleted by {}", id, actor.user);
  return {id, 0, {}};
}

std::string SlotRegistry::state_of(const Entry& entry) {
  const Upload* up = entry.upload.get();
  if (up && !entry.runner) {
    if (!up->failure.empty()) return up->stop_requested ? "stopped" : "failed";
    if (up->stop_requested) return "stopped";
    if (!up->armed) return "prepared";
    if (!up->progress) return "waiting";
    // The body is whole but the runner not made yet: the analysis is about to read it.
    return up->progress->snapshot().state == core::GrowingFile::State::complete ? "analysing" : "receiving";
  }
  if (!entry.runner) return "failed";
  bool finished = entry.runner->status().state == api::SlotStatus::State::finished;
  if (finished) {
    if (entry.stopped) return "stopped";
    if (!entry.runner->read_error().empty()) return "failed";
    return "finished";
  }
  if (up && up->progress && up->progress->snapshot().state == core::GrowingFile::State::growing)
    return "receiving";
  return "analysing";
}

std::vector<api::SlotControl::UploadStatus> SlotRegistry::upload_status() const {
  std::lock_guard lock(mutex_);
  reap_locked();
  std::vector<UploadStatus> out;
  for (const auto& [id, entry] : slots_) {
    UploadStatus u;
    u.id = id;
    u.state = state_of(entry);
    u.owner = entry.owner;
    u.uploaded = entry.upload || !entry.upload_path.empty();
    api::SlotStatus st;
    if (entry.runner) st = entry.runner->status();
    if (const Upload* up = entry.upload.get()) {
      u.file_name = up->spec.file_name;
      u.file_size = up->spec.file_size;
      u.record_packets = up->spec.record_packets;
      if (up->progress) u.bytes_received = up->progress->snapshot().bytes;
      u.bytes_analysed = up->bytes_read->load(std::memory_order_relaxed);
      u.error = up->failure;
    } else {
      u.file_name = entry.runner ? entry.runner->name() : std::string();
      u.file_size = st.file_bytes_total;
      u.bytes_received = entry.upload_path.empty() ? 0 : st.file_bytes_total;
      u.bytes_analysed = st.file_bytes_done;
    }
    if (entry.runner && u.error.empty() && u.state == "failed") u.error = entry.runner->read_error();
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace netmeter::app
