#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/alert.hpp"
#include "alerts/alert_exclusions.hpp"
#include "alerts/alert_sink.hpp"
#include "alerts/check.hpp"
#include "core/cidr.hpp"
#include "stats/delta_observer.hpp"
#include "stats/flat_map.hpp"
#include "stats/keys.hpp"

namespace netmeter::stats {
struct ShardDelta;
}

namespace netmeter::alerts {

class Blacklist;

/// What the default checks need from the process: the blacklists (`run --blacklist`) and the local
/// networks (`run -m`).
struct CheckContext {
  std::shared_ptr<const Blacklist> blacklist;
  std::vector<core::Cidr> local_networks;
};

/// The alerts of one slot. Fed by the aggregator (stats::DeltaObserver) on its thread, after each worker
/// delta was applied: flow checks run on the delta's connection updates, host checks at the end of each
/// second / minute of packet time on the hosts' counters summed over the workers. Host alerts are engaged
/// while their condition holds and go to the sink with their duration when it stops holding; flow alerts
/// are one-shot and go to the sink at once. Workers hand their seconds over independently: a second is
/// judged once the newest second seen is kLateSeconds past it, so that every worker's part of it is in;
/// a part later still counts in the oldest second not yet judged.
class AlertEngine final : public stats::DeltaObserver {
 public:
  static constexpr int64_t kLateSeconds = 2;

  /// `sink` receives released and one-shot alerts; it must outlive the engine.
  AlertEngine(uint32_t ifid, AlertSink& sink);
  ~AlertEngine() override;
  AlertEngine(const AlertEngine&) = delete;
  AlertEngine& operator=(const AlertEngine&) = delete;

  /// Told of every flow alert raised (flow id, alert type id, score) on the aggregator's thread, right
  /// after the checks ran on the delta and before the next observer sees it (the history exporter
  /// stamps the flow's rows with it). Set before the aggregator starts.
  using FlowAlertTap = std::function<void(uint64_t flow_id, uint16_t type_id, uint32_t score)>;
  void set_flow_alert_tap(FlowAlertTap tap);

  /// An engine with every check netmeter has, at ntopng's default thresholds.
  static std::unique_ptr<AlertEngine> with_default_checks(uint32_t ifid, AlertSink& sink,
                                                          const CheckContext& context = {});

  void add_flow_check(std::unique_ptr<FlowCheck> check);
  void add_host_check(std::unique_ptr<HostCheck> check);
  void add_interface_check(std::unique_ptr<InterfaceCheck> check);
  void add_arp_check(std::unique_ptr<ArpCheck> check);
  void add_device_check(std::unique_ptr<DeviceCheck> check);

  /// The interface's counters since the slot started (the slot's reader reports them as it reads); the
  /// interface checks judge the latest at the end of their period.
  void note_interface(const InterfaceCounters& counters);
  /// A live slot's wall clock (epoch seconds) and packets read so far: runs the wall-clock interface
  /// checks (capture stalled). Capture file slots never call it: their time is packet time.
  void note_wall_clock(int64_t now_s, uint64_t packets);

  void on_delta(const stats::ShardDelta& delta) override;
  /// The slot's time has ended: closes the last second and minute, then releases what is still engaged
  /// (its end is the end of the last second).
  void on_finish() override;

  uint32_t ifid() const { return ifid_; }
  /// The engaged alerts now, by id.
  std::vector<Alert> engaged() const;
  /// Runs f(CheckConfig&) on the check named `name`; false when there is none.
  template <typename F>
  bool configure(std::string_view name, F&& f) {
    std::lock_guard lock(mutex_);
    for (auto& c : flow_checks_)
      if (c->name() == name) return f(c->config()), true;
    for (auto& c : host_checks_)
      if (c->name() == name) return f(c->config()), true;
    for (auto& c : interface_checks_)
      if (c->name() == name) return f(c->config()), true;
    for (auto& c : arp_checks_)
      if (c->name() == name) return f(c->config()), true;
    for (auto& c : device_checks_)
      if (c->name() == name) return f(c->config()), true;
    return false;
  }

  /// One check as the configuration endpoints show it.
  struct CheckInfo {
    Entity entity;  ///< flow, host or interface (ntopng's check_subdir)
    std::string_view name;
    CheckConfig config;
  };
  /// Every check, flows first, in the order they were added.
  std::vector<CheckInfo> checks() const;
  /// The exclusions the engine applies before raising an alert (none until set).
  void set_exclusions(std::shared_ptr<const AlertExclusions> exclusions);

  struct Totals {
    uint64_t flow_alerts = 0;    ///< one-shot flow alerts raised
    uint64_t host_engaged = 0;   ///< host alerts that were engaged
    uint64_t host_released = 0;  ///< of which released
    uint64_t alerted_flows = 0;  ///< flows with at least one alert
  };
  Totals totals() const;

