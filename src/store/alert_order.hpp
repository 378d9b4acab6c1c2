#pragma once

#include <string>
#include <string_view>

#include "store/alert_store.hpp"

namespace netmeter::store {

/// What the alert tables of the two backends spell differently in an ORDER BY.
struct AlertOrderSql {
  std::string_view duration;  ///< an alert's duration, never negative, in the backend's SQL
  std::string_view row_id;    ///< the row id column
};

/// " ORDER BY <column>, tstamp, <row id>" in one direction: the strict order of AlertStore::list_sorted(),
/// written once for both backends (the column is one of a fixed set, never text from a request).
std::string alert_order_by(AlertStore::SortColumn column, bool descending, const AlertOrderSql& sql);

}  // namespace netmeter::store
