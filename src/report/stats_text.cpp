#include "report/stats_text.hpp"

#include <algorithm>
#include <string>

#include "report/analysis_report.hpp"
#include "report/stats_labels.hpp"
#include "report/stats_tables.hpp"
#include "report/text_format.hpp"

namespace netmeter::report {

namespace {

using ull = unsigned long long;

std::string packets_bytes(const stats::Traffic& t) {
  return line("%llu pkts, %s", (ull)t.packets(), human_bytes(t.bytes()).c_str());
}

void interface(std::ostream& out, const stats::StatsStore& s) {
  const auto& i = s.iface();
  const auto& all = i.traffic.total;
  out << "\nStatistics\n";
  out << line("Interface: %llu packets, %llu bytes (%s on the wire with 24 B/packet); IP %llu, non-IP %llu\n",
              (ull)all.packets(), (ull)all.bytes(), human_bytes(all.bytes() + 24 * all.packets()).c_str(),
              (ull)i.ip.packets(), (ull)i.non_ip_packets);
  out << "  local->remote " << packets_bytes(i.local_to_remote) << "; remote->local "
      << packets_bytes(i.remote_to_local) << "; local<->local " << packets_bytes(i.local_to_local)
      << "; remote<->remote " << packets_bytes(i.remote_to_remote) << "\n";
  out << line("  TCP retransmissions %llu, out of order %llu, lost %llu; hosts %zu, MACs %zu, flows %llu\n",
              (ull)i.tcp_retransmissions, (ull)i.tcp_out_of_order, (ull)i.tcp_lost, s.hosts().size(),
              s.macs().size(), (ull)i.flows_total);
  if (!i.traffic.history.empty()) {
    int64_t last = s.last_second();
    auto t = i.traffic.history.sum(last, last + 1, s.config().global_history);
    out << line("  last second (%lld): %s\n", (long long)last, packets_bytes(t).c_str());
  }
}

void hosts(std::ostream& out, const stats::StatsStore& s, size_t top) {
  auto order = host_order(s);
  out << "\nTop hosts (statistics):\n"
      << line("  %-44s %10s %10s %12s %12s %7s  %s\n", "host", "pkts rx", "pkts tx", "bytes rx", "bytes tx",
              "flows", "name");
  for (size_t i = 0; i < std::min(top, order.size()); ++i) {
    const auto& h = s.hosts().at(order[i]);
    const auto& t = h.traffic.total;
    out << line("  %-44s %10llu %10llu %12llu %12llu %7llu  %s\n", h.key.to_string().c_str(),
                (ull)t.rx_packets, (ull)t.tx_packets, (ull)t.rx_bytes, (ull)t.tx_bytes,
                (ull)(h.flows_as_client + h.flows_as_server), h.name().c_str());
  }
}

void macs(std::ostream& out, const stats::StatsStore& s, size_t top) {
  auto order = mac_order(s);
  out << "\nTop MACs:\n"
      << line("  %-17s %10s %10s %12s %12s %4s\n", "mac", "pkts rx", "pkts tx", "bytes rx", "bytes tx",
              "ips");
  for (size_t i = 0; i < std::min(top, order.size()); ++i) {
    const auto& t = order[i]->traffic.total;
    out << line("  %-17s %10llu %10llu %12llu %12llu %4zu\n", stats::mac_to_string(order[i]->mac).c_str(),
                (ull)t.rx_packets, (ull)t.tx_packets, (ull)t.rx_bytes, (ull)t.tx_bytes, order[i]->ips.size());
  }
}

template <typename Label>
void table(std::ostream& out, const char* title, const TableRows& rows, size_t top, Label&& label) {
  if (rows.rows.empty()) return;
  out << "\n" << title << ":\n";
  for (size_t i = 0; i < std::min(top, rows.rows.size()); ++i)
    out << line("  %-32s %s\n", label(rows.rows[i].first).c_str(),
                packets_bytes(rows.rows[i].second->total).c_str());
}

}  // namespace

void write_statistics_text(std::ostream& out, const stats::StatsStore& s, const dpi::Classifier& names,
                           size_t top) {
  StatsNames labels(names);
  interface(out, s);
  hosts(out, s, top);
  macs(out, s, top);
  table(out, "Server ports", server_port_rows(s), top,
        [](uint64_t k) { return l4_name(static_cast<uint8_t>(k >> 16)) + "/" + std::to_string(k & 0xFFFF); });
  table(out, "Applications (statistics)", application_rows(s), top,
        [&](uint64_t k) { return labels.app(static_cast<uint32_t>(k)).name; });
  table(out, "Categories", category_rows(s), top,
        [&](uint64_t k) { return labels.category(static_cast<uint16_t>(k)); });
  table(out, "VLANs", vlan_rows(s), top,
        [](uint64_t k) { return std::string((k >> 16) ? "inner " : "outer ") + std::to_string(k & 0xFFFF); });
  table(out, "MPLS labels", mpls_rows(s), top, [](uint64_t k) { return std::to_string(k); });
  table(out, "ICMP", icmp_rows(s), top, [](uint64_t k) {
    return line("%s type %llu code %llu", (k >> 16) ? "ICMPv6" : "ICMP", (ull)((k >> 8) & 0xFF),
                (ull)(k & 0xFF));
  });

  out << "\nDSCP:\n";
  for (size_t c = 0; c < s.dscp().size(); ++c)
    if (!s.dscp()[c].total.empty())
      out << line("  %-32s %s\n", stats::dscp_name(static_cast<uint8_t>(c)).c_str(),
                  packets_bytes(s.dscp()[c].total).c_str());
  out << "\nPacket sizes:\n";
  for (int b = 0; b < stats::kSizeBins; ++b)
    out << line("  %-32s %s\n", stats::size_bin_name(b),
                packets_bytes(s.sizes()[static_cast<size_t>(b)].total).c_str());
  const auto& arp = s.arp();
  if (arp.requests || arp.replies)
    out << line("\nARP: %llu requests, %llu replies, %llu gratuitous\n", (ull)arp.requests, (ull)arp.replies,
                (ull)arp.gratuitous);
  auto groups = multicast_rows(s);
  if (!groups.empty()) {
    out << "\nMulticast groups:\n";
    for (size_t i = 0; i < std::min(top, groups.size()); ++i)
      out << line("  %-32s %s\n", groups[i].first.to_string().c_str(),
                  packets_bytes(groups[i].second->total).c_str());
  }
}

}  // namespace netmeter::report
