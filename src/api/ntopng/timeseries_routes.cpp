// The ntopng dialect's time series (get/timeseries/ts.lua, get/timeseries/type/consts.lua), answered from
// the statistics history in the shape of ntopng 6's ts.lua: {metadata, series[{id, data, statistics}]}.

#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <string>
#include <variant>
#include <vector>

#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/ntopng/timeseries_json.hpp"
#include "api/routes.hpp"
#include "query/hosts.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

// ntopng counts 24 bytes of Ethernet overhead (preamble, CRC, gap) per packet in interface bytes.
constexpr uint64_t kIfaceOverhead = 24;

uint64_t iface_bytes(const stats::Traffic& t) {
  return t.rx_bytes + t.tx_bytes + kIfaceOverhead * (t.rx_packets + t.tx_packets);
}
uint64_t iface_sent(const stats::Traffic& t) {
  return t.tx_bytes + kIfaceOverhead * t.tx_packets;
}
uint64_t iface_rcvd(const stats::Traffic& t) {
  return t.rx_bytes + kIfaceOverhead * t.rx_packets;
}
uint64_t all_packets(const stats::Traffic& t) {
  return t.rx_packets + t.tx_packets;
}
uint64_t all_bytes(const stats::Traffic& t) {
  return t.rx_bytes + t.tx_bytes;
}
uint64_t host_sent(const stats::Traffic& t) {
  return t.tx_bytes;
}
uint64_t host_rcvd(const stats::Traffic& t) {
  return t.rx_bytes;
}

struct Metric {
  const char* id = nullptr;  ///< null: unused
  uint64_t (*amount)(const stats::Traffic&) = nullptr;
  const char* label = nullptr;
  const char* color = nullptr;
};

/// Where a schema's points come from.
enum class Source { Interface, Host, Protocol, Category };

/// A schema netmeter serves: ntopng's name, the tag naming its subject beyond `ifid`, its metrics.
struct Schema {
  const char* name;
  const char* subject;    ///< "iface" or "host" (type/consts.lua's `id`)
  const char* extra_tag;  ///< "host", "protocol", "category" or null
  Source source;
  const char* label;
  const char* measure_unit;
  std::array<Metric, 2> metrics;
};

// Scores are not listed: netmeter computes none yet. Nor is host:ndpi: the history keeps no per-host
// application series.
constexpr Schema kSchemas[] = {
    {"iface:traffic",
     "iface",
     nullptr,
     Source::Interface,
     "Traffic",
     "bps",
     {{{"bytes", iface_bytes, "Traffic", "#1f77b4"}, {}}}},
    {"iface:traffic_rxtx",
     "iface",
     nullptr,
     Source::Interface,
     "Traffic RX/TX",
     "bps",
     {{{"bytes_sent", iface_sent, "Sent", "#c6d9fd"}, {"bytes_rcvd", iface_rcvd, "Received", "#90ee90"}}}},
    {"iface:packets",
     "iface",
     nullptr,
     Source::Interface,
     "Packets",
     "pps",
     {{{"packets", all_packets, "Packets", "#1f77b4"}, {}}}},
    {"iface:ndpi",
     "iface",
     "protocol",
     Source::Protocol,
     "Application",
     "bps",
     {{{"bytes", all_bytes, "Traffic", "#1f77b4"}, {}}}},
    {"iface:ndpi_categories",
     "iface",
     "category",
     Source::Category,
     "Category",
     "bps",
     {{{"bytes", all_bytes, "Traffic", "#1f77b4"}, {}}}},
    {"host:traffic",
     "host",
     "host",
     Source::Host,
     "Traffic RX/TX",
     "bps",
     {{{"bytes_sent", host_sent, "Sent", "#c6d9fd"}, {"bytes_rcvd", host_rcvd, "Received", "#90ee90"}}}},
};

const Schema* find_schema(std::string_view name) {
  for (const auto& s : kSchemas)
    if (name == s.name) return &s;
  return nullptr;
}

