#include "alerts/alert_engine.hpp"

#include <algorithm>
#include <string_view>

#include "alerts/blacklist.hpp"
#include "alerts/checks/flow/blacklisted_flow.hpp"
#include "alerts/checks/flow/elephant_flow.hpp"
#include "alerts/checks/flow/long_lived_flow.hpp"
#include "alerts/checks/flow/ndpi_risk.hpp"
#include "alerts/checks/flow/remote_to_local_insecure_proto.hpp"
#include "alerts/checks/flow/unexpected_server.hpp"
#include "alerts/checks/host/dns_errors_ratio.hpp"
#include "alerts/checks/host/flow_flood.hpp"
#include "alerts/checks/host/icmp_flood.hpp"
#include "alerts/checks/host/score_threshold.hpp"
#include "alerts/checks/host/syn_flood.hpp"
#include "alerts/checks/host/syn_scan.hpp"
#include "alerts/checks/interface/capture_stalled.hpp"
#include "alerts/checks/interface/throughput.hpp"
#include "alerts/checks/interface/too_many_drops.hpp"
#include "alerts/checks/mac/mac_ip_association_change.hpp"
#include "alerts/checks/mac/new_device.hpp"
#include "dpi/risks.hpp"
#include "stats/history.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::alerts {

namespace {

constexpr int64_t kMinute = 60;

int64_t minute_of(int64_t second) {
  return second >= 0 ? second / kMinute : (second - kMinute + 1) / kMinute;
}

bool nothing_left_to_detect(const stats::ConnectionUpdate& u) {
  return u.dpi_status != flow::DpiStatus::Pending;
}

}  // namespace

HostCounters& HostCounters::operator+=(const HostCounters& o) {
  syn_sent += o.syn_sent;
  synack_sent += o.synack_sent;
  syn_rcvd += o.syn_rcvd;
  synack_rcvd += o.synack_rcvd;
  flows_as_client += o.flows_as_client;
  flows_as_server += o.flows_as_server;
  icmp_sent += o.icmp_sent;
  icmp_rcvd += o.icmp_rcvd;
  dns_replies_sent += o.dns_replies_sent;
  dns_errors_sent += o.dns_errors_sent;
  // A score is a level, not a count: the period's is the highest its parts saw.
  score_as_client = std::max(score_as_client, o.score_as_client);
  score_as_server = std::max(score_as_server, o.score_as_server);
  return *this;
}

AlertEngine::AlertEngine(uint32_t ifid, AlertSink& sink)
    : ifid_(ifid), sink_(sink), newest_(stats::History::kNever), last_closed_(stats::History::kNever) {}

AlertEngine::~AlertEngine() = default;

std::unique_ptr<AlertEngine> AlertEngine::with_default_checks(uint32_t ifid, AlertSink& sink,
                                                              const CheckContext& context) {
  auto engine = std::make_unique<AlertEngine>(ifid, sink);
  engine->add_flow_check(std::make_unique<NdpiRiskCheck>());
  engine->add_flow_check(std::make_unique<BlacklistedFlowCheck>(context.blacklist));
  engine->add_flow_check(std::make_unique<LongLivedFlowCheck>());
  engine->add_flow_check(std::make_unique<ElephantFlowCheck>(context.local_networks));
  engine->add_flow_check(std::make_unique<RemoteToLocalInsecureProtoCheck>(context.local_networks));
  engine->add_flow_check(std::make_unique<UnexpectedServerCheck>(UnexpectedServerCheck::dns()));
  engine->add_flow_check(std::make_unique<UnexpectedServerCheck>(UnexpectedServerCheck::dhcp()));
  engine->add_flow_check(std::make_unique<UnexpectedServerCheck>(UnexpectedServerCheck::ntp()));
  engine->add_host_check(std::make_unique<SynFloodCheck>());
  engine->add_host_check(std::make_unique<SynScanCheck>());
  engine->add_host_check(std::make_unique<FlowFloodCheck>());
  engine->add_host_check(std::make_unique<IcmpFloodCheck>());
  engine->add_host_check(std::make_unique<ScoreThresholdCheck>());
  engine->add_host_check(std::make_unique<DnsErrorsRatioCheck>());
  engine->add_interface_check(std::make_unique<TooManyDropsCheck>());
  engine->add_interface_check(std::make_unique<ThroughputCheck>());
  engine->add_interface_check(std::make_unique<CaptureStalledCheck>());
  engine->add_arp_check(std::make_unique<MacIpAssociationCheck>());
  engine->add_device_check(std::make_unique<NewDeviceCheck>());
  return engine;
}

