#pragma once

#include <boost/json.hpp>

#include "history/query_types.hpp"

namespace netmeter::api::ntopng {

/// The rows of a historical flow query as ntopng answers get/db/flows.lua: one object per row, keyed by
/// the answer column names, every cell a string (ntopng passes ClickHouse's text through): IPv4 addresses
/// dotted, IPv6 ones as text ("::" for none), times as epoch seconds. `types` are the rendered query's.
boost::json::array db_flow_records(const history::ResultTable& table,
                                   const std::vector<history::ColumnType>& types);

}  // namespace netmeter::api::ntopng
