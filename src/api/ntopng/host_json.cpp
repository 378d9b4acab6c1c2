#include "api/ntopng/host_json.hpp"

#include <array>
#include <cstring>

#include "api/dialect.hpp"
#include "api/ntopng/chart_json.hpp"
#include "api/routes.hpp"
#include "l7/http_parser.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

constexpr int64_t kNs = 1'000'000'000;

int64_t seconds(int64_t ns) {
  return ns / kNs;
}

/// ntopng's `ndpi_data_ratio`: (sent - rcvd) / (sent + rcvd), 0 without traffic.
double data_ratio(uint64_t sent, uint64_t rcvd) {
  const double total = static_cast<double>(sent) + static_cast<double>(rcvd);
  return total > 0 ? (static_cast<double>(sent) - static_cast<double>(rcvd)) / total : 0.0;
}

/// RFC 1918 for IPv4, unique local fc00::/7 for IPv6 (ntopng's `privatehost`).
bool is_private(const core::IpAddress& ip) {
  const auto& b = ip.bytes();
  if (ip.is_v4()) return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168);
  return ip.is_v6() && (b[0] & 0xFE) == 0xFC;
}

void put_traffic(json::object& o, const std::string& prefix, const stats::Traffic& t) {
  o[prefix + "bytes.sent"] = t.tx_bytes;
  o[prefix + "bytes.rcvd"] = t.rx_bytes;
  o[prefix + "packets.sent"] = t.tx_packets;
  o[prefix + "packets.rcvd"] = t.rx_packets;
}

void put_identity(json::object& o, const HostFacts& f) {
  const query::HostItem& h = f.detail.summary;
  o["ip"] = h.key.ip.to_string();
  o["vlan"] = h.key.vlan;
  o["ifid"] = f.ifid;
  o["name"] = h.name;
  o["tskey"] = host_key_text(h.key);
  o["ipkey"] = ip_key(h.key.ip);
  o["ip_version"] = h.key.ip.version();
  if (h.mac) o["mac"] = stats::mac_to_string(h.mac);
  o["localhost"] = h.local;
  o["privatehost"] = is_private(h.key.ip);
  o["is_multicast"] = h.multicast;
  o["is_broadcast"] = h.broadcast;
  for (size_t i = 0; i < f.local_networks.size(); ++i) {
    if (!f.local_networks[i].contains(h.key.ip)) continue;
    o["local_network_id"] = i;
    o["local_network_name"] = f.local_networks[i].to_string();
    break;
  }
  const stats::HostEntry& e = f.detail.entry;
  json::object names;
  if (!e.dns_name.empty()) names["resolved"] = e.dns_name;
  if (!e.dhcp_name.empty()) names["dhcp"] = e.dhcp_name;
  if (!names.empty()) o["names"] = std::move(names);
}

void put_location(json::object& o, const std::optional<geo::GeoInfo>& geo) {
  if (!geo) return;
  o["country"] = geo->country_code;
  o["continent"] = geo->continent_code;
  o["city"] = geo->city;
  if (geo->latitude) o["latitude"] = *geo->latitude;
  if (geo->longitude) o["longitude"] = *geo->longitude;
  if (geo->asn) {
    o["asn"] = geo->asn;
    o["asname"] = geo->as_org;
  }
}

void put_counters(json::object& o, const query::HostItem& h) {
  const stats::Traffic& t = h.traffic.all_time;
  put_traffic(o, "", t);
  o["bytes_ratio"] = data_ratio(t.tx_bytes, t.rx_bytes);
  o["pkts_ratio"] = data_ratio(t.tx_packets, t.rx_packets);
  const stats::Traffic& s = h.traffic.last_second;
  o["throughput_bps"] = s.bytes();  // bytes/s, as ntopng's C++ value
  o["throughput_pps"] = s.packets();
  const int64_t first = seconds(h.first_ns), last = seconds(h.last_ns);
  o["seen.first"] = first;
  o["seen.last"] = last;
  o["duration"] = 1 + last - first;
  o["active_flows.as_client"] = h.active_as_client;
  o["active_flows.as_server"] = h.active_as_server;
  o["flows.as_client"] = h.flows_as_client;
  o["flows.as_server"] = h.flows_as_server;
  o["total_flows.as_client"] = h.flows_as_client;
  o["total_flows.as_server"] = h.flows_as_server;
  json::object tcp{
      {"retransmissions", h.tcp.retransmissions}, {"out_of_order", h.tcp.out_of_order}, {"lost", h.tcp.lost}};
  o["tcpPacketStats.sent"] = std::move(tcp);
}

