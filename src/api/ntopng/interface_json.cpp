#include "api/ntopng/interface_json.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "api/routes.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

std::string counted(int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n > 1 ? "s" : "");
}

/// "HH:MM:SS +zzzz" of `epoch` in the server's time zone.
std::string local_time(int64_t epoch) {
  const time_t t = static_cast<time_t>(epoch);
  struct tm tm {};
  localtime_r(&t, &tm);
  std::array<char, 32> buf{};
  size_t n = std::strftime(buf.data(), buf.size(), "%H:%M:%S %z", &tm);
  return std::string(buf.data(), n);
}

/// `value` % of `capacity`, rounded up as ntopng does (floor(1 + v*100/capacity)).
uint64_t pctg(uint64_t value, uint64_t capacity) {
  return static_cast<uint64_t>(
      std::floor(1.0 + static_cast<double>(value) * 100.0 / static_cast<double>(capacity)));
}

json::object rate(const stats::Traffic& rx_or_tx_only, bool rx) {
  uint64_t packets = rx ? rx_or_tx_only.rx_packets : rx_or_tx_only.tx_packets;
  uint64_t bytes = rx ? rx_or_tx_only.rx_bytes : rx_or_tx_only.tx_bytes;
  return json::object{{"bps", bytes + kPacketOverhead * packets}, {"pps", packets}};
}

void put_counters(json::object& o, const query::InterfaceSummary& s, uint64_t drops) {
  const stats::Traffic& all = s.traffic.all_time;
  o["packets"] = all.packets();
  o["bytes"] = all.bytes() + kPacketOverhead * all.packets();
  o["drops"] = drops;
  o["packets_download"] = all.rx_packets;
  o["packets_upload"] = all.tx_packets;
  o["bytes_download"] = all.rx_bytes + kPacketOverhead * all.rx_packets;
  o["bytes_upload"] = all.tx_bytes + kPacketOverhead * all.tx_packets;
  const stats::Traffic& last = s.traffic.last_second;
  o["throughput_bps"] = last.bytes() + kPacketOverhead * last.packets();
  o["throughput_pps"] = last.packets();
  o["throughput"] = json::object{{"download", rate(last, true)}, {"upload", rate(last, false)}};
  o["local2remote"] = s.local_to_remote.bytes();
  o["remote2local"] = s.remote_to_local.bytes();
  o["tcpPacketStats"] = json::object{
      {"retransmissions", s.tcp_retransmissions}, {"out_of_order", s.tcp_out_of_order}, {"lost", s.tcp_lost}};
}

struct Capacity {
  size_t hosts = 0;
  size_t macs = 0;
};

void put_counts(json::object& o, const NtopCall& c, const query::InterfaceSummary& s) {
  const auto visible = c.visible();
  const query::HostCounts hosts = c.query().host_counts(visible);
  o["num_flows"] = c.query().flow_total(keeps_finished_flows(c), visible);
  o["num_hosts"] = hosts.hosts;
  o["num_local_hosts"] = hosts.local_hosts;
  o["num_devices"] = hosts.devices;
  const Capacity cap = c.query().read([](const stats::StatsStore& store, const query::NameResolver&) {
    return Capacity{store.config().max_hosts, store.config().max_macs};
  });
  // Percentages of the tables' capacities tell the slot's load, a figure over every host: not shown to
  // a user limited to some networks.
  if (visible) return;
  if (cap.hosts) o["hosts_pctg"] = pctg(s.hosts, cap.hosts);
  if (cap.macs) o["macs_pctg"] = pctg(s.macs, cap.macs);
}

}  // namespace

std::string seconds_to_time(int64_t seconds) {
  if (seconds < 1) return "< 1 sec";
  int64_t days = seconds / 86400;
  const int64_t hours = seconds / 3600 % 24, minutes = seconds / 60 % 60, secs = seconds % 60;
  std::string out;
  if (days > 0) {
    if (const int64_t years = days / 365; years > 0) {
      out = counted(years, "year") + ", ";
      days %= 365;
    }
    out += counted(days, "day") + ", ";
  }
  std::array<char, 32> buf{};
  if (seconds >= 3600) {
    std::snprintf(buf.data(), buf.size(), "%02lld:%02lld:%02lld", static_cast<long long>(hours),
                  static_cast<long long>(minutes), static_cast<long long>(secs));
    return out + buf.data();
  }
  std::snprintf(buf.data(), buf.size(), "%02lld:%02lld %s", static_cast<long long>(minutes),
                static_cast<long long>(secs), seconds < 60 ? "sec" : "min");
  return out + buf.data();
}

bool keeps_finished_flows(const NtopCall& c) {
  return !c.slot->status().live;
}

json::object interface_data(const NtopCall& c, const DataContext& ctx) {
  const SlotStatus st = c.slot->status();
  const query::InterfaceSummary s = c.query().interface();
  json::object o;
  o["ifid"] = std::to_string(c.ifid);  // ntopng echoes the parameter, a string; clients parse it so
  o["ifname"] = c.slot->info().name;
  // Statistics advance one second of packet time at a time.
  o["periodic_stats_update_frequency_secs"] = 1;
  put_counters(o, s, st.kernel_drops + st.interface_drops);
  put_counts(o, c, s);
  o["epoch"] = ctx.now_s;
  o["localtime"] = local_time(ctx.now_s);
  o["uptime_sec"] = ctx.uptime_s;
  o["uptime"] = seconds_to_time(ctx.uptime_s);
  o["is_view"] = false;
  return o;
}

std::vector<std::string> interface_addresses(const std::string& name) {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || !a->ifa_name || name != a->ifa_name) continue;
    const int family = a->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    std::array<char, INET6_ADDRSTRLEN> text{};
    const void* addr =
        family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr);
    if (!inet_ntop(family, addr, text.data(), text.size())) continue;
    // ntopng gives each address as a host route: /32 or /128.
    out.push_back(std::string(text.data()) + (family == AF_INET ? "/32" : "/128"));
  }
  freeifaddrs(list);
  return out;
}

}  // namespace netmeter::api::ntopng
