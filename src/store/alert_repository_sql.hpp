#pragma once

// The SQL the alert repository's files share (alert_repository.cpp, alert_repository_pages.cpp): the
// column list, the WHERE clause of a filter with its bound values, reading rows, the sort columns.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/alert_repository.hpp"
#include "store/statement.hpp"

namespace netmeter::store::alert_sql {

/// Every column of `alerts`, in read_row()'s order.
inline constexpr const char* kColumns =
    "id, ifid, entity, alert_id, severity, score, tstamp, tstamp_end, acknowledged, ip, vlan_id, "
    "is_attacker, is_victim, value, threshold, flow_id, cli_ip, cli_port, srv_ip, srv_port, proto, "
    "l7_master_proto, l7_proto, flow_score, flow_risk, info";

/// A WHERE clause and its parameters, built from a filter (values are always bound, never spliced).
struct Where {
  std::string sql;
  std::vector<std::variant<int64_t, std::string>> args;

  void add(const std::string& condition) { sql += (sql.empty() ? " WHERE " : " AND ") + condition; }
  template <typename T>
  void add(const std::string& condition, T value) {
    add(condition);
    args.emplace_back(std::move(value));
  }
  /// Binds the arguments from parameter `first` on; returns the next free index.
  int bind(Statement& stmt, int first = 1) const;
};

/// The filter as a WHERE clause. With an `ip`, the other columns are compared as expressions (`+col`),
/// so that SQLite reads the host's few rows by their ids instead of walking the interface's index. With
/// `time_in_order` false, the time range too: a page in another order than time walks that order's index
/// and checks the time there, rather than sorting every alert of the range.
Where where_of(const AlertFilter& f, bool time_in_order = true);

AlertRecord read_row(const Statement& s);
Result<std::vector<AlertRecord>> read_rows(Statement& stmt);

/// " ORDER BY <column> <dir>, tstamp <dir>, id <dir>": ties by time, then row id (a strict order).
std::string order_by(AlertRepository::SortColumn column, bool descending);

}  // namespace netmeter::store::alert_sql