json::object l7_entry(const HostL7& p) {
  json::object e;
  put_traffic(e, "", p.traffic);
  e["duration"] = seconds(p.duration_ns);
  e["num_flows"] = p.flows;
  return e;
}

void put_l7(json::object& o, const HostFacts& f) {
  json::object ndpi;
  for (const HostL7& p : f.protocols) {
    if (p.traffic.bytes() == 0) continue;  // ntopng lists protocols with traffic only
    ndpi[p.name] = l7_entry(p);
    if (p.name == "Unknown") o["bytes.ndpi.unknown"] = p.traffic.bytes();
  }
  o["ndpi"] = std::move(ndpi);
  json::object cats;
  for (const HostL7& c : f.categories) {
    if (c.traffic.bytes() == 0) continue;
    cats[c.name] = json::object{{"category", c.id},
                                {"bytes", c.traffic.bytes()},
                                {"bytes.sent", c.traffic.tx_bytes},
                                {"bytes.rcvd", c.traffic.rx_bytes},
                                {"duration", seconds(c.duration_ns)}};
  }
  o["ndpi_categories"] = std::move(cats);
}

void put_dscp(json::object& o, const stats::HostEntry& e) {
  std::map<std::string, stats::Traffic> classes;
  classes["cs0"] = e.dscp_traffic(0);
  for (const auto& [code, t] : e.dscp)
    classes[dscp_class(code)] += t;
  json::object out;
  for (const auto& [cls, t] : classes) {
    if (t.packets() == 0) continue;
    json::object c;
    put_traffic(c, "", t);
    out[cls] = std::move(c);
  }
  o["dscp"] = std::move(out);
}

json::object dns_queries(const stats::DnsHostCounters& d) {
  std::map<std::string, uint64_t> by{{"num_a", 0},   {"num_ns", 0},   {"num_cname", 0}, {"num_soa", 0},
                                     {"num_ptr", 0}, {"num_mx", 0},   {"num_txt", 0},   {"num_aaaa", 0},
                                     {"num_any", 0}, {"num_other", 0}};
  for (const auto& [type, n] : d.queries_by_type) {
    switch (type) {
      case 1:
        by["num_a"] += n;
        break;
      case 2:
        by["num_ns"] += n;
        break;
      case 5:
        by["num_cname"] += n;
        break;
      case 6:
        by["num_soa"] += n;
        break;
      case 12:
        by["num_ptr"] += n;
        break;
      case 15:
        by["num_mx"] += n;
        break;
      case 16:
        by["num_txt"] += n;
        break;
      case 28:
        by["num_aaaa"] += n;
        break;
      case 255:
        by["num_any"] += n;
        break;
      default:
        by["num_other"] += n;
        break;
    }
  }
  json::object q;
  for (const auto& [k, v] : by)
    q[k] = v;
  return q;
}

void put_dns(json::object& o, const stats::DnsHostCounters& d) {
  json::object sent{{"num_queries", d.queries_sent},
                    {"num_replies_ok", d.replies_ok_sent},
                    {"num_replies_error", d.replies_error_sent},
                    {"queries", dns_queries(d)}};
  json::object rcvd{{"num_queries", d.queries_rcvd},
                    {"num_replies_ok", d.replies_ok_rcvd},
                    {"num_replies_error", d.replies_error_rcvd}};
  o["dns"] = json::object{{"sent", std::move(sent)}, {"rcvd", std::move(rcvd)}};
}

/// Responses by class: index 0 counts what fits no class and is left out, as ntopng has no such key.
json::object http_responses(const std::array<uint64_t, 6>& classes) {
  json::object r;
  uint64_t total = 0;
  for (size_t i = 1; i < classes.size(); ++i) {
    r["num_" + std::to_string(i) + "xx"] = classes[i];
    total += classes[i];
  }
  r["total"] = total;
  return r;
}

