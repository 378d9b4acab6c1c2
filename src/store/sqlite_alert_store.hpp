#pragma once

#include "store/alert_store.hpp"

namespace netmeter::store {

class Database;

/// The past alerts in SQLite: the `alerts` table of netmeter.db (AlertRepository's SQL, indexes and the
/// alert_counts table its triggers keep). Each operation locks the database's connection for its time.
class SqliteAlertStore final : public AlertStore {
 public:
  explicit SqliteAlertStore(Database& db) : db_(db) {}

  Status insert(std::span<AlertRecord> alerts) override;
  Result<int64_t> prune(int64_t max_days, int64_t max_count) override;
  Result<std::vector<AlertRecord>> list(const AlertFilter& filter, const AlertPage& page) override;
  Result<int64_t> count(const AlertFilter& filter) override;
  Result<std::vector<GroupCount>> count_by(GroupBy group, const AlertFilter& filter) override;
  Result<int64_t> acknowledge(const AlertFilter& filter) override;
  Result<int64_t> remove(const AlertFilter& filter) override;
  Result<std::vector<AlertRecord>> list_sorted(const AlertFilter& filter, SortColumn column, bool descending,
                                               int64_t offset, int64_t limit) override;
  Result<SortedPage> list_page(const AlertFilter& filter, SortColumn column, bool descending, int64_t offset,
                               int64_t limit) override;
  Result<std::vector<SlotCount>> count_by_time(const AlertFilter& filter, int64_t slot_width) override;
  Result<std::vector<AddressCount>> count_by_address(AddressColumn column,
                                                     const AlertFilter& filter) override;
  Result<std::vector<TypeSeverityCount>> count_by_type_severity(const AlertFilter& filter) override;
  Result<int64_t> count_alerted_flows(const AlertFilter& filter, const std::string& ip,
                                      bool as_client) override;

 private:
  Database& db_;
};

}  // namespace netmeter::store
