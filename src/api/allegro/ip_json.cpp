#include "api/allegro/ip_json.hpp"

#include "api/allegro/counters_json.hpp"
#include "api/common/csv_body.hpp"
#include "core/ip_protocol.hpp"
#include "query/modules.hpp"
#include "stats/packet_view.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;

namespace {

json::object time_stats_json(const stats::TimeStats& t) {
  constexpr double kMs = 1e6;
  return {{"count", t.count},
          {"avg", static_cast<double>(t.avg()) / kMs},
          {"min", static_cast<double>(t.min) / kMs},
          {"max", static_cast<double>(t.max) / kMs}};
}

void put_activity(json::object& o, int64_t first_ns, int64_t last_ns) {
  o["firstActivity"] = epoch_s(first_ns);
  o["firstRecentActivity"] = epoch_s(first_ns);
  o["lastActivity"] = epoch_s(last_ns);
}

}  // namespace

std::span<const SortName> connection_sort_names() {
  using query::SortKey;
  static constexpr std::array kSorts = {SortName{"clientIp", SortKey::ClientIp},
                                        SortName{"clientPort", SortKey::ClientPort},
                                        SortName{"serverIp", SortKey::ServerIp},
                                        SortName{"serverPort", SortKey::ServerPort},
                                        SortName{"protocol", SortKey::Name},
                                        SortName{"dpiProtocol", SortKey::Name},
                                        SortName{"connectionStart", SortKey::FirstSeen},
                                        SortName{"id", SortKey::Key}};
  return kSorts;
}

std::string l4_short_name(uint8_t l4) {
  return core::ip_protocol_name(l4);
}

void put_location(json::object& o, const std::optional<geo::GeoInfo>& info, bool detailed) {
  auto text = [](const std::string& s, const char* unknown) {
    return s.empty() ? json::value(unknown) : json::value(s);
  };
  const geo::GeoInfo g = info.value_or(geo::GeoInfo{});
  o["continentName"] = text(g.continent_name, "--");
  o["countryName"] = text(g.country_name, "--");
  o["asOrganization"] = g.as_org;
  if (!detailed) return;
  o["continentCode"] = text(g.continent_code, "--");
  o["city"] = g.city;
  o["latitude"] = g.latitude ? json::value(*g.latitude) : json::value(nullptr);
  o["longitude"] = g.longitude ? json::value(*g.longitude) : json::value(nullptr);
}

json::object tcp_stats_json(const stats::TcpQuality& t) {
  return {{"retransmissions", t.retransmissions},
          {"outOfOrder", t.out_of_order},
          {"lostSegments", t.lost},
          {"zeroWindows", t.zero_windows},
          {"handshakeRtt", time_stats_json(t.rtt)}};
}

json::object host_item_json(const query::HostItem& h, uint32_t slot) {
  json::object o;
  o["ip"] = h.key.ip.to_string();
  o["vlan"] = h.key.vlan;
  o["interfaces"] = json::array{slot};
  o["name"] = h.name;
  o["mac"] = h.mac ? json::value(stats::mac_to_string(h.mac)) : json::value(nullptr);
  o["countryCode"] = h.country.empty() ? "--" : h.country;
  o["asn"] = h.asn ? json::value(h.asn) : json::value(nullptr);
  o["isLocal"] = h.local;
  o["isMulticast"] = h.multicast;
  o["isBroadcast"] = h.broadcast;
  put_activity(o, h.first_ns, h.last_ns);
  put_counters(o, h.traffic);
  o["connections"] = json::object{{"activeAsClient", h.active_as_client},
                                  {"activeAsServer", h.active_as_server},
                                  {"totalAsClient", h.flows_as_client},
                                  {"totalAsServer", h.flows_as_server}};
  o["tcpStats"] = tcp_stats_json(h.tcp);
  return o;
}

json::object host_detail_json(const query::HostDetail& d, uint32_t slot) {
  json::object o = host_item_json(d.summary, slot);
  const stats::HostEntry& e = d.entry;
  o["alternativeNames"] = json::object{{"dns", e.dns_name}, {"dhcp", e.dhcp_name}, {"served", e.served_name}};
  if (e.ttl.count)
    o["ttl"] = json::object{{"min", e.ttl.min}, {"max", e.ttl.max}, {"avg", e.ttl.sum / e.ttl.count}};
  else
    o["ttl"] = nullptr;
  json::array macs;
  for (stats::MacKey m : e.macs)
    macs.emplace_back(stats::mac_to_string(m));
  o["macs"] = std::move(macs);
  json::object sizes;
  for (int i = 0; i < stats::kSizeBins; ++i)
    sizes[stats::size_bin_name(i)] = e.sizes[static_cast<size_t>(i)];
  o["packetSizesTx"] = std::move(sizes);
  static constexpr const char* kFlags[] = {"syn", "synAck", "fin", "rst", "psh", "urg"};
  json::object flags;
  for (size_t i = 0; i < e.tcp_flags.size(); ++i)
    flags[kFlags[i]] = e.tcp_flags[i];
  o["tcpFlagsTx"] = std::move(flags);
  o["dns"] = json::object{{"queriesSent", e.dns.queries_sent},
                          {"repliesOkReceived", e.dns.replies_ok_rcvd},
                          {"repliesErrorReceived", e.dns.replies_error_rcvd},
                          {"queriesReceived", e.dns.queries_rcvd},
                          {"repliesOkSent", e.dns.replies_ok_sent},
                          {"repliesErrorSent", e.dns.replies_error_sent}};
  o["arp"] = json::object{{"requests", e.arp.requests}, {"replies", e.arp.replies}};
  return o;
}

