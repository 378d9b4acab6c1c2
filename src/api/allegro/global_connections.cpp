// /API/stats/modules/ip/globalConnections: the connections of every IP, filtered by an Allegro filter
// expression and sorted, answered asynchronously (docs/api.md "Connections of all IPs"); and its CSV.
#include <array>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/async_routes.hpp"
#include "api/allegro/ip_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/stats_route.hpp"
#include "api/common/async_jobs.hpp"
#include "api/common/filter_param.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;
using query::SortKey;

namespace {

constexpr size_t kMaxResults = 1000;  // the connection module's top list

/// The expression from `filter` (or `expression`, the capture URL's name).
CompiledFilter expression_of(const Params& params) {
  auto text = params.non_empty("filter");
  if (!text) text = params.non_empty("expression");
  return text ? compile_filter(*text) : CompiledFilter{};
}

/// `mode=rtpStats`: the RTP connections (nDPI's RTP), with the connection fields; RTP quality figures
/// (jitter, loss) are not measured, so none are added.
CompiledFilter rtp_expression_of(const Params& params) {
  auto text = params.non_empty("filter");
  if (!text) text = params.non_empty("expression");
  filter::Comparison rtp{filter::Field::Dpi, filter::Side::Any, filter::Op::Eq, filter::DpiValue{"RTP"}};
  return compile_filter(text.value_or(""), filter::Expression::compare(std::move(rtp)));
}

http::Response start(StatsCall& c, AsyncJobs& jobs) {
  auto mode = c.call.params.non_empty("mode");
  const bool rtp = mode && *mode == "rtpStats";
  if (mode && !rtp && *mode != "default" && *mode != "connections")
    return allegro_error(
        400, "mode '" + std::string(*mode) +
                 "' is not supported (default, connections or rtpStats): netmeter has no SIP module");
  ListParams lp;
  if (auto bad = list_params(c, connection_sort_names(), {kMaxResults, kMaxResults}, lp))
    return std::move(*bad);
  CompiledFilter f = rtp ? rtp_expression_of(c.call.params) : expression_of(c.call.params);
  if (!f.error.empty()) return allegro_error(400, f.error);
  lp.request.page = 0;  // one list of up to 1000; `count` caps it
  if (lp.request.page_size == 0) lp.request.page_size = kMaxResults;
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  query::ListRequest request = lp.request;
  return start_async(jobs, c.call, [keep, q, request, f]() -> json::value {
    query::ConnectionFilter cf;
    cf.expression = f.filter.get();
    query::Page<query::ConnectionItem> page = q->connections(request, cf);
    json::object o = page_object(page, connection_json);
    o["numberOfMatches"] = page.total;  // exact: every connection is tested
    o["limit"] = kMaxResults;
    return o;
  });
}

http::Response csv(StatsCall& c) {
  CompiledFilter f = expression_of(c.call.params);
  if (!f.error.empty()) return allegro_error(400, f.error);
  query::ListRequest request;
  request.interval = c.time.interval;
  request.with_interval = false;
  request.visible = c.visible();
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  // Sorted by id (the order connections began in); the sort parameter is ignored, as on the device.
  return csv_response(kConnectionCsvHeader,
                      paged_csv_rows<query::ConnectionItem>(
                          request,
                          [keep, q, f](const query::ListRequest& r) {
                            query::ConnectionFilter cf;
                            cf.expression = f.filter.get();
                            return q->connections(r, cf);
                          },
                          connection_csv_row),
                      "connections.csv");
}

}  // namespace

void register_global_connection_routes(RouteTree& tree, ApiServices& s) {
  if (!s.async) return;
  AsyncJobs& jobs = *s.async;
  tree.add("GET", "/API/stats/modules/ip/globalConnections",
           stats_route(
               s, [&jobs](StatsCall& c) { return start(c, jobs); }, false));
  tree.add("GET", "/API/stats/modules/ip/globalConnections/csv", stats_route(s, csv));
}

}  // namespace netmeter::api::allegro
