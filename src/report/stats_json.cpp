#include "report/stats_json.hpp"

#include <algorithm>
#include <string>

#include "report/analysis_report.hpp"
#include "report/host_connections.hpp"
#include "report/interface_series.hpp"
#include "report/json_writer.hpp"
#include "report/l7_json.hpp"
#include "report/section_writer.hpp"
#include "report/stats_labels.hpp"
#include "report/stats_tables.hpp"

namespace netmeter::report {

namespace {

using stats::Traffic;

// Ethernet preamble and start delimiter (8), frame check sequence (4), inter-frame gap (12): what a frame
// occupies on the wire beyond its captured bytes, as ntopng counts interface bytes.
constexpr uint64_t kWireOverhead = 24;

const char* const kTcpFlagNames[] = {"syn", "synack", "fin", "rst", "psh", "urg"};
static_assert(std::size(kTcpFlagNames) == static_cast<size_t>(stats::TcpFlagCount::Count));

void directed(JsonWriter& w, const Traffic& t) {
  w.member("rx_packets", t.rx_packets)
      .member("rx_bytes", t.rx_bytes)
      .member("tx_packets", t.tx_packets)
      .member("tx_bytes", t.tx_bytes);
}

// Modules without a direction count everything as received.
void undirected(JsonWriter& w, const Traffic& t) {
  w.member("packets", t.packets()).member("bytes", t.bytes());
}

void packets_bytes(JsonWriter& w, std::string_view key, const Traffic& t) {
  w.key(key).begin_object();
  undirected(w, t);
  w.end_object();
}

void ms_stats(JsonWriter& w, std::string_view key, const stats::TimeStats& t) {
  w.key(key).begin_object().member("count", t.count);
  if (t.count) {
    w.member("min", static_cast<double>(t.min) / 1e6)
        .member("avg", static_cast<double>(t.avg()) / 1e6)
        .member("max", static_cast<double>(t.max) / 1e6);
  }
  w.end_object();
}

// Writes the `"statistics"` object member by member, buffered: a member's value on one line, or a list
// with one element per line.
class StatisticsJson {
 public:
  StatisticsJson(const stats::StatsStore& s, const dpi::Classifier& names, const StatsReportOptions& o)
      : s_(s), names_(names), options_(o) {}

  void write(SectionWriter& out) {
    out.member("interface", [&](JsonWriter& w) { interface(w); });
    hosts(out);
    macs(out);
    server_ports(out);
    traffic_tables(out);
    small_modules(out);
    write_l7_sections(out, s_.l7());
    out.end();
  }

 private:
  void interface(JsonWriter& w);
  void interface_time(JsonWriter& w);
  void hosts(SectionWriter& out);
  void host(JsonWriter& w, const stats::HostEntry& h, std::span<const HostConnectionRef> refs);
  void host_counters(JsonWriter& w, const stats::HostEntry& h);
  void host_l7(JsonWriter& w, const stats::HostEntry& h);
  void host_lists(JsonWriter& w, std::span<const HostConnectionRef> refs);
  void macs(SectionWriter& out);
  void server_ports(SectionWriter& out);
  void traffic_tables(SectionWriter& out);
  void small_modules(SectionWriter& out);

