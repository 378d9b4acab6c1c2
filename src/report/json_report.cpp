#include "report/json_report.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <unordered_map>

#include "report/stats_json.hpp"

namespace netmeter::report {

namespace json = boost::json;

namespace {

// Epoch seconds with microsecond precision, as a JSON number.
double seconds(core::Timestamp t) {
  return static_cast<double>(t.micros()) / 1e6;
}

json::object packet_bytes(const engine::PacketBytes& pb) {
  return {{"packets", pb.packets}, {"bytes", pb.bytes}};
}

json::object totals(const AnalysisReport& r) {
  const auto& t = r.results.traffic;
  json::object tunnels;
  for (size_t i = 1; i < t.tunnels.size(); ++i) {
    if (t.tunnels[i].packets)
      tunnels[decode::tunnel_type_name(static_cast<decode::TunnelType>(i))] = packet_bytes(t.tunnels[i]);
  }
  return {{"packets", t.total.packets},
          {"bytes", t.total.bytes},
          {"ipv4", packet_bytes(t.ipv4)},
          {"ipv6", packet_bytes(t.ipv6)},
          {"non_ip", packet_bytes(t.non_ip)},
          {"arp", packet_bytes(t.arp)},
          {"tcp", packet_bytes(t.tcp)},
          {"udp", packet_bytes(t.udp)},
          {"icmp", packet_bytes(t.icmp)},
          {"other_l4", packet_bytes(t.other_l4)},
          {"fragments", packet_bytes(t.fragments)},
          {"tunnels", std::move(tunnels)},
          {"dpi_packets", t.dpi_packets},
          {"flows", r.results.flows.size()},
          {"flows_evicted", r.results.table.evicted},
          {"flows_expired", r.results.table.expired},
          {"kernel_drops", r.results.kernel_drops},
          {"interface_drops", r.results.interface_drops},
          {"queue_drops", r.results.queue_drops}};
}

json::object anomalies(const core::AnomalyCounters& a) {
  json::object o;
  for (size_t i = 0; i < core::kAnomalyCount; ++i) {
    if (a.counts[i]) o[core::anomaly_name(static_cast<core::Anomaly>(i))] = a.counts[i];
  }
  return o;
}

json::object host(const HostTotals& h) {
  return {{"ip", h.ip.to_string()},
          {"vlan", h.vlan},
          {"packets_sent", h.packets_sent},
          {"packets_rcvd", h.packets_rcvd},
          {"bytes_sent", h.bytes_sent},
          {"bytes_rcvd", h.bytes_rcvd},
          {"flows_as_client", h.flows_as_client},
          {"flows_as_server", h.flows_as_server}};
}

json::object application(const ApplicationTotals& a) {
  return {{"name", a.name},   {"master", a.master}, {"app", a.app},         {"category", a.category},
          {"breed", a.breed}, {"flows", a.flows},   {"packets", a.packets}, {"bytes", a.bytes}};
}

json::object direction(const flow::DirectionStats& d) {
  return {{"packets", d.packets}, {"bytes", d.bytes}, {"payload_bytes", d.payload_bytes}};
}

json::object tcp(const flow::TcpInfo& t) {
  auto dir = [](const flow::TcpDirection& d) {
    return json::object{{"retransmissions", d.retransmissions},
                        {"out_of_order", d.out_of_order},
                        {"lost", d.lost},
                        {"zero_windows", d.zero_windows}};
  };
  json::object o{{"state", std::string(flow::tcp_state_name(t.state))},
                 {"client_to_server", dir(t.dir[0])},
                 {"server_to_client", dir(t.dir[1])}};
  o["client_rtt_ms"] = t.client_rtt_ns >= 0 ? json::value(t.client_rtt_ns / 1e6) : json::value(nullptr);
  o["server_rtt_ms"] = t.server_rtt_ns >= 0 ? json::value(t.server_rtt_ns / 1e6) : json::value(nullptr);
  return o;
}

// nDPI formats names with snprintf; a report with a million flows asks for the same few hundred names
// over and over, so they are looked up once per (master, app, category, breed).
class NameCache {
 public:
  explicit NameCache(const dpi::Classifier& names) : names_(names) {}
  struct Names {
    json::string application, category, breed;
  };
  const Names& get(const flow::AppInfo& app) {
    uint64_t key =
        (uint64_t{app.master} << 48) | (uint64_t{app.app} << 32) | (uint64_t{app.category} << 8) | app.breed;
    auto [it, inserted] = cache_.try_emplace(key);
    if (inserted) {
      it->second = {json::string(names_.application_name(app)), json::string(names_.category_name(app)),
                    json::string(names_.breed_name(app))};
    }
    return it->second;
  }
  const dpi::Classifier& classifier() const { return names_; }

