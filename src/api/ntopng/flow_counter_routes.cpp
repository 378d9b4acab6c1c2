// get/flow/l4/counters.lua and get/flow/l7/counters.lua: the active flows per L4 protocol and per
// application, counted as ntopng counts them (docs/ntopng/interface.md).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "api/dialect.hpp"
#include "api/ntopng/interface_json.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"

namespace netmeter::api::ntopng {

namespace json = boost::json;

namespace {

query::FlowCounts counts(const NtopCall& c) {
  return c.query().flow_counts(keeps_finished_flows(c), c.visible());
}

/// `[{"id": <IP protocol number>, "count": n}]`, by protocol number.
http::Response l4_counters(NtopCall& c) {
  json::array out;
  for (const auto& [l4, n] : counts(c).by_l4)
    out.push_back(json::object{{"id", l4}, {"count", n}});
  return ntop_ok(out);
}

/// `[{"name": <application>, "count": n}]`, by name: a flow counts under its app protocol when it has
/// one, else its master.
http::Response l7_counters(NtopCall& c) {
  const query::FlowCounts fc = counts(c);
  auto named = c.query().read([&](const stats::StatsStore&, const query::NameResolver& names) {
    std::vector<std::pair<std::string, size_t>> out;
    for (const auto& [id, n] : fc.by_protocol)
      out.emplace_back(names.application(0, id), n);
    return out;
  });
  std::sort(named.begin(), named.end());
  json::array out;
  for (const auto& [name, n] : named)
    out.push_back(json::object{{"name", name}, {"count", n}});
  return ntop_ok(out);
}

}  // namespace

void register_flow_counter_routes(RouteTree& tree, ApiServices& s) {
  add_ntopng_read(tree, "get/flow/l4/counters.lua", interface_route(s, l4_counters));
  add_ntopng_read(tree, "get/flow/l7/counters.lua", interface_route(s, l7_counters));
}

}  // namespace netmeter::api::ntopng