  const stats::StatsStore& s_;
  StatsNames names_;
  StatsReportOptions options_;
};

void StatisticsJson::interface(JsonWriter& w) {
  const stats::InterfaceStats& i = s_.iface();
  const Traffic& all = i.traffic.total;
  w.begin_object()
      .member("packets", all.packets())
      .member("bytes", all.bytes())
      .member("line_bytes", all.bytes() + kWireOverhead * all.packets())
      .time_member("first_seen", i.traffic.first_ns)
      .time_member("last_seen", i.traffic.last_ns);
  packets_bytes(w, "ip", i.ip);
  w.member("non_ip_packets", i.non_ip_packets);
  w.key("local_networks").begin_array();
  for (const auto& c : s_.config().local_networks)
    w.value(c.to_string());
  w.end_array();
  w.key("matrix").begin_object();
  packets_bytes(w, "local_to_remote", i.local_to_remote);
  packets_bytes(w, "remote_to_local", i.remote_to_local);
  packets_bytes(w, "local_to_local", i.local_to_local);
  packets_bytes(w, "remote_to_remote", i.remote_to_remote);
  w.end_object();
  w.key("tcp")
      .begin_object()
      .member("retransmissions", i.tcp_retransmissions)
      .member("out_of_order", i.tcp_out_of_order)
      .member("lost", i.tcp_lost)
      .end_object();
  w.member("hosts", uint64_t{s_.hosts().size()})
      .member("hosts_refused", s_.hosts().refused())
      .member("hosts_expired", i.hosts_expired)
      .member("macs", uint64_t{s_.macs().size()});
  w.key("flows")
      .begin_object()
      .member("total", i.flows_total)
      .member("active", uint64_t{s_.active_connections().size()})
      .member("finished_kept", uint64_t{s_.finished_connections().size()})
      .member("finished_dropped", i.connections_dropped)
      .end_object();
  interface_time(w);
  w.end_object();
}

void StatisticsJson::interface_time(JsonWriter& w) {
  const auto& h = s_.iface().traffic.history;
  const auto& cfg = s_.config().global_history;
  if (h.empty()) {
    w.key("last_second").null().key("last_minute").null().key("per_second").null();
    return;
  }
  int64_t last = s_.last_second();
  Traffic t = h.sum(last, last + 1, cfg);
  w.key("last_second")
      .begin_object()
      .member("second", last)
      .member("packets", t.packets())
      .member("bytes", t.bytes())
      .member("line_bytes", t.bytes() + kWireOverhead * t.packets())
      .end_object();
  t = h.sum(last - 59, last + 1, cfg);
  w.key("last_minute")
      .begin_object()
      .member("from", last - 59)
      .member("to", last + 1)
      .member("packets", t.packets())
      .member("bytes", t.bytes())
      .end_object();
  InterfaceSeries series = interface_series(s_);
  w.key("per_second")
      .begin_object()
      .member("resolution", series.resolution)
      .member("from", series.from)
      .member("to", series.to);
  w.key("buckets").begin_array();
  for (const auto& [start, v] : series.buckets)
    w.begin_array().value(start).value(v.packets()).value(v.bytes()).end_array();
  w.end_array().end_object();
}

void StatisticsJson::hosts(SectionWriter& out) {
  const auto& table = s_.hosts();
  HostConnections conns(s_);
  out.list("hosts", host_order(s_),
           [&](JsonWriter& w, uint32_t slot) { host(w, table.at(slot), conns.of(slot)); });
}

void StatisticsJson::host(JsonWriter& w, const stats::HostEntry& h, std::span<const HostConnectionRef> refs) {
  w.begin_object()
      .member("key", h.key.to_string())
      .member("ip", h.key.ip.to_string())
      .member("vlan", h.key.vlan);
  directed(w, h.traffic.total);
  w.time_member("first_seen", h.traffic.first_ns)
      .time_member("last_seen", h.traffic.last_ns)
      .member("local", h.local)
      .member("multicast", h.multicast)
      .member("broadcast", h.broadcast);
  w.key("ttl");
  if (h.ttl.count) {
    w.begin_object()
        .member("min", uint64_t{h.ttl.min})
        .member("avg", static_cast<double>(h.ttl.sum) / static_cast<double>(h.ttl.count))
        .member("max", uint64_t{h.ttl.max})
        .end_object();
  } else {
    w.null();
  }
  std::vector<stats::MacKey> macs = h.macs;
  std::sort(macs.begin(), macs.end());
  w.key("macs").begin_array();
  for (auto m : macs)
    w.value(stats::mac_to_string(m));
  w.end_array();
  w.member("name", h.name())
      .key("names")
      .begin_object()
      .member("dns", h.dns_name)
      .member("dhcp", h.dhcp_name)
      .member("served", h.served_name)
      .end_object();
  w.key("flows")
      .begin_object()
      .member("as_client", h.flows_as_client)
      .member("as_server", h.flows_as_server)
      .member("active_as_client", uint64_t{h.active_as_client})
      .member("active_as_server", uint64_t{h.active_as_server})
      .end_object();
  host_counters(w, h);
  host_l7(w, h);
  host_lists(w, refs);
  w.end_object();
}

void StatisticsJson::host_counters(JsonWriter& w, const stats::HostEntry& h) {
  auto app_list = [&](const char* key, std::vector<stats::HostAppTraffic> rows, bool categories) {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      if (a.traffic.bytes() != b.traffic.bytes()) return a.traffic.bytes() > b.traffic.bytes();
      return a.key < b.key;
    });
    w.key(key).begin_array();
    for (const auto& a : rows) {
      w.begin_object();
      if (categories) {
        w.member("name", names_.category(static_cast<uint16_t>(a.key)));
      } else {
        const auto& n = names_.app(a.key);
        w.member("name", n.name).member("master", n.master).member("app", n.app);
      }
      w.member("flows", uint64_t{a.flows});
      directed(w, a.traffic);
      w.end_object();
    }
    w.end_array();
  };
  app_list("applications", h.apps, false);
  app_list("categories", h.categories, true);

