#include "store/sqlite_alert_store.hpp"

#include "store/alert_repository.hpp"
#include "store/database.hpp"

namespace netmeter::store {

Status SqliteAlertStore::insert(std::span<AlertRecord> alerts) {
  auto conn = db_.lock();
  return AlertRepository(conn).insert(alerts);
}

Result<int64_t> SqliteAlertStore::prune(int64_t max_days, int64_t max_count) {
  auto conn = db_.lock();
  return AlertRepository(conn).prune(max_days, max_count);
}

Result<std::vector<AlertRecord>> SqliteAlertStore::list(const AlertFilter& filter, const AlertPage& page) {
  auto conn = db_.lock();
  return AlertRepository(conn).list(filter, page);
}

Result<int64_t> SqliteAlertStore::count(const AlertFilter& filter) {
  auto conn = db_.lock();
  return AlertRepository(conn).count(filter);
}

Result<std::vector<AlertStore::GroupCount>> SqliteAlertStore::count_by(GroupBy group,
                                                                       const AlertFilter& filter) {
  auto conn = db_.lock();
  return AlertRepository(conn).count_by(group, filter);
}

Result<int64_t> SqliteAlertStore::acknowledge(const AlertFilter& filter) {
  auto conn = db_.lock();
  return AlertRepository(conn).acknowledge(filter);
}

Result<int64_t> SqliteAlertStore::remove(const AlertFilter& filter) {
  auto conn = db_.lock();
  return AlertRepository(conn).remove(filter);
}

Result<std::vector<AlertRecord>> SqliteAlertStore::list_sorted(const AlertFilter& filter, SortColumn column,
                                                               bool descending, int64_t offset,
                                                               int64_t limit) {
  auto conn = db_.lock();
  return AlertRepository(conn).list_sorted(filter, column, descending, offset, limit);
}

Result<AlertStore::SortedPage> SqliteAlertStore::list_page(const AlertFilter& filter, SortColumn column,
                                                           bool descending, int64_t offset, int64_t limit) {
  auto conn = db_.lock();  // the count and the page from one state of the table
  return AlertRepository(conn).list_page(filter, column, descending, offset, limit);
}

Result<std::vector<AlertStore::SlotCount>> SqliteAlertStore::count_by_time(const AlertFilter& filter,
                                                                           int64_t slot_width) {
  auto conn = db_.lock();
  return AlertRepository(conn).count_by_time(filter, slot_width);
}

Result<std::vector<AlertStore::AddressCount>> SqliteAlertStore::count_by_address(AddressColumn column,
                                                                                 const AlertFilter& filter) {
  auto conn = db_.lock();
  return AlertRepository(conn).count_by_address(column, filter);
}

Result<std::vector<AlertStore::TypeSeverityCount>> SqliteAlertStore::count_by_type_severity(
    const AlertFilter& filter) {
  auto conn = db_.lock();
  return AlertRepository(conn).count_by_type_severity(filter);
}

Result<int64_t> SqliteAlertStore::count_alerted_flows(const AlertFilter& filter, const std::string& ip,
                                                      bool as_client) {
  auto conn = db_.lock();
  return AlertRepository(conn).count_alerted_flows(filter, ip, as_client);
}

}  // namespace netmeter::store
