#include "report/text_report.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "report/stats_text.hpp"
#include "report/text_format.hpp"

namespace netmeter::report {

namespace {

std::string endpoint(const core::Endpoint& e) {
  std::string ip = e.ip.to_string();
  if (e.ip.is_v6()) ip = "[" + ip + "]";
  return ip + ":" + std::to_string(e.port);
}

}  // namespace

void write_text(std::ostream& out, const AnalysisReport& r, const dpi::Classifier& names, size_t top,
                const stats::StatsStore* statistics) {
  const auto& t = r.results.traffic;
  out << "netmeter analysis of " << r.source << " (" << r.workers << " worker" << (r.workers == 1 ? "" : "s")
      << ")\n\n";
  out << line("Packets %llu, bytes %llu (%s); IPv4 %llu, IPv6 %llu, non-IP %llu\n",
              (unsigned long long)t.total.packets, (unsigned long long)t.total.bytes,
              human_bytes(t.total.bytes).c_str(), (unsigned long long)t.ipv4.packets,
              (unsigned long long)t.ipv6.packets, (unsigned long long)t.non_ip.packets);
  out << line("Flows %zu (evicted %llu, expired %llu); hosts %zu\n", r.results.flows.size(),
              (unsigned long long)r.results.table.evicted, (unsigned long long)r.results.table.expired,
              r.hosts.size());
  if (r.results.kernel_drops || r.results.queue_drops)
    out << line("Dropped: kernel %llu, queue %llu\n", (unsigned long long)r.results.kernel_drops,
                (unsigned long long)r.results.queue_drops);

  out << "\nAnomalies:";
  if (r.results.anomalies.total() == 0) out << " none";
  out << "\n";
  for (size_t i = 0; i < core::kAnomalyCount; ++i) {
    if (auto c = r.results.anomalies.counts[i])
      out << line("  %-28s %llu\n", std::string(core::anomaly_name(static_cast<core::Anomaly>(i))).c_str(),
                  (unsigned long long)c);
  }

  out << "\nApplications:\n" << line("  %-32s %8s %10s %12s\n", "name", "flows", "packets", "bytes");
  for (const auto& a : r.applications)
    out << line("  %-32s %8llu %10llu %12llu\n", a.name.c_str(), (unsigned long long)a.flows,
                (unsigned long long)a.packets, (unsigned long long)a.bytes);

  out << "\nTop hosts by bytes:\n"
      << line("  %-40s %5s %10s %10s %12s %12s\n", "ip", "vlan", "pkts sent", "pkts rcvd", "bytes sent",
              "bytes rcvd");
  for (size_t i = 0; i < std::min(top, r.hosts.size()); ++i) {
    const auto& h = r.hosts[i];
    out << line("  %-40s %5u %10llu %10llu %12llu %12llu\n", h.ip.to_string().c_str(), h.vlan,
                (unsigned long long)h.packets_sent, (unsigned long long)h.packets_rcvd,
                (unsigned long long)h.bytes_sent, (unsigned long long)h.bytes_rcvd);
  }

  std::vector<size_t> by_bytes = r.flow_order;
  const auto& flows = r.results.flows;
  std::stable_sort(by_bytes.begin(), by_bytes.end(),
                   [&](size_t a, size_t b) { return flows[a].bytes() > flows[b].bytes(); });
  out << "\nTop flows by bytes:\n";
  for (size_t i = 0; i < std::min(top, by_bytes.size()); ++i) {
    const auto& f = flows[by_bytes[i]];
    std::string app = names.application_name(f.app);
    if (!f.app.server_name.empty()) app += " (" + f.app.server_name + ")";
    out << line("  %-6s %s -> %s  %llu pkts  %s  %s\n", l4_name(f.key.l4).c_str(),
                endpoint(f.client()).c_str(), endpoint(f.server()).c_str(), (unsigned long long)f.packets(),
                human_bytes(f.bytes()).c_str(), app.c_str());
  }
  if (statistics) write_statistics_text(out, *statistics, names, top);
}

}  // namespace netmeter::report
