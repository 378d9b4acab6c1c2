// /API/stats/modules/ip/globalConnections: the connections of every IP, filtered by an Allegro filter
// expression and sorted, answered asynchronously (docs/api.md "Connections of all IPs"); and its CSV.
// An interval reaching before the connections the slot keeps is answered from the history store.
#include <algorithm>
#include <array>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/async_routes.hpp"
#include "api/allegro/ip_json.hpp"
#include "api/allegro/list_json.hpp"
#include "api/allegro/past_connections.hpp"
#include "api/allegro/stats_route.hpp"
#include "api/common/async_jobs.hpp"
#include "api/common/background_work.hpp"
#include "api/common/filter_param.hpp"
#include "api/common/flow_capture.hpp"
#include "auth/principal.hpp"

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

/// The past connections `c` asks for, when its interval reaches before what the slot keeps and a store
/// of past flows is there.
std::optional<PastConnections> past_request(const StatsCall& c, history::HistoryStore* store) {
  if (!store || !c.time.requested) return std::nullopt;
  const int64_t since = c.query().read([](const stats::StatsStore& s, const query::NameResolver&) {
    return query::connections_complete_since(s);
  });
  return past_interval(c, since);
}

std::vector<query::ConnectionItem> read_or_fail(history::HistoryStore& store, const PastConnections& p,
                                                const query::QueryService& q) {
  try {
    return read_past_connections(store, p, q);
  } catch (const history::HistoryError& e) {  // its message names no server path
    throw AsyncFailure(std::string("the history store failed: ") + e.what());
  }
}

http::Response start_past(StatsCall& c, AsyncJobs& jobs, history::HistoryStore& store, PastConnections p,
                          const query::ListRequest& request) {
  p.sort = request.sort;
  p.descending = request.order == query::Order::Descending;
  auto keep = c.slot.slot;
  const query::QueryService* q = c.slot.query;
  const size_t limit = request.page_size;
  const bool may_download = c.call.principal->has(auth::Permission::Pcap);
  return start_async(jobs, c.call, [keep, q, &store, p, limit, may_download]() -> json::value {
    query::Page<query::ConnectionItem> page;
    page.items = read_or_fail(store, p, *q);
    page.total = page.items.size();
    page.items.resize(std::min(page.items.size(), limit));
    page.page_size = limit;
    page.pages = page.total == 0 ? 0 : (page.total + limit - 1) / limit;
    const RingCoverage ring(may_download ? keep->ring_buffer() : nullptr);
    json::object o = page_object(
        page, [&](const query::ConnectionItem& item) { return past_connection_json(item, p.slot, ring); });
    o["numberOfMatches"] = page.total;  // of the rows read: at most history::query::kMaxHitsCap
    o["limit"] = kMaxResults;
    return o;
  });
}

http::Response start(StatsCall& c, AsyncJobs& jobs, history::HistoryStore* store) {
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
  if (auto past = past_request(c, store)) {
    past->filter = std::move(f);
    return start_past(c, jobs, *store, std::move(*past), lp.request);
  }
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

/// The CSV of past connections, read before the head is sent (so that a failing store is a 500), in the
/// order flows began in (their id), as the live CSV.
http::Response past_csv(history::HistoryStore& store, const PastConnections& p,
                        const query::QueryService& q) {
  auto items = std::make_shared<std::vector<query::ConnectionItem>>();
  try {
    *items = read_past_connections(store, p, q);
  } catch (const history::HistoryError& e) {  // its message names no server path
    return allegro_error(500, std::string("the history store failed: ") + e.what());
  }
  auto next = std::make_shared<size_t>(0);
  CsvRows rows = [items, next](std::string& out, size_t want) {
    while (out.size() < want && *next < items->size()) {
      connection_csv_row(out, (*items)[(*next)++]);
      out.append("\r\n");
    }
    return *next < items->size();
  };
  return csv_response(kConnectionCsvHeader, std::move(rows), "connections.csv");
}

/// past_csv on `background`'s threads when there are some (the store may take seconds), else here.
http::Response past_csv_later(StatsCall& c, history::HistoryStore& store, PastConnections p,
                              BackgroundWork* background) {
  auto keep = c.slot.slot;  // keeps the slot's QueryService
  const query::QueryService* q = c.slot.query;
  auto answer = [&store, p = std::move(p), keep, q] { return past_csv(store, p, *q); };
  if (!background) return answer();
  auto later = background->submit(answer, [] { return allegro_error(500, "the query failed"); });
  if (!later) {
    auto busy = allegro_error(503, "too many history queries are waiting; try again later");
    busy.set_header("Retry-After", "1");
    return busy;
  }
  return std::move(*later);
}

http::Response csv(StatsCall& c, history::HistoryStore* store, BackgroundWork* background) {
  CompiledFilter f = expression_of(c.call.params);
  if (!f.error.empty()) return allegro_error(400, f.error);
  if (auto past = past_request(c, store)) {
    past->filter = std::move(f);
    return past_csv_later(c, *store, std::move(*past), background);
  }
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
  history::HistoryStore* store = s.history;  // null (--history none): memory only
  tree.add("GET", "/API/stats/modules/ip/globalConnections",
           stats_route(
               s, [&jobs, store](StatsCall& c) { return start(c, jobs, store); }, false));
  tree.add(
      "GET", "/API/stats/modules/ip/globalConnections/csv",
      stats_route(s, [store, background = s.background](StatsCall& c) { return csv(c, store, background); }));
}

}  // namespace netmeter::api::allegro