void put_http(json::object& o, const stats::HttpHostCounters& h) {
  using l7::HttpMethod;
  auto count = [&](HttpMethod m) { return h.methods[static_cast<size_t>(m)]; };
  uint64_t total = 0;
  for (uint64_t n : h.methods)
    total += n;
  const uint64_t named =
      count(HttpMethod::Get) + count(HttpMethod::Head) + count(HttpMethod::Post) + count(HttpMethod::Put);
  json::object query{{"num_get", count(HttpMethod::Get)},   {"num_head", count(HttpMethod::Head)},
                     {"num_post", count(HttpMethod::Post)}, {"num_put", count(HttpMethod::Put)},
                     {"num_other", total - named},          {"total", total}};
  // sender: what the host sent (its requests as a client, its responses as a server); receiver: what
  // it received (responses as a client; of requests as a server netmeter keeps the total only).
  json::object sender{{"query", std::move(query)}, {"response", http_responses(h.served_classes)}};
  json::object receiver{{"query", json::object{{"total", h.requests_rcvd}}},
                        {"response", http_responses(h.status_classes)}};
  o["http"] = json::object{{"sender", std::move(sender)}, {"receiver", std::move(receiver)}};
}

void put_packet_stats(json::object& o, const stats::HostEntry& e) {
  // ntopng's keys are syn, synack, finack, rst
  // (a FIN is not a FIN-ACK, so that one is left out).
  auto flag = [&](stats::TcpFlagCount f) { return e.tcp_flags[static_cast<size_t>(f)]; };
  json::object flags{{"syn", flag(stats::TcpFlagCount::Syn)},
                     {"synack", flag(stats::TcpFlagCount::SynAck)},
                     {"rst", flag(stats::TcpFlagCount::Rst)}};
  o["pktStats.sent"] = json::object{{"tcp_flags", std::move(flags)}};
}

}  // namespace

std::string host_key_text(const stats::HostKey& key) {
  return key.to_string();
}

std::string jquery_key(const stats::HostKey& key) {
  const std::string ip = key.ip.to_string();
  std::string out;
  out.reserve(ip.size() * 2);
  for (char c : ip) {
    if (c == '.')
      out += "__";
    else if (c == '/')
      out += "___";
    else if (c == ':')
      out += "____";
    else
      out.push_back(c);
  }
  if (key.vlan) {
    out.push_back('@');
    out += std::to_string(key.vlan);
  }
  return out;
}

uint64_t ip_key(const core::IpAddress& ip) {
  const auto& b = ip.bytes();
  if (ip.is_v4()) return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
  uint32_t key = 0;
  for (int i = 0; i < 4; ++i) {
    uint32_t word = 0;
    std::memcpy(&word, b.data() + 4 * i, 4);  // as ntopng reads s6_addr32: in memory order
    key += word << (2 * i);
  }
  return key;
}

json::object active_record(const query::HostItem& h) {
  json::object o;
  o["key"] = jquery_key(h.key);
  o["ip"] = h.key.ip.to_string();
  o["vlan"] = h.key.vlan;
  o["name"] = h.name.empty() ? h.key.ip.to_string() : h.name;
  o["first_seen"] = seconds(h.first_ns);
  o["last_seen"] = seconds(h.last_ns);
  o["country"] = h.country;
  if (h.mac) o["mac"] = stats::mac_to_string(h.mac);
  o["is_localhost"] = h.local;
  o["is_multicast"] = h.multicast;
  o["is_broadcast"] = h.broadcast;
  const stats::Traffic& s = h.traffic.last_second;
  o["thpt"] = json::object{{"pps", s.packets()}, {"bps", s.bytes() * 8}};
  const stats::Traffic& t = h.traffic.all_time;
  o["bytes"] = json::object{{"total", t.bytes()}, {"sent", t.tx_bytes}, {"recvd", t.rx_bytes}};
  o["num_flows"] = json::object{{"total", uint64_t{h.active_as_client} + h.active_as_server},
                                {"as_client", h.active_as_client},
                                {"as_server", h.active_as_server}};
  return o;
}

std::string stats_protocol_name(const query::NameResolver& names, uint16_t master, uint16_t app) {
  const bool dns_master = master != 0 && names.application(0, master) == "DNS";
  if (app != 0 && !dns_master) return names.application(0, app);
  return names.application(0, master);
}

std::vector<HostL7> fold_protocols(const query::NameResolver& names,
                                   const std::vector<query::HostProtocolItem>& apps) {
  std::map<std::string, HostL7> by_name;
  for (const auto& a : apps) {
    std::string name =
        stats_protocol_name(names, static_cast<uint16_t>(a.key >> 16), static_cast<uint16_t>(a.key));
    HostL7& p = by_name[name];
    p.name = name;
    p.traffic += a.traffic;
    p.flows += a.flows;
    p.duration_ns = std::max(p.duration_ns, a.duration_ns);
  }
  std::vector<HostL7> out;
  out.reserve(by_name.size());
  for (auto& [name, p] : by_name)
    out.push_back(std::move(p));
  return out;
}

