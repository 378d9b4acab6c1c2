#include "app/analyze_command.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "capture/paced_source.hpp"
#include "capture/pcap_source.hpp"
#include "engine/engine.hpp"
#include "report/json_report.hpp"
#include "report/text_report.hpp"
#include "stats/mac_vendors.hpp"

namespace netmeter::app {

namespace {

// The one piece of state a signal handler may touch: which engine to stop.
std::atomic<engine::Engine*> g_interruptible{nullptr};

void on_signal(int) {
  if (auto* e = g_interruptible.load()) e->stop();
}

std::unique_ptr<capture::PacketSource> open_source(const AnalyzeOptions& o, std::string& error) {
  capture::PcapSource::Opened opened;
  if (!o.interface.empty()) {
    capture::LiveOptions live;
    live.promiscuous = o.promiscuous;
    live.snaplen = o.snaplen;
    opened = capture::PcapSource::open_live(o.interface, live, o.bpf);
  } else {
    opened = capture::PcapSource::open_file(o.file, o.bpf);
  }
  if (!opened.source) {
    error = opened.error;
    return nullptr;
  }
  std::unique_ptr<capture::PacketSource> source = std::move(opened.source);
  if (o.replay_speed > 0 && o.interface.empty())
    source = std::make_unique<capture::PacedSource>(std::move(source), o.replay_speed);
  return source;
}

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}
  void update(const engine::RunProgress& p) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    if (p.position && p.position->bytes_total > 0) {
      double pct =
          100.0 * static_cast<double>(p.position->bytes_done) / static_cast<double>(p.position->bytes_total);
      std::fprintf(stderr, "\r%llu packets, %.1f%%   ", static_cast<unsigned long long>(p.packets), pct);
    } else {
      std::fprintf(stderr, "\r%llu packets   ", static_cast<unsigned long long>(p.packets));
    }
    shown_ = true;
  }
  ~ProgressLine() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

int run_analyze(const AnalyzeOptions& o) {
  if (o.format != "json" && o.format != "text") {
    std::cerr << "netmeter: unknown format '" << o.format << "' (json or text)\n";
    return 2;
  }
  std::string error;
  auto source = open_source(o, error);
  if (!source) {
    std::cerr << "netmeter: " << error << "\n";
    return 2;
  }
  engine::EngineConfig config = o.engine;
  // File analysis keeps everything until the report is written (live analysis keeps a bounded window of
  // finished connections): the per-host lists of the report are derived from them.
  if (o.interface.empty()) config.stats.finished_connections_kept = SIZE_MAX;
  // Bounded hand-over buffers: a worker's delta holding every flow that started or ended in a busy
  // second (each buffer keeps its size for reuse) cost ~650 bytes per flow at the end of a capture.
  config.stats.max_delta_entries = 4096;
  // MAC vendors come from Wireshark's manuf file (Debian: libwireshark-data); without it they stay empty.
  std::string vendor_error;
  config.stats.mac_vendors = stats::MacVendors::load(stats::MacVendors::kDefaultPath, vendor_error);
  auto created = engine::Engine::create(config);
  if (!created.engine) {
    std::cerr << "netmeter: " << created.error << "\n";
    return 2;
  }
  engine::Engine& engine = *created.engine;

  g_interruptible.store(&engine);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::jthread timer;
  if (o.duration_s > 0) {
    timer = std::jthread([&engine, d = o.duration_s](std::stop_token st) {
      auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(d);
      while (!st.stop_requested() && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (!st.stop_requested()) engine.stop();
    });
  }

  engine::RunSummary summary;
  {
    ProgressLine progress(o.progress);
    summary = engine.run(*source, [&](const engine::RunProgress& p) { progress.update(p); });
  }
  g_interruptible.store(nullptr);
  if (timer.joinable()) timer.request_stop();

  if (!summary.error.empty()) {
    std::cerr << "netmeter: " << source->name() << ": read error after " << summary.packets
              << " packets: " << summary.error << "\n";
    if (summary.packets == 0) return 1;
    std::cerr << "netmeter: reporting the " << summary.packets << " packets read before the error\n";
  }

  auto report = report::build_report(engine.finish(), engine.names(), source->name(), engine.worker_count());
  std::ofstream file;
  if (!o.output.empty()) {
    file.open(o.output);
    if (!file) {
      std::cerr << "netmeter: cannot write " << o.output << "\n";
      return 2;
    }
  }
  std::ostream& out = o.output.empty() ? std::cout : file;
  auto write = [&](const stats::StatsStore* statistics) {
    if (o.format == "json")
      report::write_json(out, report, engine.names(), statistics, {o.host_list_limit});
    else
      report::write_text(out, report, engine.names(), o.top, statistics);
  };
  if (const stats::Aggregator* aggregator = engine.stats())
    aggregator->read([&](const stats::StatsStore& s) { write(&s); });
  else
    write(nullptr);
  out.flush();
  return out ? 0 : 2;
}

}  // namespace netmeter::app
