// fuzz_stats_query: arbitrary query strings through what an Allegro statistics request reads (the time
// and list parameters, an IP or MAC path segment, a filter expression) and then through the query layer
// over a small statistics store: sorting, paging, intervals, graphs, exports and filtered connections.
//
// Input: the query string of a request ("sort=bytes&page=3&count=7&starttime=..."), then after a '\n'
// an IP path segment ("10.0.0.1@5"), after another a MAC ("aa:bb:..."), after another a filter
// expression, after another an ntopng ts_query ("ifid:0,host:10.0.0.1"). The query string also goes
// through the ntopng dialect's page parameters, and the host through its flow list's filters.
//
// Invariants: a page never holds more items than asked; page, page count and total agree; an export
// hands out every host once; a parsed host key or MAC prints back to a text that parses to the same key;
// the ntopng flow list's page holds what it was asked and its flows match the host asked for.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/allegro/ip_json.hpp"
#include "api/allegro/stats_params.hpp"
#include "api/common/filter_param.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/timeseries_json.hpp"
#include "api/params.hpp"
#include "fuzz_support.hpp"
#include "http/url.hpp"
#include "query/connections.hpp"
#include "query/flow_lists.hpp"
#include "query/graph.hpp"
#include "query/host_export.hpp"
#include "query/hosts.hpp"
#include "query/macs.hpp"
#include "query/name_resolver.hpp"
#include "stats/aggregator.hpp"

using namespace netmeter;

namespace {

constexpr int64_t kT0 = 1'700'000'000;

stats::HostKey key(uint8_t a, uint8_t b, uint16_t vlan) {
  const uint8_t v4[4] = {10, 0, a, b};
  return {core::IpAddress::v4(v4), vlan};
}

/// A few seconds of traffic between 40 hosts, with connections, applied to an aggregator's store.
void fill(stats::Aggregator& agg) {
  for (int64_t s = 0; s < 5; ++s) {
    auto d = agg.channel().acquire(0);
    d->second = kT0 + s;
    for (uint8_t i = 0; i < 40; ++i) {
      const int64_t ns = (kT0 + s) * 1'000'000'000 + i;
      auto& h = d->hosts[key(i % 7, i, static_cast<uint16_t>(i % 3))];
      h.traffic.tx_packets += 1 + i;
      h.traffic.tx_bytes += 60u * (1 + i) + static_cast<uint64_t>(s);
      h.seen(ns);
      auto& c = d->hosts[key(200, 1, 0)];
      c.traffic.rx_packets += 1;
      c.traffic.rx_bytes += 60;
      c.seen(ns);
      d->iface.traffic.rx_packets += 1;
      d->iface.traffic.rx_bytes += 60;
      stats::ConnectionUpdate u;
      u.id = i + 1u;
      u.key.l4 = i % 2 ? 6 : 17;
      u.key.lo = {key(i % 7, i, 0).ip, static_cast<uint16_t>(40000 + i)};
      u.key.hi = {key(200, 1, 0).ip, 443};
      u.client_is_lo = true;
      u.dir[0].packets = u.dir[0].bytes = static_cast<uint64_t>(s + 1) * 10;
      u.dir[0].first_seen = core::Timestamp{ns};
      u.dir[0].last_seen = core::Timestamp{ns};
      d->connections.push_back(u);
    }
    agg.channel().publish(std::move(d));
    agg.drain();  // a worker's pool holds a few deltas: hand each back before taking the next
  }
}

/// The ntopng dialect's reading of the same request: page parameters, a ts_query, the flow list.
void check_ntopng(const query::QueryService& q, const api::Params& params, const query::ListRequest& r,
                  std::string_view host, std::string_view ts_query) {
  api::ntopng::PageParams page;
  if (!api::ntopng::parse_page(params, page)) NETMETER_FUZZ_CHECK(page.current_page >= 1);
  if (auto tags = api::ntopng::parse_ts_query(ts_query))
    for (const auto& [name, value] : *tags)
      NETMETER_FUZZ_CHECK(!name.empty() && name.find(':') == std::string::npos);
  query::FlowFilter filter;
  if (auto k = query::parse_host_key(host)) filter.host = k->ip;
  auto flows = q.active_flows(r, filter);
  NETMETER_FUZZ_CHECK(flows.total <= 40);
  NETMETER_FUZZ_CHECK(r.page_size == 0 || flows.items.size() <= r.page_size);
  for (const auto& item : flows.items)
    NETMETER_FUZZ_CHECK(!filter.host || item.connection.client.ip == *filter.host ||
                        item.connection.server.ip == *filter.host);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto f = fuzz::split_lines(text, 5);

  api::Params params;
  for (const auto& q : http::parse_query(f[0]))
    params.add(q.key, q.value);
  api::allegro::TimeParams time;
  if (api::allegro::parse_time(params, time)) return 0;  // a 400
  api::allegro::ListParams list;
  if (api::allegro::parse_list(params, time, api::allegro::connection_sort_names(), {10, 100}, list))
    return 0;
  const query::ListRequest& r = list.request;
  NETMETER_FUZZ_CHECK(list.csv || (r.page_size >= 1 && r.page_size <= 100));

  if (auto k = query::parse_host_key(f[1])) NETMETER_FUZZ_CHECK(query::parse_host_key(k->to_string()) == k);
  if (auto m = query::parse_mac(f[2])) NETMETER_FUZZ_CHECK(query::parse_mac(stats::mac_to_string(*m)) == m);
  api::CompiledFilter expression = api::compile_filter(f[3]);

  stats::StatsConfig config;
  stats::Aggregator agg(config, 1);
  fill(agg);
  query::NumericNames names;
  query::QueryService q(agg, names);

  auto hosts = q.hosts(r);
  NETMETER_FUZZ_CHECK(r.page_size == 0 || hosts.items.size() <= r.page_size);
  NETMETER_FUZZ_CHECK(hosts.total == 0 || hosts.pages >= 1);
  if (r.page_size && hosts.pages) NETMETER_FUZZ_CHECK((hosts.pages - 1) * r.page_size < hosts.total);

  query::ConnectionFilter cf;
  cf.expression = expression.filter.get();
  auto conns = q.connections(r, cf);
  NETMETER_FUZZ_CHECK(conns.total <= 40);
  NETMETER_FUZZ_CHECK(r.page_size == 0 || conns.items.size() <= r.page_size);

  (void)q.graph(query::EntityRef{}, time.graph);
  if (auto k = query::parse_host_key(f[1])) {
    (void)q.host(*k, time.interval);
    (void)q.host_peers(*k, r);
  }

  check_ntopng(q, params, r, f[1], f[4]);

  query::HostExport ex(q, r);
  std::vector<query::HostItem> out;
  while (ex.next(7, out)) {
  }
  std::set<stats::HostKey> seen;
  for (const auto& h : out)
    NETMETER_FUZZ_CHECK(seen.insert(h.key).second);
  NETMETER_FUZZ_CHECK(out.size() == ex.total());
  return 0;
}