 private:
  struct EngagedKey {
    Entity entity;
    uint16_t type_id;
    stats::HostKey host;
    bool attacker;
    friend auto operator<=>(const EngagedKey&, const EngagedKey&) = default;
  };
  /// Open addressing, cleared and reused from second to second: no allocation per host and second.
  using HostTable = stats::FlatMap<stats::HostKey, HostCounters, stats::HostKeyHash>;
  /// What a second (or a minute) of packet time counted.
  struct PeriodCounters {
    HostTable hosts;
    uint64_t bytes = 0;  ///< the interface's frame bytes
  };

  /// Judges the open seconds up to `newest` - kLateSeconds (all of them when `all`).
  void close_seconds(bool all, std::vector<Alert>& released);
  /// Judges second `second` (and the empty seconds and the minutes that ended before it).
  void close_second(int64_t second, const PeriodCounters& counters, std::vector<Alert>& released);
  void clear_minute();
  /// The open second a delta of `second` counts in.
  PeriodCounters& open_second(int64_t second);
  /// Runs the checks of period `p` on the period that began at `begin`: engages what holds, releases
  /// (ending at `begin`) what no longer does.
  void close_period(Period p, const PeriodCounters& counters, int64_t begin, std::vector<Alert>& released);
  void close_interface_period(Period p, uint64_t bytes, int64_t begin, std::vector<Alert>& released);
  /// Releases the engaged alerts of (entity, type) not in `holding` (sorted), ending at `end`.
  void release_except(Entity entity, uint16_t type, const std::vector<EngagedKey>& holding, int64_t end,
                      std::vector<Alert>& released);
  void run_flow_checks(const stats::ConnectionUpdate& u, int64_t second, HostTable& hosts,
                       std::vector<Alert>& raised);
  Alert flow_alert(const stats::ConnectionUpdate& u, const FlowAlertDraft& d, int64_t second) const;
  /// Runs the ARP checks on the delta's sender (address, MAC) pairs; their alerts are one-shot.
  void run_arp_checks(const stats::ShardDelta& delta, int64_t second, std::vector<Alert>& raised);
  /// Runs the device checks on the delta's source MACs; their alerts are one-shot.
  /// A new alert of this engine's slot: its id, entity, type, score, severity (configured, else from the
  /// score) and begin time set.
  Alert new_alert(Entity entity, uint16_t type_id, uint32_t score, const CheckConfig& config, int64_t begin);
  void run_device_checks(const stats::ShardDelta& delta, int64_t second, std::vector<Alert>& raised);
  /// Counts the delta's DNS responses per server in `hosts`.
  static void count_dns_replies(const stats::ShardDelta& delta, HostTable& hosts);
  /// Keeps the hosts' scores (sums of their active flows' scores) as flow `u` changes or ends.
  void update_host_scores(const stats::ConnectionUpdate& u, FlowState& state, HostTable& hosts);
  /// Adds the hosts' scores now to the minute's counters.
  void add_host_scores(PeriodCounters& minute);
  /// on_finish, with seconds closed (mutex_ held): judges the last minute and ends what is engaged.
  void end_slot_time(std::vector<Alert>& out);
  /// Judges the minute that began at `begin` (its host scores added) and clears it.
  void close_minute(int64_t begin, std::vector<Alert>& released);

  uint32_t ifid_;
  AlertSink& sink_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<FlowCheck>> flow_checks_;
  std::vector<std::unique_ptr<HostCheck>> host_checks_;
  std::vector<std::unique_ptr<InterfaceCheck>> interface_checks_;
  std::vector<std::unique_ptr<ArpCheck>> arp_checks_;
  std::vector<std::unique_ptr<DeviceCheck>> device_checks_;
  InterfaceCounters interface_;
  std::shared_ptr<const AlertExclusions> exclusions_;
  std::vector<FlowAlertDraft> drafts_;             ///< reused: no allocation per connection update
  std::unordered_map<uint64_t, FlowState> flows_;  ///< active flows by id
  struct HostScore {
    uint64_t as_client = 0;
    uint64_t as_server = 0;
  };
  std::unordered_map<stats::HostKey, HostScore, stats::HostKeyHash> host_scores_;  ///< hosts scoring > 0
  uint64_t last_packets_ = 0;               ///< wall-clock checks: the packets read when the count last grew
  int64_t last_growth_s_ = 0;               ///< and when (0: not yet)
  int64_t newest_;                          ///< the newest second seen (kNever before the first)
  int64_t last_closed_;                     ///< the last second judged (kNever before the first)
  std::map<int64_t, PeriodCounters> open_;  ///< seconds not yet judged
  std::vector<HostTable> spare_tables_;     ///< host tables of judged seconds, cleared, for the next ones
  PeriodCounters this_minute_;              ///< the minute's closed seconds
  std::map<EngagedKey, Alert> engaged_;
  uint64_t next_id_ = 1;
  Totals totals_;
  FlowAlertTap flow_alert_tap_;
};

}  // namespace netmeter::alerts