void AlertEngine::set_flow_alert_tap(FlowAlertTap tap) {
  std::lock_guard lock(mutex_);
  flow_alert_tap_ = std::move(tap);
}

void AlertEngine::add_flow_check(std::unique_ptr<FlowCheck> check) {
  std::lock_guard lock(mutex_);
  flow_checks_.push_back(std::move(check));
}

void AlertEngine::add_host_check(std::unique_ptr<HostCheck> check) {
  std::lock_guard lock(mutex_);
  host_checks_.push_back(std::move(check));
}

void AlertEngine::add_interface_check(std::unique_ptr<InterfaceCheck> check) {
  std::lock_guard lock(mutex_);
  interface_checks_.push_back(std::move(check));
}

void AlertEngine::add_arp_check(std::unique_ptr<ArpCheck> check) {
  std::lock_guard lock(mutex_);
  arp_checks_.push_back(std::move(check));
}

void AlertEngine::add_device_check(std::unique_ptr<DeviceCheck> check) {
  std::lock_guard lock(mutex_);
  device_checks_.push_back(std::move(check));
}

void AlertEngine::note_interface(const InterfaceCounters& counters) {
  std::lock_guard lock(mutex_);
  uint64_t idle = interface_.idle_seconds;
  interface_ = counters;
  interface_.idle_seconds = idle;  // the wall clock's, not the reader's
}

void AlertEngine::note_wall_clock(int64_t now_s, uint64_t packets) {
  std::vector<Alert> out;
  {
    std::lock_guard lock(mutex_);
    if (last_growth_s_ == 0 || packets != last_packets_ || now_s < last_growth_s_) {
      last_packets_ = packets;
      last_growth_s_ = now_s;
    }
    interface_.idle_seconds = static_cast<uint64_t>(now_s - last_growth_s_);
    close_interface_period(Period::WallClock, interface_.period_bytes, now_s, out);
  }
  for (const auto& a : out)
    sink_.store(a);
  if (!out.empty()) sink_.flush();
}

void AlertEngine::on_delta(const stats::ShardDelta& delta) {
  std::vector<Alert> out;
  {
    std::lock_guard lock(mutex_);
    int64_t second = delta.second != stats::History::kNever ? delta.second : newest_;
    if (second != stats::History::kNever) {
      if (newest_ == stats::History::kNever || second > newest_) newest_ = second;
      PeriodCounters& period = open_second(second);
      period.bytes += delta.iface.traffic.bytes();
      HostTable& table = period.hosts;
      delta.hosts.for_each([&](const stats::HostKey& host, const stats::HostDelta& d) {
        using stats::TcpFlagCount;
        uint32_t syn = d.tcp_flags[static_cast<size_t>(TcpFlagCount::Syn)];
        uint32_t synack = d.tcp_flags[static_cast<size_t>(TcpFlagCount::SynAck)];
        if (syn == 0 && synack == 0 && d.syn_rcvd == 0 && d.synack_rcvd == 0 && d.icmp_sent == 0 &&
            d.icmp_rcvd == 0)
          return;
        HostCounters& c = table[host];
        c.syn_sent += syn;
        c.synack_sent += synack;
        c.syn_rcvd += d.syn_rcvd;
        c.synack_rcvd += d.synack_rcvd;
        c.icmp_sent += d.icmp_sent;
        c.icmp_rcvd += d.icmp_rcvd;
      });
      count_dns_replies(delta, table);
      for (const auto& u : delta.connections)
        run_flow_checks(u, second, table, out);
      run_arp_checks(delta, second, out);
      run_device_checks(delta, second, out);
      close_seconds(false, out);
    }
  }
  for (const auto& a : out) {
    if (flow_alert_tap_ && a.entity == Entity::Flow) flow_alert_tap_(a.flow_id, a.type_id, a.score);
    sink_.store(a);
  }
  if (!out.empty()) sink_.flush();
}

