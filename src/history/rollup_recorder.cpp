#include "history/rollup_recorder.hpp"

#include <algorithm>
#include <limits>

#include "history/rollup_entity.hpp"

namespace netmeter::history {
namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kNs = 1'000'000'000;

struct Collector {
  const stats::StatsStore& store;
  int64_t from, to;
  std::vector<RollupRow> rows;

  /// The entity's minutes within its own activity (first/last seen), so a long range costs an idle
  /// entity nothing and an active one only its active minutes.
  void add(const RollupEntity& e, const stats::TrafficStats& t, const stats::HistoryConfig& config) {
    if (t.history.empty() || t.history.newest() < from) return;
    int64_t lo = from, hi = to;
    if (t.first_ns <= t.last_ns && t.first_ns != 0) {
      lo = std::max(lo, stats::align_down(stats::align_down(t.first_ns, kNs) / kNs, kMinute));
      hi = std::min(hi, stats::align_down(stats::align_down(t.last_ns, kNs) / kNs, kMinute) + kMinute);
    }
    lo = std::max<int64_t>(lo, 0);
    hi = std::min<int64_t>(hi, std::numeric_limits<uint32_t>::max() - kMinute);
    for (int64_t m = lo; m < hi; m += kMinute) {
      stats::Traffic v = t.history.sum(m, m + kMinute, config);
      if (!v.empty()) rows.push_back({e, static_cast<uint32_t>(m), v});
    }
  }
};

}  // namespace

std::vector<RollupRow> collect_rollups(const stats::StatsStore& store, uint16_t interface_id, int64_t from,
                                       int64_t to) {
  Collector c{store, from, to, {}};
  const auto& cfg = store.config();
  c.add(module_entity(interface_id, RollupKind::Interface, 0), store.iface().traffic, cfg.global_history);
  store.hosts().for_each([&](const stats::HostEntry& h) {
    c.add(host_entity(interface_id, h.key), h.traffic, cfg.entity_history);
  });
  auto table = [&](const stats::StatsStore::TrafficTable& t, RollupKind kind) {
    t.for_each_keyed([&](uint64_t key, const stats::TrafficStats& s) {
      c.add(module_entity(interface_id, kind, key), s, cfg.entity_history);
    });
  };
  table(store.apps(), RollupKind::Application);
  table(store.ports(), RollupKind::Port);
  table(store.vlans(), RollupKind::Vlan);
  table(store.categories(), RollupKind::Category);
  for (size_t d = 0; d < store.dscp().size(); ++d)
    c.add(module_entity(interface_id, RollupKind::Dscp, d), store.dscp()[d], cfg.entity_history);
  return std::move(c.rows);
}

RollupRecorder::RollupRecorder(const stats::Aggregator& stats, RollupQueue& queue,
                               RollupRecorderConfig config)
    : stats_(stats), queue_(queue), config_(config) {}

void RollupRecorder::on_delta(const stats::ShardDelta& delta) {
  if (delta.second == stats::History::kNever) return;
  std::lock_guard lock(mutex_);
  if (next_ == stats::History::kNever) next_ = stats::align_down(delta.second, kMinute);
  close_until(stats::align_down(delta.second - config_.grace_s, kMinute));
}

void RollupRecorder::on_finish() {
  std::lock_guard lock(mutex_);
  int64_t newest = stats_.read([](const stats::StatsStore& s) { return s.newest_second(); });
  if (newest == stats::History::kNever) return;
  if (next_ == stats::History::kNever) next_ = stats::align_down(newest, kMinute);
  close_until(stats::align_down(newest, kMinute) + kMinute);
}

void RollupRecorder::close_until(int64_t end) {
  if (end <= next_) return;
  // One read of the merged store for all the minutes closing now (usually one), under its shared lock.
  std::vector<RollupRow> rows = stats_.read(
      [&](const stats::StatsStore& s) { return collect_rollups(s, config_.interface_id, next_, end); });
  minutes_ += static_cast<uint64_t>((end - next_) / kMinute);
  next_ = end;
  rows_ += rows.size();
  queue_.push(std::move(rows), config_.lossless);
}

uint64_t RollupRecorder::minutes_closed() const {
  std::lock_guard lock(mutex_);
  return minutes_;
}

uint64_t RollupRecorder::rows_written() const {
  std::lock_guard lock(mutex_);
  return rows_;
}

}  // namespace netmeter::history