using Tags = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string_view> tag(const Tags& tags, std::string_view name) {
  for (const auto& [k, v] : tags)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

/// The graph request from epoch_begin, epoch_end (default: the hour up to the last second of packet
/// time) and limit or points (default 60, ntopng's max_num_points).
std::variant<query::GraphRequest, http::Response> graph_request(const Params& params,
                                                                const query::QueryService& q) {
  constexpr int64_t kMaxEpoch = int64_t{1} << 40;
  auto begin = params.integer("epoch_begin", 0, kMaxEpoch);
  auto end = params.integer("epoch_end", 0, kMaxEpoch);
  auto limit = params.integer(params.get("limit") ? "limit" : "points", 1, query::kMaxGraphPoints);
  if (begin.error) return invalid_arguments("epoch_begin: " + *begin.error);
  if (end.error) return invalid_arguments("epoch_end: " + *end.error);
  if (limit.error) return invalid_arguments("limit: " + *limit.error);
  if (!end.value) {
    end.value = q.read([](const stats::StatsStore& s, const query::NameResolver&) {
      return s.newest_second() == stats::History::kNever ? int64_t{0} : s.last_second() + 1;
    });
  }
  if (!begin.value) begin.value = std::max<int64_t>(0, *end.value - 3600);
  if (*begin.value > *end.value) return invalid_arguments("epoch_begin is after epoch_end");
  query::GraphRequest r;
  r.range = {*begin.value, *end.value};
  r.values = static_cast<uint32_t>(limit.value.value_or(60));
  return r;
}

std::optional<uint16_t> number16(std::string_view text) {
  unsigned v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v > 0xffff) return std::nullopt;
  return static_cast<uint16_t>(v);
}

/// An nDPI protocol by name (as get/l7/application/consts.lua lists it) or by id.
std::optional<uint16_t> find_protocol(const query::QueryService& q, std::string_view name) {
  for (const auto& p : q.protocol_table())
    if (p.name == name) return p.id;
  if (auto id = number16(name)) {
    for (const auto& p : q.protocol_table())
      if (p.id == *id) return p.id;
  }
  return std::nullopt;
}

/// An nDPI category by name (as get/l7/category/consts.lua lists it) or by id.
std::optional<uint16_t> find_category(const query::QueryService& q, std::string_view name) {
  const auto ids = q.category_table();
  for (uint16_t id : ids)
    if (q.category_name(id) == name) return id;
  if (auto id = number16(name); id && std::find(ids.begin(), ids.end(), *id) != ids.end()) return id;
  return std::nullopt;
}

std::variant<query::Graph, http::Response> host_graph(NtopCall& c, std::string_view key,
                                                      const query::GraphRequest& r) {
  auto host = query::parse_host_key(key);
  if (!host) return invalid_arguments("host: not an IP address (ip or ip@vlan): " + std::string(key));
  std::optional<query::Graph> g;
  if (c.may_see(host->ip)) g = c.query().graph(query::host_ref(*host), r);
  if (!g) return ntop_error(NtopRc::NotFound, "host not found: " + std::string(key));
  return std::move(*g);
}

std::variant<query::Graph, http::Response> schema_graph(const Schema& schema, const Tags& tags, NtopCall& c,
                                                        const query::GraphRequest& r) {
  std::optional<std::string_view> subject;
  if (schema.extra_tag) {
    subject = tag(tags, schema.extra_tag);
    if (!subject || subject->empty())
      return invalid_arguments(std::string("ts_query needs ") + schema.extra_tag + ": for " + schema.name);
  }
  const query::QueryService& q = c.query();
  switch (schema.source) {
    case Source::Interface:
      return *q.graph(query::EntityRef{}, r);
    case Source::Host:
      return host_graph(c, *subject, r);
    case Source::Protocol:
      if (auto id = find_protocol(q, *subject)) return q.counted_protocol_graph(*id, r);
      return invalid_arguments("protocol: not an nDPI protocol: " + std::string(*subject));
    case Source::Category:
      if (auto id = find_category(q, *subject)) return q.category_graph(*id, r);
      return invalid_arguments("category: not an nDPI category: " + std::string(*subject));
  }
  return invalid_arguments("schema not served");
}

