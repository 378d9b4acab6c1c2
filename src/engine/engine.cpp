#include "engine/engine.hpp"

#include <cassert>

#include "core/thread_name.hpp"
#include "engine/reader.hpp"

namespace netmeter::engine {

unsigned EngineConfig::resolved_workers() const {
  if (workers > 0) return workers;
  unsigned cores = std::thread::hardware_concurrency();
  return cores > 1 ? cores - 1 : 1;
}

Engine::Created Engine::create(const EngineConfig& config) {
  std::unique_ptr<Engine> engine(new Engine(config));
  unsigned n = config.resolved_workers();
  if (config.stats.enabled) {
    if (auto err = config.stats.entity_history.validate(); !err.empty()) return {nullptr, err};
    if (auto err = config.stats.global_history.validate(); !err.empty()) return {nullptr, err};
    engine->aggregator_ = std::make_unique<stats::Aggregator>(config.stats, n);
    engine->aggregator_->start();
  }
  stats::DeltaChannel* channel = engine->aggregator_ ? &engine->aggregator_->channel() : nullptr;
  for (unsigned i = 0; i < n; ++i) {
    auto classifier = dpi::Classifier::create(config.dpi);
    if (!classifier.classifier) return {nullptr, classifier.error};
    engine->workers_.push_back(
        std::make_unique<Worker>(config, std::move(classifier.classifier), channel, i));
  }
  engine->worker_count_ = n;
  engine->names_ = &engine->workers_.front()->classifier();
  return {std::move(engine), {}};
}

Engine::~Engine() = default;

RunSummary Engine::run(capture::PacketSource& source, const ProgressFn& progress) {
  assert(!retired_ && "run() after retire()");
  std::vector<Worker*> raw_workers;
  std::vector<std::thread> threads;
  for (auto& w : workers_) {
    raw_workers.push_back(w.get());
    w->set_flush_when_idle(source.realtime());
    threads.emplace_back([w = w.get(), nice = config_.thread_nice] {
      core::set_thread_name("nm-worker");
      core::set_thread_nice(nice);
      w->run();
    });
  }
  Reader reader(source.link_type(), raw_workers, source.is_live());
  running_.store(&source);

  RunSummary summary;
  capture::RawPacket raw;
  constexpr uint64_t kProgressEvery = 1 << 16;
  const bool live = source.is_live();
  int64_t progress_second = 0;
  for (;;) {
    capture::ReadStatus status = source.next(raw);
    if (status == capture::ReadStatus::Timeout) {
      reader.flush();  // an idle source: let the workers see what is queued, then publish their second
      for (Worker* w : raw_workers)
        w->note_source_idle();
      if (recorder_) recorder_->flush();
      // Idle is when the wall clock matters (a stalled capture): report progress, off the packet path.
      if (progress) progress({summary.packets, source.progress(), source.stats()});
      continue;
    }
    if (status == capture::ReadStatus::End) break;
    if (status == capture::ReadStatus::Error) {
      summary.error = source.error();
      break;
    }
    tap_.offer(raw);
    if (recorder_) recorder_->offer(raw);
    reader.dispatch(raw);
    // A live source also reports once per second of its (wall-clock) packet time: the capture-stalled
    // check must not take a busy interface whose 64 Ki packets take a while for a stalled one.
    ++summary.packets;
    bool new_second = live && raw.ts.seconds() != progress_second;
    if (progress && (summary.packets % kProgressEvery == 0 || new_second)) {
      progress_second = raw.ts.seconds();
      progress({summary.packets, source.progress(), source.stats()});
    }
  }
  running_.store(nullptr);
  if (recorder_) recorder_->flush();
  tap_.end();
  reader.send_end();
  for (auto& t : threads)
    t.join();
  if (progress) progress({summary.packets, source.progress(), source.stats()});

  reader_anomalies_ += reader.anomalies();
  queue_drops_ += reader.queue_drops();
  capture::SourceStats s = source.stats();
  source_stats_.kernel_drops += s.kernel_drops;
  source_stats_.interface_drops += s.interface_drops;
  return summary;
}

Results Engine::finish() {
  std::lock_guard lock(results_mutex_);
  return finish_locked();
}

Results Engine::finish_locked() {
  if (retired_) return retired_results_;
  Results all;
  for (auto& w : workers_)
    all.merge(w->finish());
  all.anomalies += reader_anomalies_;
  all.kernel_drops = source_stats_.kernel_drops;
  all.interface_drops = source_stats_.interface_drops;
  all.queue_drops = queue_drops_;
  if (aggregator_) {
    aggregator_->stop();
    aggregator_->finish();
  }
  return all;
}

void Engine::retire() {
  std::lock_guard lock(results_mutex_);
  if (retired_) return;
  retired_results_ = finish_locked();
  retired_results_.flow_table_bytes = 0;
  kept_names_ = workers_.front()->release_classifier();
  kept_names_->release_detection();
  workers_.clear();
  workers_.shrink_to_fit();
  if (aggregator_) aggregator_->release_buffers();  // after the workers: their recorders return deltas
  retired_ = true;
}

Results Engine::snapshot() {
  std::lock_guard lock(results_mutex_);
  if (retired_) return retired_results_;
  Results all;
  for (auto& w : workers_)
    all.merge(w->snapshot());
  return all;
}

void Engine::stop() {
  if (auto* s = running_.load()) s->stop();
}

}  // namespace netmeter::engine
