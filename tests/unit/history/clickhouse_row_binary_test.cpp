#include <gtest/gtest.h>

#include <cstring>

#include "history/clickhouse/row_binary_encoder.hpp"

namespace netmeter::history::clickhouse {
namespace {

// Bytes of every column but INFO's (length + text).
constexpr size_t kFixedBytes = 172;

template <typename T>
T read_at(const std::string& body, size_t offset) {
  T value;
  std::memcpy(&value, body.data() + offset, sizeof(T));
  return value;
}

TEST(RowBinaryEncoder, LayoutOfTheFirstColumnsLittleEndian) {
  FlowRecord flow;
  flow.flow_id = 0x0102030405060708ULL;
  flow.ip_version = 6;
  flow.first_seen = 1'700'000'000;
  flow.last_seen = 1'700'000'060;
  flow.vlan = 42;
  flow.src2dst_packets = 3;
  flow.dst2src_packets = 4;
  const std::string body = RowBinaryEncoder().encode(std::span(&flow, 1));
  ASSERT_EQ(body.size(), kFixedBytes + 1);
  EXPECT_EQ(static_cast<uint8_t>(body[0]), 0x08);  // least significant byte first
  EXPECT_EQ(read_at<uint64_t>(body, 0), flow.flow_id);
  EXPECT_EQ(read_at<uint8_t>(body, 8), 6);
  EXPECT_EQ(read_at<uint32_t>(body, 9), 1'700'000'000u);
  EXPECT_EQ(read_at<uint32_t>(body, 13), 1'700'000'060u);
  EXPECT_EQ(read_at<uint16_t>(body, 17), 42);
  EXPECT_EQ(read_at<uint64_t>(body, 19), 7u);  // PACKETS = both directions
}

TEST(RowBinaryEncoder, StringLengthIsLeb128) {
  FlowRecord flow;
  flow.info = std::string(300, 'x');
  const std::string body = RowBinaryEncoder().encode(std::span(&flow, 1));
  ASSERT_EQ(body.size(), kFixedBytes + 2 + 300);
  // INFO follows FLOW_RISK; 300 = 0b10'0101100 → 0xAC 0x02.
  const size_t at = body.find(std::string(300, 'x'));
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(static_cast<uint8_t>(body[at - 2]), 0xAC);
  EXPECT_EQ(static_cast<uint8_t>(body[at - 1]), 0x02);
}

TEST(RowBinaryEncoder, RowsFollowEachOther) {
  std::vector<FlowRecord> flows(3);
  flows[1].info = "a\tb";
  const std::string body = RowBinaryEncoder().encode(flows);
  EXPECT_EQ(body.size(), 3 * (kFixedBytes + 1) + 3);
}

}  // namespace
}  // namespace netmeter::history::clickhouse
