// What the alert engine costs (docs/ntopng/alerts.md), per packet and per flow, on the bench captures.
//
//   netmeter_alert_engine_bench [--runs N] [--workers N] FILE...
//
// For each capture, Engine::run + Engine::finish as `netmeter analyze FILE` runs them (statistics on),
// three ways, best of --runs each by process CPU time:
//   off       no alert engine;
//   default   alerts::AlertEngine::with_default_checks as a slot's engine (ntopng's defaults: some checks
//             off), observing every worker delta on the aggregator's thread, as `netmeter run` does;
//   all       the same with every check enabled.
// For the last two: the CPU time spent inside the engine's on_delta/on_finish (the aggregator thread's CPU
// clock around each call: off the packet path) per packet and per flow, the process CPU time over `off`
// per packet (noisy on a shared machine: the difference of two whole runs), and the alerts raised (into
// a counting sink: the store's cost is not the engine's).

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "alerts/alert_engine.hpp"
#include "alerts/alert_sink.hpp"
#include "capture/pcap_source.hpp"
#include "engine/engine.hpp"
#include "stats/aggregator.hpp"

namespace {

using namespace netmeter;

double cpu_of(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
double process_cpu() {
  return cpu_of(CLOCK_PROCESS_CPUTIME_ID);
}

/// Counts what the engine hands over; keeps nothing.
class CountingSink final : public alerts::AlertSink {
 public:
  void store(const alerts::Alert&) override { ++stored_; }
  uint64_t stored() const { return stored_; }

 private:
  uint64_t stored_ = 0;
};

/// Forwards to the alert engine and adds up the CPU time of the calling thread (the aggregator's) spent in
/// it: unlike wall time, not inflated when other processes take the core.
class TimedObserver final : public stats::DeltaObserver {
 public:
  explicit TimedObserver(alerts::AlertEngine& engine) : engine_(engine) {}
  void on_delta(const stats::ShardDelta& delta) override {
    timed([&] { engine_.on_delta(delta); });
  }
  void on_finish() override {
    timed([&] { engine_.on_finish(); });
  }
  double seconds() const { return seconds_; }

 private:
  template <typename F>
  void timed(F&& f) {
    const double t0 = cpu_of(CLOCK_THREAD_CPUTIME_ID);
    f();
    seconds_ += cpu_of(CLOCK_THREAD_CPUTIME_ID) - t0;
  }
  alerts::AlertEngine& engine_;
  double seconds_ = 0;
};

enum class Mode { Off, Default, All };

struct Run {
  uint64_t packets = 0;
  uint64_t flows = 0;
  double cpu = 0;
  double in_engine = 0;
  uint64_t alerts = 0;
};

Run run_once(const std::string& path, unsigned workers, Mode mode) {
  engine::EngineConfig config;
  config.workers = workers;
  config.flows.expire_idle = false;  // as `netmeter analyze FILE`
  config.keep_finished_flows = true;
  config.stats.enabled = true;
  auto created = engine::Engine::create(config);
  auto opened = capture::PcapSource::open_file(path);
  if (!created.engine || !opened.source) {
    std::fprintf(stderr, "alert_engine_bench: %s%s\n", created.error.c_str(), opened.error.c_str());
    std::exit(1);
  }
  CountingSink sink;
  std::unique_ptr<alerts::AlertEngine> alerts;
  std::unique_ptr<TimedObserver> observer;
  if (mode != Mode::Off) {
    alerts = alerts::AlertEngine::with_default_checks(0, sink);
    if (mode == Mode::All)
      for (const auto& check : alerts->checks())
        alerts->configure(check.name, [](alerts::CheckConfig& c) { c.enabled = true; });
    observer = std::make_unique<TimedObserver>(*alerts);
    created.engine->mutable_stats()->set_observer(observer.get());
  }
  Run r;
  const double c0 = process_cpu();
  r.packets = created.engine->run(*opened.source).packets;
  created.engine->finish();
  r.cpu = process_cpu() - c0;
  created.engine->stats()->read([&](const stats::StatsStore& s) {
    r.flows = s.active_connections().size() + s.finished_connections().size();
    return 0;
  });
  if (observer) r.in_engine = observer->seconds();
  r.alerts = sink.stored();
  return r;
}

Run best_of(int runs, const std::string& path, unsigned workers, Mode mode) {
  Run best;
  for (int i = 0; i < runs; ++i) {
    Run r = run_once(path, workers, mode);
    if (i == 0 || r.cpu < best.cpu) best = r;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  unsigned workers = 1;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--workers") && i + 1 < argc)
      workers = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    else
      files.emplace_back(argv[i]);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: netmeter_alert_engine_bench [--runs N] [--workers N] FILE...\n");
    return 2;
  }
  std::printf("%-32s %-8s %9s %8s %9s %10s %11s %9s %8s\n", "capture", "checks", "packets", "flows", "cpu_s",
              "engine_s", "ns/packet", "ns/flow", "alerts");
  for (const auto& path : files) {
    const Run off = best_of(runs, path, workers, Mode::Off);
    const std::string name = path.substr(path.find_last_of('/') + 1);
    std::printf("%-32s %-8s %9llu %8llu %9.2f %10s %11s %9s %8s\n", name.c_str(), "off",
                static_cast<unsigned long long>(off.packets), static_cast<unsigned long long>(off.flows),
                off.cpu, "-", "-", "-", "-");
    for (auto [mode, label] : {std::pair{Mode::Default, "default"}, std::pair{Mode::All, "all"}}) {
      const Run r = best_of(runs, path, workers, mode);
      const double per_packet = r.packets ? r.in_engine * 1e9 / static_cast<double>(r.packets) : 0;
      const double per_flow = r.flows ? r.in_engine * 1e9 / static_cast<double>(r.flows) : 0;
      std::printf("%-32s %-8s %9llu %8llu %9.2f %10.3f %11.1f %9.0f %8llu\n", name.c_str(), label,
                  static_cast<unsigned long long>(r.packets), static_cast<unsigned long long>(r.flows), r.cpu,
                  r.in_engine, per_packet, per_flow, static_cast<unsigned long long>(r.alerts));
      std::printf("%-32s %-8s process CPU over off: %.1f ns/packet\n", "", label,
                  r.packets ? (r.cpu - off.cpu) * 1e9 / static_cast<double>(r.packets) : 0.0);
    }
    std::fflush(stdout);
  }
  return 0;
}
