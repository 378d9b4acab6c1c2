#include "app/slot_runner.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "app/stored_traffic.hpp"
#include "capture/paced_source.hpp"
#include "capture/pcap_source.hpp"
#include "core/link_type.hpp"
#include "core/thread_name.hpp"
#include "dpi/risks.hpp"
#include "query/dpi_names.hpp"

namespace netmeter::app {

namespace {

constexpr int kFileAnalysisNice = 5;

/// Where slot `id` numbers its flows from: after what its earlier runs stored (and what an earlier slot of
/// the same id queued), so that past flows of two runs never share an id. 1 when the store cannot say.
uint64_t first_flow_number(history::ExportQueue& history, uint32_t id) {
  try {
    return history.next_flow_number(static_cast<uint16_t>(id));
  } catch (const history::HistoryError& e) {
    spdlog::warn("slot {}: the history store cannot say which flow ids it holds ({}); ids start at 1", id,
                 e.what());
    return 1;
  }
}

}  // namespace

std::string capture_display_name(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  return name.empty() ? "capture" : name;
}

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
  SlotOptions named = options;
  if (named.display_name.empty())
    named.display_name = is_file ? capture_display_name(source_name) : source_name;
  std::unique_ptr<capture::PacketSource> source = std::move(opened.source);
  if (is_file && options.replay_speed > 0)
    source = std::make_unique<capture::PacedSource>(std::move(source), options.replay_speed);
  return open_source(id, std::move(source), config, error, named);
}

std::unique_ptr<SlotRunner> SlotRunner::open_source(uint32_t id,
                                                    std::unique_ptr<capture::PacketSource> source,
                                                    const engine::EngineConfig& config, std::string& error,
                                                    const SlotOptions& options) {
  bool is_file = !source->is_live();
  engine::EngineConfig slot_config = config;
  slot_config.flows.expire_idle = !is_file;
  // A file is analysed as fast as the machine allows, but never at the API's expense; live traffic
  // keeps normal priority (lowering it could cost packets).
  slot_config.thread_nice = is_file ? kFileAnalysisNice : 0;
  slot_config.stats.thread_nice = slot_config.thread_nice;
  slot_config.stats.expire_idle = !is_file;
  if (options.history) slot_config.first_flow_number = first_flow_number(*options.history, id);
  auto created = engine::Engine::create(slot_config);
  if (!created.engine) {
    error = created.error;
    return nullptr;
  }
  std::unique_ptr<SlotRunner> slot(new SlotRunner());
  slot->id_ = id;
  slot->name_ = options.display_name.empty() ? source->name() : options.display_name;
  slot->live_ = !is_file;
  slot->link_ = source->link_type();
  slot->source_ = std::move(source);
  slot->engine_ = std::move(created.engine);
  slot->info_ = {id, slot->name_, false};
  slot->started_unix_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  if (const stats::Aggregator* stats = slot->engine_->stats()) {
    slot->names_ = std::make_unique<query::DpiNames>(slot->engine_->names());
    slot->query_ = std::make_unique<query::QueryService>(*stats, *slot->names_, options.aliases);
    if (options.series.store) {
      slot->past_ = std::make_unique<StoredTraffic>(*options.series.store, static_cast<uint16_t>(id));
      slot->query_->set_past(slot->past_.get());
    }
  }
  slot->attach_observers(options, slot_config);
  if (!options.ring.root.empty() && (!is_file || options.ring.files || options.record_packets) &&
      !slot->open_ring_buffer(options.ring, error))
    return nullptr;
  return slot;
}

void SlotRunner::attach_observers(const SlotOptions& options, const engine::EngineConfig& config) {
  stats::Aggregator* stats = engine_->mutable_stats();
  if (!stats) return;
  if (options.alerts) {
    alerts_ = options.alerts->make_engine(id_);
    observers_.add(alerts_.get());
  }
  if (options.history) {
    history::FlowExporterConfig c{static_cast<uint16_t>(id_), options.history_periodic_s, config.stats.geo,
                                  [](uint64_t risk) { return dpi::risk_score(risk).total; }};
    c.lossless = !live_;  // as the file reader waits for its workers
    exporter_ = std::make_unique<history::FlowExporter>(*options.history, std::move(c));
    observers_.add(exporter_.get());  // after the alert engine: a delta's flow alerts are noted first
    if (alerts_)
      alerts_->set_flow_alert_tap([e = exporter_.get()](uint64_t flow_id, uint16_t type_id, uint32_t score) {
        e->note_alert(flow_id, type_id, score);
      });
  }
  if (options.series.queue) {
    history::RollupRecorderConfig c{static_cast<uint16_t>(id_), !live_};
    rollups_ = std::make_unique<history::RollupRecorder>(*stats, *options.series.queue, c);
    observers_.add(rollups_.get());
  }
  if (!observers_.empty()) stats->set_observer(&observers_);
}

SlotRunner::~SlotRunner() {
  stop();
  if (alerts_) alerts_->set_flow_alert_tap({});  // others may hold the engine: the exporter goes now
}

