#include "report/json_report.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <string>

#include "report/flow_json.hpp"
#include "report/json_writer.hpp"
#include "report/stats_json.hpp"

namespace netmeter::report {

namespace json = boost::json;

namespace {

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

// The flows, one object per line, written as text in pieces of about a megabyte: a JSON value built
// and serialised per flow cost more than the rest of the report.
void write_flows(std::ostream& out, const AnalysisReport& r, const dpi::Classifier& classifier) {
  FlowNames names(classifier);
  std::string text;
  constexpr size_t kPiece = 1 << 20;
  text.reserve(kPiece + 4096);
  out << "  \"flows\": [";
  bool first = true;
  for (size_t i : r.flow_order) {
    text += first ? "\n    " : ",\n    ";
    first = false;
    JsonWriter w(text);
    write_flow(w, r.results.flows[i], names);
    if (text.size() >= kPiece) {
      out << text;
      text.clear();
    }
  }
  out << text << (first ? "]\n" : "\n  ]\n");
}

}  // namespace

void write_json(std::ostream& out, const AnalysisReport& r, const dpi::Classifier& names,
                const stats::StatsStore* statistics, const StatsReportOptions& options) {
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
  write_flows(out, r, names);
  out << "}\n";
}

}  // namespace netmeter::report
