#include "history/clickhouse/partition_retention.hpp"

#include <algorithm>
#include <charconv>

#include "history/clickhouse/clickhouse_client.hpp"
#include "history/clickhouse/flow_schema.hpp"
#include "history/clickhouse/tsv_result_parser.hpp"

namespace netmeter::history::clickhouse {
namespace {

uint64_t as_count(const Value& value) {
  const auto* number = std::get_if<uint64_t>(&value);
  return number ? *number : 0;
}

// The partition id as system.parts prints it: exactly eight digits (anything else is not ours).
std::optional<uint32_t> day_of(const Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  if (!text || text->size() != 8) return std::nullopt;
  uint32_t day = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), day);
  if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return day;
}

}  // namespace

uint32_t utc_day(uint32_t t) {
  // Howard Hinnant's civil_from_days.
  const int64_t z = t / 86400 + 719468;
  const int64_t era = z / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const auto y = static_cast<uint32_t>(yoe + era * 400 + (m <= 2));
  return y * 10000 + m * 100 + d;
}

std::vector<DayPartition> partitions_to_drop(const std::vector<DayPartition>& partitions,
                                             const Retention& retention, uint32_t now) {
  std::vector<DayPartition> drop;
  size_t next = 0;
  if (retention.max_days > 0) {
    const uint64_t span = uint64_t{retention.max_days} * 86400;
    const uint32_t first_kept = now > span ? utc_day(static_cast<uint32_t>(now - span)) : 0;
    while (next < partitions.size() && partitions[next].day < first_kept)
      drop.push_back(partitions[next++]);
  }
  if (retention.max_bytes > 0) {
    uint64_t total = 0;
    for (size_t i = next; i < partitions.size(); ++i)
      total += partitions[i].bytes;
    while (total > retention.max_bytes && next + 1 < partitions.size()) {
      total -= partitions[next].bytes;
      drop.push_back(partitions[next++]);
    }
  }
  return drop;
}

std::vector<DayPartition> list_flow_partitions(ClickHouseClient& client) {
  return list_partitions(client, kFlowTable);
}

std::vector<DayPartition> list_partitions(ClickHouseClient& client, std::string_view table_name) {
  const std::string sql =
      "SELECT partition, sum(rows), sum(bytes_on_disk) FROM system.parts WHERE database = '" +
      client.url().database + "' AND table = '" + std::string(table_name) +
      "' AND active GROUP BY partition ORDER BY partition FORMAT TabSeparatedWithNamesAndTypes";
  const ResultTable table = parse_tsv_with_names_and_types(client.query(sql), {});
  std::vector<DayPartition> partitions;
  for (const auto& row : table.rows) {
    if (row.size() != 3) continue;
    if (auto day = day_of(row[0])) partitions.push_back({*day, as_count(row[1]), as_count(row[2])});
  }
  std::sort(partitions.begin(), partitions.end(),
            [](const DayPartition& a, const DayPartition& b) { return a.day < b.day; });
  return partitions;
}

uint64_t drop_old_partitions(ClickHouseClient& client, const Retention& retention, uint32_t now) {
  return drop_old_partitions(client, kFlowTable, retention, now);
}

uint64_t drop_old_partitions(ClickHouseClient& client, std::string_view table_name,
                             const Retention& retention, uint32_t now) {
  uint64_t rows = 0;
  for (const auto& partition : partitions_to_drop(list_partitions(client, table_name), retention, now)) {
    // The id is a number we parsed, never text from a client.
    client.statement("ALTER TABLE " + std::string(table_name) + " DROP PARTITION " +
                     std::to_string(partition.day));
    rows += partition.rows;
  }
  return rows;
}

}  // namespace netmeter::history::clickhouse