bool SlotRunner::open_ring_buffer(const RingBufferOptions& options, std::string& error) {
  ringbuffer::RecorderConfig c;
  c.directory = options.root + "/slot-" + std::to_string(id_);
  c.max_bytes = options.max_bytes;
  c.snaplen = options.snaplen;
  c.link = link_;
  c.linktype = engine::pcap_linktype_of(link_);
  c.dlt = engine::dlt_of(link_);
  c.lossless = !live_;
  if (options.clear_at_start) {
    std::error_code ec;
    std::filesystem::remove_all(c.directory, ec);
  }
  ringbuffer::AppResolver resolver;
  if (query_) {
    resolver = [q = query_.get()](const std::vector<core::FlowKey>& flows) {
      std::vector<ringbuffer::FlowApp> out;
      for (auto& a : q->flow_applications(flows))
        out.push_back({a.key, std::move(a.master), std::move(a.app)});
      return out;
    };
  }
  std::vector<std::string> notes;
  recorder_ = ringbuffer::RingRecorder::open(c, std::move(resolver), error, notes);
  for (const auto& n : notes)
    spdlog::warn("slot {} ring buffer: {}", id_, n);
  if (!recorder_) {
    error = "ring buffer of slot " + std::to_string(id_) + ": " + error;
    return false;
  }
  engine_->set_recorder(recorder_.get());
  return true;
}

void SlotRunner::delete_ring_buffer() {
  if (!recorder_) return;
  recorder_->finish();
  recorder_->clear();
  std::error_code ec;
  std::filesystem::remove_all(recorder_->config().directory, ec);
}

bool SlotRunner::suspend_ring_buffer(bool suspended) {
  if (!recorder_) return false;
  recorder_->set_suspended(suspended);
  return true;
}

void SlotRunner::start() {
  if (recorder_) recorder_->start();
  thread_ = std::thread([this] {
    core::set_thread_name("nm-reader");
    core::set_thread_nice(live_ ? 0 : kFileAnalysisNice);
    read();
  });
}

void SlotRunner::read() {
  auto summary = engine_->run(*source_, [this](const engine::RunProgress& p) { record(p); });
  if (recorder_) recorder_->finish();  // completes the last segment: the whole buffer is indexed
  if (!summary.error.empty())
    spdlog::warn("slot {} ({}): read error after {} packets: {}", id_, name_, summary.packets, summary.error);
  else if (!stopping_.load())
    spdlog::info("slot {} ({}): source ended after {} packets", id_, name_, summary.packets);
  {
    std::lock_guard lock(source_mutex_);
    source_.reset();
    read_error_ = summary.error;
  }
  // Stopping means the daemon shuts down: ending every flow would only delay it.
  if (!stopping_.load()) {
    engine_->retire();
    // What the slot freed (several MiB of nDPI module, flow table, queues) is scattered over the
    // allocator's arenas; hand the free pages back rather than keep them resident.
#ifdef __GLIBC__
    malloc_trim(0);
#endif
  }
  finished_.store(true);
}

void SlotRunner::stop() {
  stopping_.store(true);
  {
    std::lock_guard lock(source_mutex_);
    if (source_) source_->stop();
  }
  if (thread_.joinable()) thread_.join();
  // The daemon stops (or the slot is deleted) with flows still active: their last rows, from what the
  // statistics applied so far (the workers have ended: nothing more comes).
  if (exporter_) {
    if (stats::Aggregator* stats = engine_->mutable_stats()) stats->stop();
    exporter_->on_finish();
  }
}

void SlotRunner::record(const engine::RunProgress& p) {
  packets_read_.store(p.packets, std::memory_order_relaxed);
  if (p.position) {
    file_done_.store(p.position->bytes_done, std::memory_order_relaxed);
    file_total_.store(p.position->bytes_total, std::memory_order_relaxed);
  }
  kernel_drops_.store(p.source.kernel_drops, std::memory_order_relaxed);
  interface_drops_.store(p.source.interface_drops, std::memory_order_relaxed);
  if (alerts_) alerts_->note_interface({p.packets, p.source.kernel_drops + p.source.interface_drops});
  // A live interface's time is the wall clock's too: the capture-stalled check needs it when no packet
  // comes (a capture file's time is its packets').
  if (alerts_ && live_) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    alerts_->note_wall_clock(std::chrono::duration_cast<std::chrono::seconds>(now).count(), p.packets);
  }
}

api::SlotStatus SlotRunner::status() const {
  api::SlotStatus s;
  s.state = finished_.load() ? api::SlotStatus::State::finished : api::SlotStatus::State::running;
  s.live = live_;
  s.link_type = std::string(core::link_type_name(link_));
  s.packets_read = packets_read_.load(std::memory_order_relaxed);
  s.file_bytes_done = file_done_.load(std::memory_order_relaxed);
  s.file_bytes_total = file_total_.load(std::memory_order_relaxed);
  s.kernel_drops = kernel_drops_.load(std::memory_order_relaxed);
  s.interface_drops = interface_drops_.load(std::memory_order_relaxed);
  s.started_unix_ms = started_unix_ms_;
  return s;
}

bool SlotRunner::reset_statistics() {
  stats::Aggregator* stats = engine_->mutable_stats();
  if (!stats) return false;
  stats->reset();
  return true;
}

void SlotRunner::end_source() {
  std::lock_guard lock(source_mutex_);
  if (source_) source_->stop();
}

std::string SlotRunner::read_error() const {
  std::lock_guard lock(source_mutex_);
  return read_error_;
}

bool SlotRunner::reap() {
  if (!finished_.load()) return false;
  if (thread_.joinable()) thread_.join();
  return true;
}

}  // namespace netmeter::app
