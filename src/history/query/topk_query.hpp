#pragma once

#include <string_view>

#include "history/query/flow_query_parser.hpp"

namespace netmeter::history::query {

/// The parameters of ntopng's get/db/topk_flows.lua (percent-decoded; blank ones take ntopng's defaults).
struct TopkClauses {
  std::string_view keys;     ///< select_keys_clause: columns, default IPV4_SRC_ADDR,IPV4_DST_ADDR,L7_PROTO
  std::string_view value;    ///< select_values_clause: BYTES (TOTAL_BYTES, the default), PACKETS or a column
  std::string_view topk;     ///< topk_clause: SUM (default), AVG, MIN, MAX or COUNT
  std::string_view where;    ///< where_clause
  std::string_view maxhits;  ///< maxhits_clause
  std::string_view begin_time;  ///< begin_time_clause
  std::string_view end_time;    ///< end_time_clause
};

/// The top-k query: `SELECT keys, TOPK(value) GROUP BY keys ORDER BY TOPK(value) DESC`, checked like
/// parse_flow_query (key problems are reported for select_keys_clause).
ParsedQuery parse_topk_query(const TopkClauses& clauses);

}  // namespace netmeter::history::query