void AlertEngine::on_finish() {
  std::vector<Alert> out;
  {
    std::lock_guard lock(mutex_);
    close_seconds(true, out);
    if (last_closed_ != stats::History::kNever) end_slot_time(out);
  }
  for (const auto& a : out)
    sink_.store(a);
  // The slot's time has ended: what it raised is in the store when the slot says it has finished.
  sink_.flush_and_wait();
}

void AlertEngine::end_slot_time(std::vector<Alert>& out) {
  // The minute the slot's time ended in is judged on what it saw.
  close_minute(minute_of(last_closed_) * kMinute, out);
  // The slot's time has ended: what is still engaged ends with it.
  for (auto& [key, a] : engaged_) {
    a.end_s = std::max(last_closed_ + 1, a.begin_s);  // a wall-clock alert may begin later
    out.push_back(a);
    if (key.entity == Entity::Host) ++totals_.host_released;
  }
  engaged_.clear();
}

void AlertEngine::close_minute(int64_t begin, std::vector<Alert>& released) {
  add_host_scores(this_minute_);
  close_period(Period::Minute, this_minute_, begin, released);
  clear_minute();
}

void AlertEngine::add_host_scores(PeriodCounters& minute) {
  for (const auto& [host, score] : host_scores_) {
    HostCounters& c = minute.hosts[host];
    c.score_as_client = std::max(c.score_as_client, score.as_client);
    c.score_as_server = std::max(c.score_as_server, score.as_server);
  }
}

void AlertEngine::update_host_scores(const stats::ConnectionUpdate& u, FlowState& state, HostTable& hosts) {
  // As ntopng: the client is credited with the client part of the flow's score, the server with the
  // server part.
  bool credited = state.score_client != 0 || state.score_server != 0;
  // Most updates change nothing: the same risks as last time (none, mostly) and the flow goes on.
  if (u.risk == state.scored_risk && (!u.ended || !credited)) return;
  state.scored_risk = u.risk;
  dpi::RiskScore score = dpi::risk_score(u.risk);
  stats::HostKey cli = u.client_host();
  stats::HostKey srv = u.server_host();
  auto shift = [&](uint32_t to_client, uint32_t to_server) {
    HostScore& c = host_scores_[cli];
    c.as_client = c.as_client - state.score_client + to_client;
    HostScore& s = host_scores_[srv];
    s.as_server = s.as_server - state.score_server + to_server;
    // The period remembers the highest score its hosts reached in it (a minute also takes the scores
    // held when it is judged: those of flows that did not change in it).
    if (to_client > state.score_client || to_server > state.score_server) {
      HostCounters& hc = hosts[cli];
      hc.score_as_client = std::max(hc.score_as_client, c.as_client);
      HostCounters& hs = hosts[srv];
      hs.score_as_server = std::max(hs.score_as_server, s.as_server);
    }
    state.score_client = to_client;
    state.score_server = to_server;
  };
  shift(score.client, score.server);
  if (!u.ended) return;
  shift(0, 0);
  for (const auto& h : {cli, srv}) {
    auto it = host_scores_.find(h);
    if (it != host_scores_.end() && it->second.as_client == 0 && it->second.as_server == 0)
      host_scores_.erase(it);
  }
}