 private:
  const dpi::Classifier& names_;
  std::unordered_map<uint64_t, Names> cache_;
};

json::object flow_object(const flow::Flow& f, NameCache& cache) {
  const auto& names = cache.classifier();
  const NameCache::Names& n = cache.get(f.app);
  json::object o{{"client_ip", f.client().ip.to_string()},
                 {"client_port", f.client().port},
                 {"server_ip", f.server().ip.to_string()},
                 {"server_port", f.server().port},
                 {"l4", l4_name(f.key.l4)},
                 {"vlan", f.key.vlan},
                 {"application", n.application},
                 {"category", n.category},
                 {"breed", n.breed},
                 {"detection", f.app.status == flow::DpiStatus::Detected ? "dpi"
                               : f.app.guessed                           ? "guessed"
                                                                         : "undetected"},
                 {"packets", f.packets()},
                 {"bytes", f.bytes()},
                 {"first_seen", seconds(f.first_seen())},
                 {"last_seen", seconds(f.last_seen())},
                 {"client_to_server", direction(f.dir[0])},
                 {"server_to_client", direction(f.dir[1])},
                 {"end", std::string(flow::end_reason_name(f.end))}};
  if (!f.app.server_name.empty()) o["server_name"] = f.app.server_name;
  if (f.app.risk) {
    json::array risks;
    for (auto& r : names.risk_names(f.app.risk))
      risks.emplace_back(r);
    o["risks"] = std::move(risks);
  }
  if (f.key.l4 == 6) o["tcp"] = tcp(f.tcp);
  return o;
}

// Writes `"name": [` ... `]` one element per line.
template <typename Range, typename Fn>
void write_array(std::ostream& out, const char* name, const Range& items, Fn&& to_json, bool last = false) {
  out << "  \"" << name << "\": [";
  bool first = true;
  for (const auto& item : items) {
    out << (first ? "\n    " : ",\n    ") << json::serialize(to_json(item));
    first = false;
  }
  out << (first ? "]" : "\n  ]") << (last ? "\n" : ",\n");
}

}  // namespace

void write_json(std::ostream& out, const AnalysisReport& r, const dpi::Classifier& names,
                const stats::StatsStore* statistics, const StatsReportOptions& options) {
  NameCache cache(names);
  out << "{\n";
  out << "  \"source\": " << json::serialize(json::value(r.source)) << ",\n";
  out << "  \"workers\": " << r.workers << ",\n";
  out << "  \"totals\": " << json::serialize(totals(r)) << ",\n";
  out << "  \"anomalies\": " << json::serialize(anomalies(r.results.anomalies)) << ",\n";
  write_array(out, "applications", r.applications, application);
  write_array(out, "hosts", r.hosts, host);
  write_array(out, "tunnel_endpoints", r.results.tunnel_endpoints, [](const auto& kv) {
    return json::object{{"ip", kv.first.to_string()},
                        {"packets_sent", kv.second.sent.packets},
                        {"packets_rcvd", kv.second.rcvd.packets},
                        {"bytes_sent", kv.second.sent.bytes},
                        {"bytes_rcvd", kv.second.rcvd.bytes}};
  });
  if (statistics) {
    out << "  \"statistics\": ";
    write_statistics_json(out, *statistics, names, options);
    out << ",\n";
  }
  write_array(
      out, "flows", r.flow_order, [&](size_t i) { return flow_object(r.results.flows[i], cache); }, true);
  out << "}\n";
}

}  // namespace netmeter::report