  std::vector<std::pair<uint8_t, Traffic>> dscp = h.dscp;
  if (Traffic rest = h.dscp_traffic(0); !rest.empty()) dscp.emplace_back(0, rest);
  std::sort(dscp.begin(), dscp.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  w.key("dscp").begin_array();
  for (const auto& [c, t] : dscp) {
    w.begin_object().member("class", uint64_t{c}).member("name", stats::dscp_name(c));
    directed(w, t);
    w.end_object();
  }
  w.end_array();

  w.key("packet_sizes_sent").begin_object();
  for (int b = 0; b < stats::kSizeBins; ++b)
    w.member(stats::size_bin_name(b), h.sizes[static_cast<size_t>(b)]);
  w.end_object();
  w.key("tcp_flags_sent").begin_object();
  for (size_t f = 0; f < h.tcp_flags.size(); ++f)
    w.member(kTcpFlagNames[f], h.tcp_flags[f]);
  w.end_object();
  w.key("tcp")
      .begin_object()
      .member("retransmissions", h.tcp.retransmissions)
      .member("out_of_order", h.tcp.out_of_order)
      .member("lost", h.tcp.lost)
      .member("zero_windows", h.tcp.zero_windows);
  ms_stats(w, "rtt_ms", h.tcp.rtt);
  w.end_object();
  w.key("arp_sent")
      .begin_object()
      .member("requests", h.arp.requests)
      .member("replies", h.arp.replies)
      .member("gratuitous", h.arp.gratuitous)
      .end_object();
}

void StatisticsJson::host_l7(JsonWriter& w, const stats::HostEntry& h) {
  const auto& d = h.dns;
  w.key("dns")
      .begin_object()
      .member("queries_sent", d.queries_sent)
      .member("replies_ok_rcvd", d.replies_ok_rcvd)
      .member("replies_error_rcvd", d.replies_error_rcvd)
      .member("queries_rcvd", d.queries_rcvd)
      .member("replies_ok_sent", d.replies_ok_sent)
      .member("replies_error_sent", d.replies_error_sent);
  auto by_type = d.queries_by_type;
  std::sort(by_type.begin(), by_type.end());
  w.key("queries_sent_by_type").begin_object();
  for (const auto& [qtype, n] : by_type)
    w.member(std::to_string(qtype), n);
  w.end_object().end_object();

  const auto& http = h.http.get();
  auto counts = [&](const char* key, const auto& values) {
    w.key(key).begin_array();
    for (auto v : values)
      w.value(uint64_t{v});
    w.end_array();
  };
  w.key("http").begin_object();
  counts("requests_sent_by_method", http.methods);
  counts("responses_rcvd_by_class", http.status_classes);
  counts("responses_sent_by_class", http.served_classes);
  w.member("requests_rcvd", http.requests_rcvd).end_object();
}

void StatisticsJson::host_lists(JsonWriter& w, std::span<const HostConnectionRef> refs) {
  size_t limit = options_.host_list_limit;
  auto peers = peer_rows(refs, limit);
  w.member("peers_total", uint64_t{peers.total}).key("peers").begin_array();
  for (const auto& p : peers.rows) {
    w.begin_object().member("key", p.peer.to_string()).member("flows", p.flows);
    directed(w, p.traffic);
    w.end_object();
  }
  w.end_array();

  w.key("ports").begin_object();
  for (bool server : {true, false}) {
    auto ports = port_rows(refs, server, limit);
    w.member(server ? "server_total" : "client_total", uint64_t{ports.total})
        .key(server ? "server" : "client")
        .begin_array();
    for (const auto& p : ports.rows) {
      w.begin_object().member("l4", l4_name(p.l4)).member("port", p.port).member("flows", p.flows);
      directed(w, p.traffic);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();

  auto protocols = protocol_rows(refs, limit);
  w.member("protocols_total", uint64_t{protocols.total}).key("protocols").begin_array();
  for (const auto& p : protocols.rows) {
    w.begin_object()
        .member("l4", l4_name(p.l4))
        .member("application", names_.app(stats::app_key(p.master, p.app)).name)
        .member("flows", p.flows);
    directed(w, p.traffic);
    w.end_object();
  }
  w.end_array();

  auto conns = connection_rows(refs, limit);
  w.member("connections_total", uint64_t{conns.total}).key("connections").begin_array();
  for (const auto& r : conns.rows) {
    const stats::ConnectionEntry& e = *r.conn;
    w.begin_object()
        .member("role", r.with_itself() ? "both"
                        : r.as_client   ? "client"
                                        : "server")
        .member("client", e.client().ip.to_string())
        .member("client_port", e.client_port())
        .member("server", e.server().ip.to_string())
        .member("server_port", e.server_port())
        .member("vlan", e.state.key.vlan)
        .member("l4", l4_name(e.state.key.l4))
        .member("application", names_.app(stats::app_key(e.state.master, e.state.app)).name);
    directed(w, r.traffic());
    w.time_member("first_seen", e.first_ns())
        .time_member("last_seen", e.last_ns())
        .member("end", flow::end_reason_name(e.state.end))
        .end_object();
  }
  w.end_array();
}

void StatisticsJson::macs(SectionWriter& out) {
  out.list("macs", mac_order(s_), [&](JsonWriter& w, const stats::MacEntry* m) {
    w.begin_object().member("mac", stats::mac_to_string(m->mac)).member("vendor", m->vendor);
    directed(w, m->traffic.total);
    w.time_member("first_seen", m->traffic.first_ns)
        .time_member("last_seen", m->traffic.last_ns)
        .member("broadcast", stats::mac_is_broadcast(m->mac))
        .member("multicast", stats::mac_is_multicast(m->mac));
    std::vector<core::IpAddress> ips = m->ips;
    std::sort(ips.begin(), ips.end());
    w.key("ips").begin_array();
    for (const auto& ip : ips)
      w.value(ip.to_string());
    w.end_array();
    std::vector<uint16_t> vlans = m->vlans;
    std::sort(vlans.begin(), vlans.end());
    w.key("vlans").begin_array();
    for (auto v : vlans)
      w.value(v);
    w.end_array();
    auto ethertypes = m->ethertypes;
    std::sort(ethertypes.begin(), ethertypes.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    w.key("ethertypes_sent").begin_array();
    for (const auto& [type, t] : ethertypes)
      w.begin_object()
          .member("ethertype", ethertype_text(type))
          .member("packets", t.packets())
          .member("bytes", t.bytes())
          .end_object();
    w.end_array();
    w.key("arp_sent")
        .begin_object()
        .member("requests", m->arp.requests)
        .member("replies", m->arp.replies)
        .member("gratuitous", m->arp.gratuitous)
        .end_object()
        .end_object();
  });
}

void StatisticsJson::server_ports(SectionWriter& out) {
  auto flows = flows_per_server_port(s_);
  auto rows = server_port_rows(s_);
  out.list("server_ports", rows.rows, [&](JsonWriter& w, const TableRow& r) {
    auto it = std::lower_bound(flows.begin(), flows.end(), std::pair<uint64_t, uint64_t>(r.first, 0));
    uint64_t n = it != flows.end() && it->first == r.first ? it->second : 0;
    w.begin_object()
        .member("l4", l4_name(static_cast<uint8_t>(r.first >> 16)))
        .member("port", r.first & 0xFFFF)
        .member("flows", n);
    directed(w, r.second->total);
    w.time_member("first_seen", r.second->first_ns).time_member("last_seen", r.second->last_ns).end_object();
  });
}

void StatisticsJson::traffic_tables(SectionWriter& out) {
  auto apps = application_rows(s_);
  out.list("applications", apps.rows, [&](JsonWriter& w, const TableRow& r) {
    const auto& n = names_.app(static_cast<uint32_t>(r.first));
    w.begin_object().member("name", n.name).member("master", n.master).member("app", n.app);
    directed(w, r.second->total);
    w.end_object();
  });
  auto categories = category_rows(s_);
  out.list("categories", categories.rows, [&](JsonWriter& w, const TableRow& r) {
    w.begin_object().member("id", r.first).member("name", names_.category(static_cast<uint16_t>(r.first)));
    directed(w, r.second->total);
    w.end_object();
  });
  auto breeds = breed_rows(s_);
  out.list("breeds", breeds.rows, [&](JsonWriter& w, const TableRow& r) {
    w.begin_object().member("name", names_.breed(static_cast<uint8_t>(r.first)));
    directed(w, r.second->total);
    w.end_object();
  });
}

void StatisticsJson::small_modules(SectionWriter& out) {
  auto vlans = vlan_rows(s_);
  out.list("vlans", vlans.rows, [&](JsonWriter& w, const TableRow& r) {
    w.begin_object().member("level", (r.first >> 16) == 0 ? "outer" : "inner").member("id", r.first & 0xFFFF);
    undirected(w, r.second->total);
    w.end_object();
  });
  auto mpls = mpls_rows(s_);
  out.list("mpls", mpls.rows, [&](JsonWriter& w, const TableRow& r) {
    w.begin_object().member("label", r.first);
    undirected(w, r.second->total);
    w.end_object();
  });
  std::vector<uint8_t> dscp_classes;
  for (size_t c = 0; c < s_.dscp().size(); ++c)
    if (!s_.dscp()[c].total.empty()) dscp_classes.push_back(static_cast<uint8_t>(c));
  out.list("dscp", dscp_classes, [&](JsonWriter& w, uint8_t c) {
    w.begin_object().member("class", uint64_t{c}).member("name", stats::dscp_name(c));
    undirected(w, s_.dscp()[c].total);
    w.end_object();
  });
  std::vector<int> bins;
  for (int b = 0; b < stats::kSizeBins; ++b)
    bins.push_back(b);
  out.list("packet_sizes", bins, [&](JsonWriter& w, int b) {
    w.begin_object().member("range", stats::size_bin_name(b));
    undirected(w, s_.sizes()[static_cast<size_t>(b)].total);
    w.end_object();
  });
  auto icmp = icmp_rows(s_);
  out.list("icmp", icmp.rows, [&](JsonWriter& w, const TableRow& r) {
    w.begin_object()
        .member("version", (r.first >> 16) ? 6 : 4)
        .member("type", (r.first >> 8) & 0xFF)
        .member("code", r.first & 0xFF);
    undirected(w, r.second->total);
    w.end_object();
  });
  out.member("arp", [&](JsonWriter& w) {
    w.begin_object()
        .member("requests", s_.arp().requests)
        .member("replies", s_.arp().replies)
        .member("gratuitous", s_.arp().gratuitous)
        .end_object();
  });
  auto groups = multicast_rows(s_);
  out.list("multicast_groups", groups, [&](JsonWriter& w, const auto& g) {
    w.begin_object()
        .member("key", g.first.to_string())
        .member("ip", g.first.ip.to_string())
        .member("vlan", g.first.vlan);
    undirected(w, g.second->total);
    w.end_object();
  });
}

}  // namespace

void write_statistics_json(std::ostream& out, const stats::StatsStore& store, const dpi::Classifier& names,
                           const StatsReportOptions& options) {
  SectionWriter section(out);
  StatisticsJson(store, names, options).write(section);
}

}  // namespace netmeter::report
