#include "store/alert_order.hpp"

namespace netmeter::store {
namespace {

std::string_view sort_column(AlertStore::SortColumn c, const AlertOrderSql& sql) {
  using C = AlertStore::SortColumn;
  switch (c) {
    case C::Severity:
      return "severity";
    case C::Score:
      return "score";
    case C::AlertId:
      return "alert_id";
    case C::Duration:
      return sql.duration;
    case C::Ip:
      return "ip";
    case C::ClientIp:
      return "cli_ip";
    case C::ServerIp:
      return "srv_ip";
    case C::Time:
      break;
  }
  return {};
}

}  // namespace

std::string alert_order_by(AlertStore::SortColumn column, bool descending, const AlertOrderSql& sql) {
  const std::string_view dir = descending ? " DESC" : " ASC";
  std::string out = " ORDER BY ";
  if (const std::string_view c = sort_column(column, sql); !c.empty()) {
    out += c;
    out += dir;
    out += ", ";
  }
  out += "tstamp";
  out += dir;
  out += ", ";
  out += sql.row_id;
  out += dir;
  return out;
}

}  // namespace netmeter::store