json::object answer(const Schema& schema, const Tags& tags, const query::Graph& g) {
  json::object query;
  for (const auto& [k, v] : tags)
    query[k] = v;
  const auto points = static_cast<int64_t>(g.points.size());
  json::object metadata{{"epoch_begin", g.start}, {"epoch_end", g.start + points * g.step},
                        {"epoch_step", g.step},   {"num_point", points},
                        {"schema", schema.name},  {"query", std::move(query)}};
  json::array series;
  for (const auto& m : schema.metrics) {
    if (!m.id) continue;
    std::vector<uint64_t> amounts;
    amounts.reserve(g.points.size());
    for (const auto& p : g.points)
      amounts.push_back(m.amount(p.value));
    series.push_back(series_json(m.id, amounts, g.step));
  }
  return json::object{{"metadata", std::move(metadata)}, {"series", std::move(series)}};
}

http::Response timeseries(Call& call, ApiServices& services) {
  auto name = call.params.non_empty("ts_schema");
  if (!name) return invalid_arguments("ts_schema is missing");
  const Schema* schema = find_schema(*name);
  if (!schema)
    return invalid_arguments("schema not served: " + std::string(*name) +
                             " (get/timeseries/type/consts.lua lists them)");
  auto tags = parse_ts_query(call.params.get("ts_query").value_or(""));
  if (!tags) return invalid_arguments("ts_query: expected name:value items separated by commas");
  auto ifid = tag(*tags, "ifid");
  if (!ifid) {
    ifid = call.params.non_empty("ifid");
    if (ifid) tags->insert(tags->begin(), {"ifid", std::string(*ifid)});
  }
  SelectedInterface selected = select_interface(call, services, ifid);
  if (selected.error) return std::move(*selected.error);
  NtopCall c{call, selected.ifid, std::move(selected.slot)};
  auto request = graph_request(call.params, c.query());
  if (auto* error = std::get_if<http::Response>(&request)) return std::move(*error);
  auto graph = schema_graph(*schema, *tags, c, std::get<query::GraphRequest>(request));
  if (auto* error = std::get_if<http::Response>(&graph)) return std::move(*error);
  return ntop_ok(answer(*schema, *tags, std::get<query::Graph>(graph)));
}

json::object schema_json(const Schema& s) {
  json::object metrics;
  json::array tags{"ifid"};
  if (s.extra_tag) tags.push_back(json::string(s.extra_tag));
  for (const auto& m : s.metrics)
    if (m.id) metrics[m.id] = json::object{{"label", m.label}, {"color", m.color}};
  return json::object{{"schema", s.name},
                      {"id", s.subject},
                      {"label", s.label},
                      {"priority", 0},
                      {"measure_unit", s.measure_unit},
                      {"scale", std::string_view(s.measure_unit) == "pps" ? "Packets" : "Traffic"},
                      {"tags", std::move(tags)},
                      {"timeseries", std::move(metrics)}};
}

/// The schemas ts.lua serves; `query` ("iface" or "host") keeps those of one subject.
http::Response schema_list(const Call& call) {
  auto subject = call.params.non_empty("query");
  json::array out;
  for (const auto& s : kSchemas)
    if (!subject || *subject == s.subject) out.push_back(schema_json(s));
  return ntop_ok(out);
}

}  // namespace

void register_timeseries_routes(RouteTree& tree, ApiServices& services) {
  Route ts{[&services](Call& call) { return timeseries(call, services); }, Need::read_stats,
           BodyKind::params};
  add_ntopng_read(tree, "get/timeseries/ts.lua", ts);
  Route types{[](Call& call) { return schema_list(call); }, Need::authenticated, BodyKind::params};
  add_ntopng_read(tree, "get/timeseries/type/consts.lua", types);
}

}  // namespace netmeter::api::ntopng
