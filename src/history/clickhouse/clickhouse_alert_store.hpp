#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "history/clickhouse/clickhouse_client.hpp"
#include "history/query_types.hpp"
#include "store/alert_store.hpp"

namespace netmeter::history::clickhouse {

/// The past alerts in ClickHouse (18.16 and newer), table `alerts` (alert_schema.hpp), when `--history
/// clickhouse://` is given; the alert configuration, exclusions and notifications stay in SQLite.
/// - Row ids: the table's largest plus one at start, then a counter (unique across restarts while one
///   netmeter writes the table).
/// - Inserts: one RowBinary INSERT per batch.
/// - Reads: SQL rendered from the typed filter and sort enums, text as escaped literals (18.16 has no
///   query parameters), read-only.
/// - acknowledge/remove: `ALTER TABLE alerts UPDATE/DELETE` mutations, waited for (system.mutations
///   polled until done, at most `mutation_timeout`, an error beyond) so the next read sees them.
/// - prune: by age, whole day partitions whose every alert is older than max_days before its interface's
///   newest (a day with one newer alert stays whole: the age bound's granularity is the day); by count,
///   exactly: the days before the last doomed alert's day dropped, the rest deleted by a mutation.
/// Writes are serialised (one mutex); reads run in parallel on the client's connection pool.
class ClickHouseAlertStore final : public store::AlertStore {
 public:
  /// Creates the database and the table if absent and reads the largest row id; throws HistoryError
  /// when the server refuses or does not answer.
  explicit ClickHouseAlertStore(ClientOptions options,
                                std::chrono::milliseconds mutation_timeout = std::chrono::seconds(60));

  store::Status insert(std::span<store::AlertRecord> alerts) override;
  store::Result<int64_t> prune(int64_t max_days, int64_t max_count) override;
  store::Result<std::vector<store::AlertRecord>> list(const store::AlertFilter& filter,
                                                      const store::AlertPage& page) override;
  store::Result<int64_t> count(const store::AlertFilter& filter) override;
  store::Result<std::vector<GroupCount>> count_by(GroupBy group, const store::AlertFilter& filter) override;
  store::Result<int64_t> acknowledge(const store::AlertFilter& filter) override;
  store::Result<int64_t> remove(const store::AlertFilter& filter) override;
  store::Result<std::vector<store::AlertRecord>> list_sorted(const store::AlertFilter& filter,
                                                             SortColumn column, bool descending,
                                                             int64_t offset, int64_t limit) override;
  store::Result<SortedPage> list_page(const store::AlertFilter& filter, SortColumn column, bool descending,
                                      int64_t offset, int64_t limit) override;
  store::Result<std::vector<SlotCount>> count_by_time(const store::AlertFilter& filter,
                                                      int64_t slot_width) override;
  store::Result<std::vector<AddressCount>> count_by_address(AddressColumn column,
                                                            const store::AlertFilter& filter) override;
  store::Result<std::vector<TypeSeverityCount>> count_by_type_severity(
      const store::AlertFilter& filter) override;
  store::Result<int64_t> count_alerted_flows(const store::AlertFilter& filter, const std::string& ip,
                                             bool as_client) override;

 private:
  ResultTable query_table(const std::string& sql);
  int64_t single_number(const std::string& sql);
  std::vector<store::AlertRecord> rows(const store::AlertFilter& filter, const std::string& order,
                                       int64_t offset, int64_t limit);
  /// Runs an ALTER TABLE alerts UPDATE/DELETE and waits until the table has no unfinished mutation.
  void mutate(const std::string& sql);
  int64_t prune_days(int64_t max_days);
  int64_t prune_count(int64_t max_count);

  ClickHouseClient client_;
  std::chrono::milliseconds mutation_timeout_;
  std::mutex write_mutex_;  ///< inserts, mutations and partition drops, one at a time
  std::atomic<int64_t> next_row_id_{1};
  std::string body_;  ///< the insert body, reused (under write_mutex_)
};

/// The alert store behind `--history clickhouse://[user@]host[:port]/db` (password: the first line of
/// `password_file`, none when empty). Throws HistoryError as make_clickhouse_store().
std::unique_ptr<store::AlertStore> make_clickhouse_alert_store(
    std::string_view url, const std::filesystem::path& password_file,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace netmeter::history::clickhouse
