#include "api/ntopng/flow_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "core/ip_address.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

constexpr int64_t kNs = 1'000'000'000;

constexpr std::array<std::pair<uint8_t, std::string_view>, 18> kL4Names{{
    {0, "IP"},
    {1, "ICMP"},
    {2, "IGMP"},
    {6, "TCP"},
    {17, "UDP"},
    {41, "IPv6"},
    {46, "RSVP"},
    {47, "GRE"},
    {50, "ESP"},
    {51, "AH"},
    {58, "IPv6-ICMP"},
    {88, "EIGRP"},
    {89, "OSPF"},
    {103, "PIM"},
    {112, "VRRP"},
    {115, "L2TP"},
    {132, "SCTP"},
    {139, "HIP"},
}};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// The flow's server_name as ntopng shows it: the port stripped, nothing when it is an address.
std::string served_name(std::string_view name) {
  if (core::IpAddress::parse(name)) return {};
  if (auto colon = name.rfind(':'); colon != std::string_view::npos && name.find(':') == colon)
    name = name.substr(0, colon);
  if (core::IpAddress::parse(name)) return {};
  return std::string(name);
}

json::object peer_json(const std::string& name, const stats::HostKey& host, uint16_t port,
                       const query::FlowPeer& peer) {
  json::object o;
  o["name"] = name;
  o["ip"] = host.ip.to_string();
  o["port"] = port;
  o["is_broadcast_domain"] = peer.broadcast_domain;
  return o;
}

/// ntopng's round(x, 0): "%.0f", i.e. half to even.
int64_t round_percent(uint64_t part, uint64_t total) {
  if (total == 0) return 0;
  return static_cast<int64_t>(std::nearbyint(static_cast<double>(part) * 100.0 / static_cast<double>(total)));
}

json::object direction_pair(uint32_t cli2srv, uint32_t srv2cli) {
  return {{"cli2srv", cli2srv}, {"srv2cli", srv2cli}};
}

json::object tcp_json(const flow::TcpInfo& tcp) {
  json::object o;
  json::object latency;
  if (tcp.client_rtt_ns >= 0) latency["cli"] = static_cast<double>(tcp.client_rtt_ns) / 1e6;
  if (tcp.server_rtt_ns >= 0) latency["srv"] = static_cast<double>(tcp.server_rtt_ns) / 1e6;
  if (!latency.empty()) o["nw_latency"] = std::move(latency);
  o["retransmissions"] = direction_pair(tcp.dir[0].retransmissions, tcp.dir[1].retransmissions);
  o["out_of_order"] = direction_pair(tcp.dir[0].out_of_order, tcp.dir[1].out_of_order);
  o["lost"] = direction_pair(tcp.dir[0].lost, tcp.dir[1].lost);
  return o;
}

}  // namespace

std::string l4_name(uint8_t protocol) {
  for (const auto& [number, name] : kL4Names)
    if (number == protocol) return std::string(name);
  return std::to_string(protocol);
}

std::optional<uint8_t> parse_l4(std::string_view text) {
  unsigned n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty())
    return n <= 255 ? std::optional<uint8_t>(static_cast<uint8_t>(n)) : std::nullopt;
  if (iequals(text, "ICMPv6") || iequals(text, "ipv6icmp")) return uint8_t{58};
  for (const auto& [number, name] : kL4Names)
    if (iequals(text, name)) return number;
  return std::nullopt;
}

json::object flow_json(const query::FlowItem& flow, bool verbose) {
  const query::ConnectionItem& c = flow.connection;
  const int64_t first = c.first_ns / kNs;
  const int64_t last = c.last_ns / kNs;
  const uint64_t bytes = c.traffic.bytes();
  const double seconds = static_cast<double>(std::max(c.last_ns - c.first_ns, kNs)) / 1e9;
  std::string server_name = served_name(c.server_name);
  if (server_name.empty()) server_name = flow.server.label;

  json::object o;
  o["key"] = std::to_string(flow.key);
  o["hash_id"] = std::to_string(c.id);
  o["first_seen"] = first;
  o["last_seen"] = last;
  o["duration"] = 1 + last - first;
  o["client"] = peer_json(flow.client.label, c.client, c.client_port, flow.client);
  o["server"] = peer_json(server_name, c.server, c.server_port, flow.server);
  o["vlan"] = c.vlan;
  o["protocol"] = {{"l4", l4_name(c.l4)}, {"l7", c.application}};
  o["bytes"] = bytes;
  o["thpt"] = {{"pps", static_cast<double>(c.traffic.packets()) / seconds},
               {"bps", static_cast<double>(bytes) * 8.0 / seconds}};
  const int64_t cli2srv = round_percent(c.traffic.tx_bytes, bytes);
  o["breakdown"] = {{"cli2srv", cli2srv}, {"srv2cli", bytes ? 100 - cli2srv : 0}};
  if (verbose) {
    o["packets"] = c.traffic.packets();
    if (c.l4 == 6) o["tcp"] = tcp_json(c.tcp);
  }
  return o;
}

}  // namespace netmeter::api::ntopng