void AlertEngine::count_dns_replies(const stats::ShardDelta& delta, HostTable& hosts) {
  for (const auto& e : delta.events) {
    if (e.kind != stats::L7Kind::DnsResponse) continue;
    HostCounters& c = hosts[e.server];
    ++c.dns_replies_sent;
    if (e.rcode != 0) ++c.dns_errors_sent;
  }
}

void AlertEngine::clear_minute() {
  this_minute_.hosts.clear();  // keeps its buckets for the next minute
  this_minute_.bytes = 0;
}

AlertEngine::PeriodCounters& AlertEngine::open_second(int64_t second) {
  // A part of a second already judged counts in the oldest one still open (or a new one after it).
  if (last_closed_ != stats::History::kNever && second <= last_closed_)
    second = open_.empty() ? last_closed_ + 1 : open_.begin()->first;
  auto [it, fresh] = open_.try_emplace(second);
  if (fresh && !spare_tables_.empty()) {
    std::swap(it->second.hosts, spare_tables_.back());  // already sized for a second's hosts
    spare_tables_.pop_back();
  }
  return it->second;
}

void AlertEngine::close_seconds(bool all, std::vector<Alert>& released) {
  while (!open_.empty() && (all || open_.begin()->first <= newest_ - kLateSeconds)) {
    auto node = open_.extract(open_.begin());
    close_second(node.key(), node.mapped(), released);
    // A few seconds are open at a time (kLateSeconds): as many tables are worth keeping.
    if (spare_tables_.size() <= static_cast<size_t>(kLateSeconds)) {
      node.mapped().hosts.clear();
      spare_tables_.push_back(std::move(node.mapped().hosts));
    }
  }
}

void AlertEngine::close_second(int64_t second, const PeriodCounters& counters, std::vector<Alert>& released) {
  if (last_closed_ != stats::History::kNever) {
    // Seconds without any delta had no traffic: they end what was engaged.
    if (second > last_closed_ + 1) close_period(Period::Second, {}, last_closed_ + 1, released);
    int64_t minute = minute_of(last_closed_);
    int64_t next_minute = minute_of(second);
    if (next_minute > minute) {
      close_minute(minute * kMinute, released);
      if (next_minute > minute + 1) close_period(Period::Minute, {}, (minute + 1) * kMinute, released);
    }
  }
  close_period(Period::Second, counters, second, released);
  counters.hosts.for_each(
      [&](const stats::HostKey& host, const HostCounters& c) { this_minute_.hosts[host] += c; });
  this_minute_.bytes += counters.bytes;
  last_closed_ = second;
}

void AlertEngine::close_period(Period p, const PeriodCounters& counters, int64_t begin,
                               std::vector<Alert>& released) {
  std::vector<HostTrigger> triggers;
  for (const auto& check : host_checks_) {
    if (check->period() != p) continue;
    uint16_t type = check->type_id();
    std::vector<EngagedKey> holding;
    if (check->config().enabled) {
      counters.hosts.for_each([&](const stats::HostKey& host, const HostCounters& c) {
        triggers.clear();
        check->on_periodic(c, triggers);
        for (const auto& t : triggers) {
          if (exclusions_ && exclusions_->excludes(Entity::Host, type, host.ip)) continue;
          EngagedKey key{Entity::Host, type, host, t.attacker};
          holding.push_back(key);
          auto [it, fresh] = engaged_.try_emplace(key);
          Alert& a = it->second;
          if (fresh) {
            a = new_alert(Entity::Host, type, check->score(), check->config(), begin);
            a.ip = host.ip;
            a.vlan = host.vlan;
            a.is_attacker = t.attacker;
            a.is_victim = !t.attacker;
            ++totals_.host_engaged;
          }
          a.value = std::max(a.value, t.value);
          a.threshold = check->config().threshold;
        }
      });
    }
    std::sort(holding.begin(), holding.end());
    release_except(Entity::Host, type, holding, begin, released);
  }
  close_interface_period(p, counters.bytes, begin, released);
}

