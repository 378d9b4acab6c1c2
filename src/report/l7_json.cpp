#include "report/l7_json.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "l7/dhcp_parser.hpp"
#include "l7/dns_type.hpp"
#include "l7/http_parser.hpp"
#include "l7/tls_parser.hpp"
#include "stats/dhcp_stats.hpp"
#include "stats/dns_stats.hpp"
#include "stats/http_stats.hpp"
#include "stats/tls_stats.hpp"

namespace netmeter::report {

namespace {

constexpr size_t kTopNames = 100;

void time_stats(JsonWriter& w, std::string_view key, const stats::TimeStats& t) {
  auto ms = [](int64_t ns) { return static_cast<double>(ns) / 1e6; };
  w.key(key)
      .begin_object()
      .member("count", t.count)
      .member("avg_ms", ms(t.avg()))
      .member("min_ms", ms(t.min))
      .member("max_ms", ms(t.max))
      .end_object();
}

void top_names(JsonWriter& w, std::string_view key, std::string_view count_name,
               const stats::TopCounter& names) {
  w.key(key).begin_array();
  for (const auto& [name, entry] : names.top(kTopNames))
    w.begin_object().member("name", name).member(count_name, entry.count).end_object();
  w.end_array();
}

/// Servers of a table, most used first, then by key: deterministic output.
template <typename Map, typename Weight>
std::vector<const typename Map::value_type*> by_weight(const Map& m, Weight weight) {
  std::vector<const typename Map::value_type*> rows;
  rows.reserve(m.size());
  for (const auto& kv : m)
    rows.push_back(&kv);
  std::sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
    if (weight(a->second) != weight(b->second)) return weight(a->second) > weight(b->second);
    return a->first < b->first;
  });
  return rows;
}

void dns(JsonWriter& w, const stats::DnsStats& d) {
  w.begin_object()
      .member("queries", d.queries)
      .member("replies_ok", d.replies_ok)
      .member("replies_error", d.replies_error)
      .member("unmatched_replies", d.unmatched_replies);
  time_stats(w, "response_time", d.response_time);
  w.key("response_codes").begin_object();
  for (size_t rc = 0; rc < d.rcodes.size(); ++rc)
    if (d.rcodes[rc]) w.member(l7::dns_rcode_name(static_cast<uint8_t>(rc)), d.rcodes[rc]);
  w.end_object().key("query_types").begin_object();
  for (const auto& [type, n] : d.qtypes)
    w.member(l7::dns_type_text(type).view(), n);
  w.end_object();
  top_names(w, "top_names", "queries", d.names);
  w.key("servers").begin_array();
  for (const auto* s : by_weight(d.servers, [](const stats::DnsServerStats& x) { return x.queries; })) {
    w.begin_object()
        .member("server", s->first.to_string())
        .member("queries", s->second.queries)
        .member("replies_ok", s->second.replies_ok)
        .member("replies_error", s->second.replies_error);
    time_stats(w, "response_time", s->second.response_time);
    w.end_object();
  }
  w.end_array().end_object();
}

void status_classes(JsonWriter& w, const std::array<uint64_t, 6>& classes) {
  static constexpr const char* kNames[6] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
  w.key("status_classes").begin_object();
  for (size_t i = 0; i < classes.size(); ++i)
    w.member(kNames[i], classes[i]);
  w.end_object();
}

void http(JsonWriter& w, const stats::HttpStats& h) {
  w.begin_object()
      .member("requests", h.requests)
      .member("responses", h.responses)
      .member("unmatched_responses", h.unmatched_responses);
  time_stats(w, "response_time", h.response_time);
  w.key("methods").begin_object();
  for (size_t m = 0; m < h.methods.size(); ++m)
    if (h.methods[m]) w.member(l7::http_method_name(static_cast<l7::HttpMethod>(m)), h.methods[m]);
  w.end_object().key("status_codes").begin_object();
  for (const auto& [code, n] : h.status_codes)
    w.member(std::to_string(code), n);
  w.end_object();
  top_names(w, "top_host_names", "requests", h.host_names);
  w.key("servers").begin_array();
  for (const auto* s : by_weight(h.servers, [](const stats::HttpServerStats& x) { return x.requests; })) {
    w.begin_object()
        .member("server", s->first.to_string())
        .member("requests", s->second.requests)
        .member("responses", s->second.responses);
    status_classes(w, s->second.status_classes);
    time_stats(w, "response_time", s->second.response_time);
    w.key("host_names").begin_array();
    for (const auto& n : s->second.host_names)
      w.value(n);
    w.end_array().end_object();
  }
  w.end_array().end_object();
}

void versions(JsonWriter& w, std::string_view key, const std::map<uint16_t, uint64_t>& v) {
  w.key(key).begin_object();
  for (const auto& [version, n] : v)
    w.member(l7::tls_version_name(version), n);
  w.end_object();
}

void tls(JsonWriter& w, const stats::TlsStats& t) {
  w.begin_object()
      .member("client_hellos", t.client_hellos)
      .member("client_hellos_without_sni", t.client_hellos_without_sni)
      .member("server_hellos", t.server_hellos)
      .member("unmatched_server_hellos", t.unmatched_server_hellos);
  time_stats(w, "handshake_time", t.handshake_time);
  versions(w, "client_versions", t.client_versions);
  versions(w, "server_versions", t.server_versions);
  top_names(w, "top_snis", "connections", t.snis);
  w.end_object();
}

void dhcp(JsonWriter& w, const stats::DhcpStats& d) {
  w.begin_object().member("messages", d.messages).key("message_types").begin_object();
  for (size_t i = 1; i < d.message_types.size(); ++i)
    if (d.message_types[i])
      w.member(i < 9 ? l7::dhcp_message_type_name(static_cast<l7::DhcpMessageType>(i)) : "other",
               d.message_types[i]);
  w.end_object().key("servers").begin_array();
  for (const auto* s :
       by_weight(d.servers, [](const stats::DhcpServerStats& x) { return x.acks + x.offers; })) {
    w.begin_object()
        .member("server", s->first.to_string())
        .member("offers", s->second.offers)
        .member("acks", s->second.acks)
        .member("naks", s->second.naks)
        .member("requests", s->second.requests)
        .end_object();
  }
  w.end_array().key("leases").begin_array();
  for (const auto* l : by_weight(d.leases, [](const stats::DhcpLease& x) { return x.last_seen_ns; })) {
    w.begin_object()
        .member("mac", stats::mac_to_string(l->first))
        .member("address", l->second.address.empty() ? std::string() : l->second.address.to_string())
        .member("server", l->second.server.empty() ? std::string() : l->second.server.to_string())
        .member("host_name", l->second.host_name)
        .member("lease_seconds", l->second.lease_seconds)
        .time_member("first_seen", l->second.first_seen_ns)
        .time_member("last_seen", l->second.last_seen_ns)
        .end_object();
  }
  w.end_array().end_object();
}

}  // namespace

void write_l7_sections(SectionWriter& out, const stats::L7Stats& l7) {
  out.member("dns", [&](JsonWriter& w) { dns(w, l7.dns); });
  out.member("http", [&](JsonWriter& w) { http(w, l7.http); });
  out.member("tls", [&](JsonWriter& w) { tls(w, l7.tls); });
  out.member("dhcp", [&](JsonWriter& w) { dhcp(w, l7.dhcp); });
}

}  // namespace netmeter::report
