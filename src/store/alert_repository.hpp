#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "store/alert_store.hpp"
#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// The SQLite `alerts` table, used through a locked connection (each operation: AlertStore's).
class AlertRepository {
 public:
  using GroupBy = AlertStore::GroupBy;
  using GroupCount = AlertStore::GroupCount;
  using SortColumn = AlertStore::SortColumn;
  using SortedPage = AlertStore::SortedPage;
  using SlotCount = AlertStore::SlotCount;
  using AddressColumn = AlertStore::AddressColumn;
  using AddressCount = AlertStore::AddressCount;
  using TypeSeverityCount = AlertStore::TypeSeverityCount;

  explicit AlertRepository(Connection& conn) : conn_(conn) {}

  /// Inserts the alerts in one transaction and sets their row ids.
  Status insert(std::span<AlertRecord> alerts);
  /// Keeps the table within bounds (AlertStore::prune), to the second.
  Result<int64_t> prune(int64_t max_days, int64_t max_count);
  Result<std::vector<AlertRecord>> list(const AlertFilter& filter, const AlertPage& page);
  /// With the table alert_counts (alert_repository_counts.cpp).
  Result<int64_t> count(const AlertFilter& filter);
  Result<std::vector<GroupCount>> count_by(GroupBy group, const AlertFilter& filter);
  Result<int64_t> acknowledge(const AlertFilter& filter);
  Result<int64_t> remove(const AlertFilter& filter);
  Result<std::vector<AlertRecord>> list_sorted(const AlertFilter& filter, SortColumn column, bool descending,
                                               int64_t offset, int64_t limit);
  /// At any depth of a large store in about the same time (alert_repository_pages.cpp).
  Result<SortedPage> list_page(const AlertFilter& filter, SortColumn column, bool descending, int64_t offset,
                               int64_t limit);
  Result<std::vector<SlotCount>> count_by_time(const AlertFilter& filter, int64_t slot_width);
  Result<std::vector<AddressCount>> count_by_address(AddressColumn column, const AlertFilter& filter);
  Result<std::vector<TypeSeverityCount>> count_by_type_severity(const AlertFilter& filter);
  Result<int64_t> count_alerted_flows(const AlertFilter& filter, const std::string& ip, bool as_client);

 private:
  /// Adds a batch's alerts to alert_counts: one upsert per interface, entity, hour, type and severity.
  Status count_inserted(std::span<const AlertRecord> alerts);

  Connection& conn_;
};

}  // namespace netmeter::store