void AlertEngine::close_interface_period(Period p, uint64_t bytes, int64_t begin,
                                         std::vector<Alert>& released) {
  interface_.period_bytes = bytes;
  for (const auto& check : interface_checks_) {
    if (check->period() != p) continue;
    std::vector<EngagedKey> holding;
    std::optional<uint64_t> value;
    if (check->config().enabled) value = check->on_periodic(interface_);
    if (value) {
      EngagedKey key{Entity::Interface, check->type_id(), {}, false};
      holding.push_back(key);
      auto [it, fresh] = engaged_.try_emplace(key);
      Alert& a = it->second;
      if (fresh) a = new_alert(Entity::Interface, check->type_id(), check->score(), check->config(), begin);
      a.value = std::max(a.value, *value);
      a.threshold = check->config().threshold;
    }
    release_except(Entity::Interface, check->type_id(), holding, begin, released);
  }
}

void AlertEngine::release_except(Entity entity, uint16_t type, const std::vector<EngagedKey>& holding,
                                 int64_t end, std::vector<Alert>& released) {
  for (auto it = engaged_.begin(); it != engaged_.end();) {
    const EngagedKey& k = it->first;
    if (k.entity != entity || k.type_id != type || std::binary_search(holding.begin(), holding.end(), k)) {
      ++it;
      continue;
    }
    it->second.end_s = end;  // it held until this period began
    released.push_back(std::move(it->second));
    if (entity == Entity::Host) ++totals_.host_released;
    it = engaged_.erase(it);
  }
}

void AlertEngine::run_flow_checks(const stats::ConnectionUpdate& u, int64_t second, HostTable& hosts,
                                  std::vector<Alert>& raised) {
  auto [it, fresh] = flows_.try_emplace(u.id);
  FlowState& state = it->second;
  if (fresh) {
    ++hosts[u.client_host()].flows_as_client;
    ++hosts[u.server_host()].flows_as_server;
  }
  update_host_scores(u, state, hosts);
  bool had_alert = state.alerted_risk != 0 || state.alerted_checks != 0;
  std::vector<FlowAlertDraft>& drafts = drafts_;
  drafts.clear();
  bool detect_now = !state.detected && (nothing_left_to_detect(u) || u.ended);
  for (const auto& check : flow_checks_) {
    if (!check->config().enabled) continue;
    if (detect_now) check->on_detected(u, state, drafts);
    if (u.ended)
      check->on_end(u, state, drafts);
    else
      check->on_periodic(u, state, drafts);
  }
  if (detect_now) state.detected = true;
  if (exclusions_) {
    std::erase_if(drafts, [&](const FlowAlertDraft& d) {
      return exclusions_->excludes(Entity::Flow, d.type_id, u.key.lo.ip) ||
             exclusions_->excludes(Entity::Flow, d.type_id, u.key.hi.ip);
    });
  }
  for (const auto& d : drafts) {
    raised.push_back(flow_alert(u, d, second));
    raised.back().id = next_id_++;
  }
  totals_.flow_alerts += drafts.size();
  if (!had_alert && !drafts.empty()) ++totals_.alerted_flows;
  if (u.ended) flows_.erase(it);
}

Alert AlertEngine::flow_alert(const stats::ConnectionUpdate& u, const FlowAlertDraft& d,
                              int64_t second) const {
  Alert a;
  a.ifid = ifid_;
  a.entity = Entity::Flow;
  a.type_id = d.type_id;
  a.score = d.score;
  a.severity = d.severity;
  a.begin_s = a.end_s = second;
  a.client = u.client();
  a.server = u.server();
  a.ip = a.client.ip;
  a.vlan = u.key.vlan;
  a.flow_id = u.id;
  a.l4 = u.key.l4;
  a.l7_master = u.master;
  a.l7_app = u.app;
  a.flow_risk = u.risk;
  a.flow_score = dpi::risk_score(u.risk).total;
  a.info.assign(u.server_name, u.server_name_len);
  return a;
}