json::object host_data(const HostFacts& f) {
  json::object o;
  put_identity(o, f);
  put_location(o, f.geo);
  put_counters(o, f.detail.summary);
  put_l7(o, f);
  const stats::HostEntry& e = f.detail.entry;
  put_dscp(o, e);
  put_dns(o, e.dns);
  put_http(o, e.http.get());
  put_packet_stats(o, e);
  return o;
}

std::optional<HostFacts> gather_host(const NtopCall& c, const stats::HostKey& key) {
  const query::AliasView aliases = c.query().aliases();  // the user's alias is the host's name
  std::optional<HostFacts> f = c.query().read(
      [&](const stats::StatsStore& store, const query::NameResolver& names) -> std::optional<HostFacts> {
        auto detail = query::get_host(store, key, {}, aliases);
        if (!detail) return std::nullopt;
        query::ListRequest all;
        all.page_size = 0;
        HostFacts out;
        out.detail = std::move(*detail);
        const auto apps = query::host_protocols(store, names, key, all);
        const auto cats = query::host_categories(store, names, key, all);
        if (apps) out.protocols = fold_protocols(names, apps->items);
        if (cats) {
          for (const auto& cat : cats->items)
            out.categories.push_back({cat.name, cat.key, cat.traffic, cat.flows, cat.duration_ns});
        }
        out.local_networks = store.config().local_networks;
        return out;
      });
  if (!f) return f;
  const query::HostItem& h = f->detail.summary;
  if (!h.multicast && !h.broadcast) f->geo = c.query().locate(key.ip);  // as the host lists locate
  f->ifid = c.ifid;
  return f;
}

HostFlows host_flows(const NtopCall& c, const stats::HostKey& key, size_t limit) {
  query::ListRequest r;
  r.sort = query::SortKey::Bytes;
  r.order = query::Order::Descending;
  r.page_size = limit;
  r.with_interval = false;
  r.visible = c.visible();
  HostFlows out;
  if (limit == 0) {  // ntopng's limit=0: no flows, but the count
    r.page_size = 1;
    out.page = c.query().host_connections(key, r).value_or(query::Page<query::ConnectionItem>{});
    out.page.items.clear();
    return out;
  }
  out.page = c.query().host_connections(key, r).value_or(query::Page<query::ConnectionItem>{});
  return out;
}

HostParam host_param(const Params& params) {
  HostParam out;
  auto host = params.non_empty("host");
  if (!host) {
    out.error = invalid_arguments("host is missing");
    return out;
  }
  out.key = query::parse_host_key(*host);
  if (!out.key) {
    out.error = invalid_arguments("host must be ip or ip@vlan");
    return out;
  }
  auto vlan = params.integer("vlan", 0, 4095);
  if (vlan.error) {
    out.key.reset();
    out.error = invalid_arguments("vlan: " + *vlan.error);
    return out;
  }
  if (vlan.value && host->find('@') == std::string_view::npos)
    out.key->vlan = static_cast<uint16_t>(*vlan.value);
  return out;
}

FoundHost find_host(const NtopCall& c, const stats::HostKey& key) {
  FoundHost out;
  if (c.may_see(key.ip)) out.facts = gather_host(c, key);
  if (!out.facts) out.error = ntop_error(NtopRc::NotFound, "unknown host " + key.to_string());
  return out;
}

FoundHost find_host(const NtopCall& c) {
  HostParam hp = host_param(c.call.params);
  if (hp.error) return {std::nullopt, std::move(hp.error)};
  return find_host(c, *hp.key);
}

std::vector<uint32_t> host_interfaces(const Call& call, ApiServices& services, const stats::HostKey& key) {
  std::vector<uint32_t> ids;
  for (const SlotInfo& info : services.slots->list()) {
    if (call.principal && !call.principal->may_see_interface(info.id)) continue;
    auto slot = services.slots->data(info.id);
    if (!slot || !slot->query()) continue;
    if (slot->query()->host(key)) ids.push_back(info.id);
  }
  return ids;
}

}  // namespace netmeter::api::ntopng
