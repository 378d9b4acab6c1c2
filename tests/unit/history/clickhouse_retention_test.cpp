#include <gtest/gtest.h>

#include "history/clickhouse/partition_retention.hpp"

namespace netmeter::history::clickhouse {
namespace {

constexpr uint32_t kNov14 = 1'699'920'000;  // 2023-11-14 00:00:00 UTC

std::vector<uint32_t> days(const std::vector<DayPartition>& partitions) {
  std::vector<uint32_t> out;
  for (const auto& p : partitions)
    out.push_back(p.day);
  return out;
}

TEST(ClickHouseRetention, UtcDay) {
  EXPECT_EQ(utc_day(0), 19700101u);
  EXPECT_EQ(utc_day(kNov14), 20231114u);
  EXPECT_EQ(utc_day(kNov14 - 1), 20231113u);
  EXPECT_EQ(utc_day(951'782'400), 20000229u);  // leap day
  EXPECT_EQ(utc_day(4'294'967'295u), 21060207u);
}

TEST(ClickHouseRetention, DropsWholeDaysBeforeTheCutoff) {
  const std::vector<DayPartition> parts{
      {20231110, 5, 100}, {20231111, 6, 100}, {20231112, 7, 100}, {20231113, 8, 100}, {20231114, 9, 100}};
  // now = Nov 14 12:00, keep 2 days: the cutoff instant is Nov 12 12:00, so Nov 12 is still kept.
  const auto drop = partitions_to_drop(parts, {.max_days = 2, .max_bytes = 0}, kNov14 + 43'200);
  EXPECT_EQ(days(drop), (std::vector<uint32_t>{20231110, 20231111}));
  EXPECT_TRUE(partitions_to_drop(parts, {.max_days = 0, .max_bytes = 0}, kNov14).empty());
  EXPECT_TRUE(partitions_to_drop(parts, {.max_days = 30, .max_bytes = 0}, kNov14).empty());
}

TEST(ClickHouseRetention, BytesDropOldestButNeverTheNewestDay) {
  const std::vector<DayPartition> parts{{20231112, 1, 300}, {20231113, 1, 200}, {20231114, 1, 100}};
  EXPECT_EQ(days(partitions_to_drop(parts, {.max_days = 0, .max_bytes = 350}, kNov14)),
            (std::vector<uint32_t>{20231112}));
  EXPECT_EQ(days(partitions_to_drop(parts, {.max_days = 0, .max_bytes = 300}, kNov14)),
            (std::vector<uint32_t>{20231112}));
  EXPECT_EQ(days(partitions_to_drop(parts, {.max_days = 0, .max_bytes = 1}, kNov14)),
            (std::vector<uint32_t>{20231112, 20231113}));
  EXPECT_TRUE(partitions_to_drop(parts, {.max_days = 0, .max_bytes = 600}, kNov14).empty());
}

TEST(ClickHouseRetention, DaysThenBytes) {
  const std::vector<DayPartition> parts{{20231101, 1, 1000}, {20231113, 1, 200}, {20231114, 1, 100}};
  EXPECT_EQ(days(partitions_to_drop(parts, {.max_days = 3, .max_bytes = 250}, kNov14)),
            (std::vector<uint32_t>{20231101, 20231113}));
}

}  // namespace
}  // namespace netmeter::history::clickhouse