json::object peer_json(const query::PeerItem& p) {
  json::object o;
  o["ip"] = p.peer.ip.to_string();
  o["vlan"] = p.peer.vlan;
  o["name"] = p.name;
  put_activity(o, p.first_ns, p.last_ns);
  o["allTime"] = counter_array(p.traffic);
  o["connections"] = p.connections;
  o["activeConnections"] = p.active_connections;
  return o;
}

json::object host_port_json(const query::HostPortItem& p) {
  json::object o;
  o["port"] = p.port;
  o["l4Protocol"] = l4_short_name(p.l4);
  o["role"] = p.role == query::PortRole::Client ? "client" : "server";
  put_activity(o, p.first_ns, p.last_ns);
  o["allTime"] = counter_array(p.traffic);
  o["connections"] = p.connections;
  o["activeConnections"] = p.active_connections;
  return o;
}

json::object peer_port_json(const query::PeerPortItem& p) {
  json::object o;
  o["ip"] = p.peer.ip.to_string();
  o["port"] = p.port;
  o["l4Protocol"] = l4_short_name(p.l4);
  // The peer's role: it was the client when the host served the port.
  o["peerRole"] = p.role == query::PortRole::Server ? "client" : "server";
  put_activity(o, p.first_ns, p.last_ns);
  o["allTime"] = counter_array(p.traffic);
  o["connections"] = p.connections;
  return o;
}

namespace {
// Rounded up: [connectionStart, lastActivity] in milliseconds encloses every packet of the connection.
int64_t connection_last_ms(const query::ConnectionItem& c) {
  return (c.last_ns + 999'999) / 1'000'000;
}
}  // namespace

json::object connection_json(const query::ConnectionItem& c) {
  json::object o;
  o["id"] = c.id;
  o["clientIp"] = c.client.ip.to_string();
  o["clientPort"] = c.client_port;
  o["serverIp"] = c.server.ip.to_string();
  o["serverPort"] = c.server_port;
  o["vlan"] = c.vlan;
  o["l4Protocol"] = c.l4;
  o["l4ProtocolShortName"] = l4_short_name(c.l4);
  o["dpiProtocol"] = c.application;
  o["serverName"] = c.server_name;
  o["connectionStart"] = epoch_ms(c.first_ns);
  // A capture extraction over [connectionStart, lastActivity] (the spec's script multiplies both by
  // 1000) gets the whole connection.
  o["lastActivity"] = connection_last_ms(c);
  o["active"] = c.active;
  // Counters from the client's view: rx = server to client, tx = client to server.
  o["allTime"] = counter_array(c.traffic);
  o["perSecond"] = counter_array(c.per_second);
  o["packets"] = c.traffic.packets();
  o["bytes"] = c.traffic.bytes();
  o["payloadBytes"] = json::array{c.dir[1].payload_bytes, c.dir[0].payload_bytes};
  if (c.l4 == 6) {
    const auto& t = c.tcp;
    o["tcp"] = json::object{
        {"state", std::string(flow::tcp_state_name(t.state))},
        {"retransmissions", json::array{t.dir[1].retransmissions, t.dir[0].retransmissions}},
        {"outOfOrder", json::array{t.dir[1].out_of_order, t.dir[0].out_of_order}},
        {"lostSegments", json::array{t.dir[1].lost, t.dir[0].lost}},
        {"zeroWindows", json::array{t.dir[1].zero_windows, t.dir[0].zero_windows}},
        {"serverRttMs",
         t.server_rtt_ns >= 0 ? json::value(static_cast<double>(t.server_rtt_ns) / 1e6) : nullptr},
        {"clientRttMs",
         t.client_rtt_ns >= 0 ? json::value(static_cast<double>(t.client_rtt_ns) / 1e6) : nullptr}};
  }
  return o;
}

void connection_csv_row(std::string& out, const query::ConnectionItem& c) {
  csv_field(out, c.client.ip.to_string());
  out.push_back(',');
  csv_number(out, uint64_t{c.client_port});
  out.push_back(',');
  csv_field(out, c.server.ip.to_string());
  out.push_back(',');
  csv_number(out, uint64_t{c.server_port});
  out.push_back(',');
  out.append(l4_short_name(c.l4));
  out.push_back(',');
  csv_field(out, c.application);
  out.push_back(',');
  csv_number(out, c.first_ns / 1'000'000);
  out.push_back(',');
  csv_number(out, connection_last_ms(c));
  csv_traffic_fields(out, c.traffic);
}

json::object mac_brief_json(const query::MacItem& m) {
  json::object o;
  o["mac"] = stats::mac_to_string(m.mac);
  o["vendor"] = m.vendor;
  put_activity(o, m.first_ns, m.last_ns);
  put_counters(o, m.traffic);
  return o;
}

}  // namespace netmeter::api::allegro
