#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "history/query_types.hpp"
#include "store/alert_store.hpp"

namespace netmeter::history::clickhouse {

inline constexpr std::string_view kAlertTable = "alerts";

/// The past alerts' table: the columns of SQLite's `alerts` (numbers as Int64, flags as UInt8, addresses
/// as the same text SQLite holds, so lists sort alike), MergeTree partitioned by day of tstamp
/// (intDiv(tstamp, 86400): UTC days, whatever the server's time zone) so retention drops whole days,
/// ordered by (ifid, entity, tstamp, row_id): the lists' interface, entity and time filters read key
/// ranges. Accepted by 18.16 and newer servers.
std::string create_alert_table_sql();
std::string insert_alerts_sql();
/// The batch as one RowBinary INSERT body, columns in insert_alerts_sql()'s order.
void encode_alerts(std::span<const store::AlertRecord> alerts, std::string& out);

/// Every column, in read_alerts()' order.
std::string_view alert_columns_sql();
/// " WHERE ..." of a filter (empty without conditions): numbers in decimal, text as escaped string
/// literals (18.16 has no query parameters), columns from a fixed set.
std::string alert_where_sql(const store::AlertFilter& filter);
/// " ORDER BY <column> <dir>, tstamp <dir>, row_id <dir>" (a strict order, SQLite's).
std::string alert_order_by_sql(store::AlertStore::SortColumn column, bool descending);
/// " LIMIT offset, limit" (nothing for a negative limit: all).
std::string limit_sql(int64_t offset, int64_t limit);

/// The rows of a `SELECT <alert_columns_sql()>` answer; throws HistoryError on a malformed one.
std::vector<store::AlertRecord> read_alerts(const ResultTable& table);
/// A cell as a number (Int or UInt columns); throws HistoryError for anything else.
int64_t number_of(const Value& cell);

}  // namespace netmeter::history::clickhouse
