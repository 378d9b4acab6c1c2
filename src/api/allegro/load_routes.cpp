// /API/stats/load: the CPU and memory the analysis uses, per kind of thread (docs/allegro/slots.md).
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "api/allegro/allegro_routes.hpp"
#include "api/dialect.hpp"
#include "core/process_stats.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;

namespace {

/// "nm-worker" → "worker"; threads netmeter did not name (the main thread, libraries') → "other".
std::string kind_of(const std::string& name) {
  if (name.rfind("nm-", 0) != 0) return "other";
  return name.substr(3, name.find('-', 3) - 3);
}

struct KindLoad {
  size_t threads = 0;
  double cpu_seconds = 0;
};

std::map<std::string, KindLoad> by_kind(const std::vector<core::ThreadCpu>& threads) {
  std::map<std::string, KindLoad> out;
  for (const auto& t : threads) {
    KindLoad& k = out[kind_of(t.name)];
    ++k.threads;
    k.cpu_seconds += t.cpu_seconds;
  }
  return out;
}

/// The previous reading, so that `percent` covers the time since the last request (at least a second;
/// a first request covers the process's life).
class LoadSampler {
 public:
  json::object read() {
    using clock = std::chrono::steady_clock;
    const auto now_kinds = by_kind(core::thread_cpu_times());
    const auto now = clock::now();
    std::lock_guard lock(mutex_);
    const bool recent = have_ && now - when_ >= std::chrono::seconds(1);
    const double wall = recent ? std::chrono::duration<double>(now - when_).count()
                               : std::chrono::duration<double>(now - started_).count();
    json::array kinds;
    double total_cpu = 0, total_delta = 0;
    for (const auto& [kind, load] : now_kinds) {
      const double before = recent && prev_.contains(kind) ? prev_.at(kind).cpu_seconds : 0;
      const double delta = std::max(0.0, load.cpu_seconds - before);
      kinds.push_back(json::object{{"kind", kind},
                                   {"threads", load.threads},
                                   {"cpuSeconds", load.cpu_seconds},
                                   {"percent", wall > 0 ? 100.0 * delta / wall : 0.0}});
      total_cpu += load.cpu_seconds;
      total_delta += delta;
    }
    if (!have_ || now - when_ >= std::chrono::seconds(1)) {
      prev_ = now_kinds;
      when_ = now;
      have_ = true;
    }
    return {{"cores", std::thread::hardware_concurrency()},
            {"periodSeconds", wall},
            {"cpuSeconds", total_cpu},
            {"percent", wall > 0 ? 100.0 * total_delta / wall : 0.0},
            {"threadKinds", std::move(kinds)}};
  }

 private:
  std::mutex mutex_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point when_;
  std::map<std::string, KindLoad> prev_;
  bool have_ = false;
};

}  // namespace

void register_load_routes(RouteTree& tree, ApiServices&) {
  auto sampler = std::make_shared<LoadSampler>();
  tree.add("GET", "/API/stats/load",
           {[sampler](Call&) {
              const core::ProcessMemory m = core::process_memory();
              return json_response(
                  200, json::object{{"cpu", sampler->read()},
                                    {"memory", json::object{{"residentBytes", m.resident},
                                                            {"peakResidentBytes", m.peak_resident},
                                                            {"virtualBytes", m.virtual_size}}}});
            },
            Need::read_stats, BodyKind::none});
}

}  // namespace netmeter::api::allegro
