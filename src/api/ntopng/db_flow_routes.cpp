// get/db/flows.lua and get/db/topk_flows.lua: past flows from the history store (issue 14,
// docs/history-queries.md). The clauses are parsed into a typed query, restricted to the caller's networks,
// rendered for the store's dialect and run; client text never reaches SQL. get/db/historical_db_search.lua
// lists the columns those clauses may name.
#include <optional>
#include <string>
#include <string_view>

#include "api/common/background_work.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/db_flow_json.hpp"
#include "api/ntopng/db_flow_visibility.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "history/flow_columns.hpp"
#include "history/history_store.hpp"
#include "history/query/flow_query_parser.hpp"
#include "history/query/render.hpp"
#include "history/query/topk_query.hpp"

namespace netmeter::api::ntopng {

namespace {

using history::query::ParsedQuery;

std::string_view text(const Params& params, std::string_view key) {
  return params.get(key).value_or(std::string_view{});
}

/// `begin_time_clause`, or ntopng's other spelling `epoch_begin` (likewise for the end).
std::string_view window_end(const Params& params, std::string_view clause, std::string_view epoch) {
  auto value = params.non_empty(clause);
  return value ? *value : text(params, epoch);
}

/// The `ifid` of the request: any interface the caller may see, running or not (past flows outlive their
/// slot), else INVALID_INTERFACE.
std::optional<uint16_t> history_interface(const Call& call) {
  auto ifid = call.params.integer("ifid", 0, 65535);
  if (!ifid.value ||
      (call.principal && !call.principal->may_see_interface(static_cast<uint32_t>(*ifid.value))))
    return std::nullopt;
  return static_cast<uint16_t>(*ifid.value);
}

/// Runs the query on `background` when there is one (the store may take seconds), else here.
http::Response run(Call& call, history::HistoryStore& store, BackgroundWork* background, ParsedQuery parsed) {
  auto ifid = history_interface(call);
  if (!ifid) return ntop_error(NtopRc::InvalidInterface, "ifid is missing or names no interface you may see");
  if (!parsed) return invalid_arguments(parsed.error.to_string());
  history::query::FlowQuery& query = *parsed.query;
  query.interface_id = *ifid;
  if (!restrict_to_visible(query, call.principal)) return ntop_ok(boost::json::array{});
  history::RenderedQuery sql = history::query::render(query, store.dialect());
  auto answer = [&store, sql = std::move(sql)] {
    try {
      return ntop_ok(db_flow_records(store.execute(sql), sql.column_types));
    } catch (const history::HistoryError& e) {
      return ntop_error(NtopRc::InternalError, std::string("the history store failed: ") + e.what());
    }
  };
  if (!background) return answer();
  auto later =
      background->submit(answer, [] { return ntop_error(NtopRc::InternalError, "the query failed"); });
  if (!later)
    return ntop_error(NtopRc::InternalError, "too many history queries are waiting; try again", 503);
  return std::move(*later);
}

http::Response flows(Call& call, history::HistoryStore& store, BackgroundWork* background) {
  const Params& p = call.params;
  return run(
      call, store, background,
      history::query::parse_flow_query({.select = text(p, "select_clause"),
                                        .where = text(p, "where_clause"),
                                        .group_by = text(p, "group_by_clause"),
                                        .order_by = text(p, "order_by_clause"),
                                        .maxhits = text(p, "maxhits_clause"),
                                        .begin_time = window_end(p, "begin_time_clause", "epoch_begin"),
                                        .end_time = window_end(p, "end_time_clause", "epoch_end")}));
}

http::Response topk_flows(Call& call, history::HistoryStore& store, BackgroundWork* background) {
  const Params& p = call.params;
  return run(
      call, store, background,
      history::query::parse_topk_query({.keys = text(p, "select_keys_clause"),
                                        .value = text(p, "select_values_clause"),
                                        .topk = text(p, "topk_clause"),
                                        .where = text(p, "where_clause"),
                                        .maxhits = text(p, "maxhits_clause"),
                                        .begin_time = window_end(p, "begin_time_clause", "epoch_begin"),
                                        .end_time = window_end(p, "end_time_clause", "epoch_end")}));
}

std::string_view type_name(history::ColumnType type) {
  switch (type) {
    case history::ColumnType::UInt8:
      return "UInt8";
    case history::ColumnType::UInt16:
      return "UInt16";
    case history::ColumnType::UInt32:
      return "UInt32";
    case history::ColumnType::UInt64:
      return "UInt64";
    case history::ColumnType::DateTime:
      return "DateTime";
    case history::ColumnType::Ipv4:
      return "IPv4";
    case history::ColumnType::Ipv6:
      return "IPv6";
    case history::ColumnType::String:
      return "String";
  }
  return "String";
}

/// The columns of the historical flow table, in storage order: what select, where, group by and order by
/// clauses may name, whether min/max and top-k values (numeric) and sum/avg (summable) apply, and whether
/// ntopng's own table has it. ntopng Pro's
/// explorer also answers saved searches here (`query_preset`); netmeter has none and says so.
http::Response column_list(const Call& call) {
  if (call.params.non_empty("query_preset"))
    return invalid_arguments(
        "query_preset: netmeter has no saved searches; this endpoint lists the columns get/db/flows.lua and "
        "get/db/topk_flows.lua accept in their clauses");
  boost::json::array columns;
  for (const history::ColumnInfo& c : history::flow_columns())
    columns.push_back(boost::json::object{{"name", c.name},
                                          {"type", type_name(c.type)},
                                          {"numeric", history::is_numeric(c.type)},
                                          {"summable", history::is_summable(c.type)},
                                          {"ntopng", c.ntopng}});
  return ntop_ok(columns);
}

/// ntopng serves its historical scripts only under /lua/pro/rest/ (Pro), for GET and POST.
void add_pro_read(RouteTree& tree, std::string_view rest, const Route& route) {
  for (std::string_view method : {"GET", "POST"})
    for (std::string_view version : {"v1", "v2"})
      tree.add(method, "/lua/pro/rest/" + std::string(version) + "/" + std::string(rest), route);
}

}  // namespace

void register_db_flow_routes(RouteTree& tree, ApiServices& services) {
  if (!services.history) return;  // --history none: the endpoints are absent
  history::HistoryStore& store = *services.history;
  BackgroundWork* background = services.background;
  add_pro_read(tree, "get/db/flows.lua",
               {[&store, background](Call& call) { return flows(call, store, background); }, Need::read_stats,
                BodyKind::params});
  add_pro_read(tree, "get/db/topk_flows.lua",
               {[&store, background](Call& call) { return topk_flows(call, store, background); },
                Need::read_stats, BodyKind::params});
  add_pro_read(tree, "get/db/historical_db_search.lua",
               {[](Call& call) { return column_list(call); }, Need::read_stats, BodyKind::params});
}

}  // namespace netmeter::api::ntopng