std::vector<Alert> AlertEngine::engaged() const {
  std::lock_guard lock(mutex_);
  std::vector<Alert> out;
  out.reserve(engaged_.size());
  for (const auto& [key, a] : engaged_)
    out.push_back(a);
  std::sort(out.begin(), out.end(), [](const Alert& x, const Alert& y) { return x.id < y.id; });
  return out;
}

void AlertEngine::run_arp_checks(const stats::ShardDelta& delta, int64_t second, std::vector<Alert>& raised) {
  std::vector<ArpFinding> findings;
  for (const auto& check : arp_checks_) {
    if (!check->config().enabled) continue;
    delta.arp.sender_macs.for_each([&](const stats::HostKey& host, const stats::ArpSenderMacs& m) {
      for (stats::MacKey mac : m.macs) {
        if (mac == 0) continue;
        findings.clear();
        check->on_sender(host, mac, findings);
        for (const auto& f : findings) {
          Alert a = new_alert(Entity::Mac, check->type_id(), check->score(), check->config(), second);
          a.end_s = second;
          a.ip = host.ip;
          a.vlan = host.vlan;
          a.info = stats::mac_to_string(f.old_mac) + " -> " + stats::mac_to_string(f.new_mac);
          raised.push_back(std::move(a));
        }
      }
    });
  }
}

Alert AlertEngine::new_alert(Entity entity, uint16_t type_id, uint32_t score, const CheckConfig& config,
                             int64_t begin) {
  Alert a;
  a.id = next_id_++;
  a.ifid = ifid_;
  a.entity = entity;
  a.type_id = type_id;
  a.score = score;
  a.severity = config.severity.value_or(severity_for_score(score));
  a.begin_s = begin;
  return a;
}

void AlertEngine::run_device_checks(const stats::ShardDelta& delta, int64_t second,
                                    std::vector<Alert>& raised) {
  for (const auto& check : device_checks_) {
    if (!check->config().enabled) continue;
    delta.macs.for_each([&](stats::MacKey mac, const stats::Traffic& t) {
      if (t.tx_packets == 0 || !check->on_source_mac(mac, second)) return;
      Alert a = new_alert(Entity::Mac, check->type_id(), check->score(), check->config(), second);
      a.end_s = second;
      a.info = stats::mac_to_string(mac);
      // The address it sent from, when its frames carried one (found only when it raises: rare).
      delta.hosts.for_each([&](const stats::HostKey& host, const stats::HostDelta& h) {
        if (a.ip.empty() && (h.macs[0] == mac || h.macs[1] == mac)) {
          a.ip = host.ip;
          a.vlan = host.vlan;
        }
      });
      delta.host_macs.for_each([&](const stats::HostMacKey& k, bool) {
        if (a.ip.empty() && k.mac == mac) {
          a.ip = k.host.ip;
          a.vlan = k.host.vlan;
        }
      });
      raised.push_back(std::move(a));
    });
  }
}

std::vector<AlertEngine::CheckInfo> AlertEngine::checks() const {
  std::lock_guard lock(mutex_);
  std::vector<CheckInfo> out;
  for (const auto& c : flow_checks_)
    out.push_back({Entity::Flow, c->name(), c->config()});
  for (const auto& c : host_checks_)
    out.push_back({Entity::Host, c->name(), c->config()});
  for (const auto& c : interface_checks_)
    out.push_back({Entity::Interface, c->name(), c->config()});
  for (const auto& c : arp_checks_)
    out.push_back({Entity::Mac, c->name(), c->config()});
  for (const auto& c : device_checks_)
    out.push_back({Entity::Mac, c->name(), c->config()});
  return out;
}

void AlertEngine::set_exclusions(std::shared_ptr<const AlertExclusions> exclusions) {
  std::lock_guard lock(mutex_);
  exclusions_ = std::move(exclusions);
}

AlertEngine::Totals AlertEngine::totals() const {
  std::lock_guard lock(mutex_);
  return totals_;
}

}  // namespace netmeter::alerts
