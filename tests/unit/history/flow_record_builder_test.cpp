#include "history/flow_record_builder.hpp"

#include <gtest/gtest.h>

#include "geo/geo_db.hpp"
#include "history/flow_columns.hpp"
#include "history/flow_record_fields.hpp"
#include "history_test_support.hpp"

#ifndef NETMETER_GEO_FIXTURES
#define NETMETER_GEO_FIXTURES ""
#endif

namespace netmeter::history::test {
namespace {

TEST(FlowRecordBuilder, TheClientIsTheSourceWhicheverSideOfTheKeyItIs) {
  // 10.0.0.9 > 10.0.0.1: the client is the key's `hi` side.
  auto u = update(42, "10.0.0.9", 40000, "10.0.0.1", 443, 1700000000, 1700000012, 1500, 9000);
  ASSERT_FALSE(u.client_is_lo);
  u.master = 91;
  u.app = 124;
  u.category = 5;
  u.breed = 2;
  u.risk = 0x10;
  std::string sni = "www.example.org";
  std::copy(sni.begin(), sni.end(), u.server_name);
  u.server_name_len = static_cast<uint8_t>(sni.size());
  u.tcp.flags_seen[0] = 0x02 | 0x10;
  u.tcp.flags_seen[1] = 0x12;
  u.tcp.server_rtt_ns = 2'500'000;
  u.tcp.client_rtt_ns = -1;
  u.tcp.dir[0].retransmissions = 3;
  u.tcp.dir[1].out_of_order = 4;
  u.dir[1].first_seen = core::Timestamp::from_seconds(1700000001);  // the server answers a second later
  u.ended = true;
  u.end = flow::EndReason::Evicted;

  FlowRecord r;
  apply_update(r, u);
  EXPECT_EQ(r.flow_id, 42u);
  EXPECT_EQ(r.ip_version, 4);
  EXPECT_EQ(r.ipv4_src, 0x0a000009u);
  EXPECT_EQ(r.ipv4_dst, 0x0a000001u);
  EXPECT_EQ(r.src_port, 40000);
  EXPECT_EQ(r.dst_port, 443);
  EXPECT_EQ(r.protocol, 6);
  EXPECT_EQ(r.first_seen, 1700000000u);
  EXPECT_EQ(r.last_seen, 1700000012u);
  EXPECT_EQ(r.src2dst_bytes, 1500u);
  EXPECT_EQ(r.dst2src_bytes, 9000u);
  EXPECT_EQ(r.src2dst_packets, 16u);
  EXPECT_EQ(r.dst2src_packets, 91u);
  EXPECT_EQ(r.l7_master, 91);
  EXPECT_EQ(r.l7_proto, 124);
  EXPECT_EQ(r.l7_category, 5);
  EXPECT_EQ(r.l7_breed, 2);
  EXPECT_EQ(r.flow_risk, 0x10u);
  EXPECT_EQ(r.info, sni);
  EXPECT_EQ(r.src2dst_tcp_flags, 0x12);
  EXPECT_EQ(r.dst2src_tcp_flags, 0x12);
  EXPECT_EQ(r.server_latency_us, 2500u);
  EXPECT_EQ(r.client_latency_us, 0u);  // unknown
  EXPECT_EQ(r.src2dst_retransmissions, 3u);
  EXPECT_EQ(r.dst2src_out_of_order, 4u);
  EXPECT_EQ(r.end_reason, static_cast<uint8_t>(flow::EndReason::Evicted));
  EXPECT_EQ(r.ipv6_src, (std::array<uint8_t, 16>{}));
}

TEST(FlowRecordBuilder, Ipv6FlowsKeepTheirAddressBytesAndNoIpv4) {
  auto u = update(1, "2001:db8::1", 1234, "2001:db8::2", 53, 10, 11, 80, 120);
  u.key.l4 = 17;
  FlowRecord r;
  apply_update(r, u);
  EXPECT_EQ(r.ip_version, 6);
  EXPECT_EQ(r.ipv4_src, 0u);
  EXPECT_EQ(r.ipv6_src, ip("2001:db8::1").bytes());
  EXPECT_EQ(r.ipv6_dst, ip("2001:db8::2").bytes());
  EXPECT_EQ(r.protocol, 17);
  EXPECT_EQ(r.end_reason, 0);  // still active
}

TEST(FlowRecordBuilder, CountryCodesAreTwoLettersInOneNumber) {
  EXPECT_EQ(country_code_number("US"), ('U' << 8) | 'S');
  EXPECT_EQ(country_code_number(""), 0);
  EXPECT_EQ(country_code_number("usa"), 0);
  EXPECT_EQ(country_code_number("u1"), 0);
}

TEST(FlowRecordBuilder, GeolocationOfBothEnds) {
  if (std::string(NETMETER_GEO_FIXTURES).empty())
    GTEST_SKIP() << "no test databases: install libmaxmind-db-writer-perl (scripts/setup does)";
  geo::GeoDbOptions options;
  options.country_names.clear();
  auto db = geo::GeoDb::open(std::filesystem::path(NETMETER_GEO_FIXTURES) / "maxmind", options);
  auto u = update(1, "192.168.1.10", 5000, "1.1.1.1", 443, 10, 11, 80, 120);
  FlowRecord r;
  apply_update(r, u);
  add_geolocation(r, u, db);
  EXPECT_EQ(r.src_country, 0);  // private: unknown
  EXPECT_EQ(r.src_asn, 0u);
  EXPECT_EQ(r.dst_country, country_code_number("US"));
  EXPECT_EQ(r.dst_asn, db.lookup(ip("1.1.1.1"))->asn);
}

TEST(FlowRecordFields, EveryColumnHasAFieldOfItsType) {
  auto fields = fields_in_column_order();
  auto columns = flow_columns();
  ASSERT_EQ(fields.size(), columns.size());
  FlowRecord r = record(5, 0x01020304, 1000, 700);
  for (size_t i = 0; i < columns.size(); ++i) {
    ASSERT_NE(fields[i], kNoField) << columns[i].name;
    auto cell = field_cell(r, fields[i]);
    auto expected = columns[i].type == ColumnType::Ipv6     ? FieldCell::Kind::Bytes
                    : columns[i].type == ColumnType::String ? FieldCell::Kind::Text
                                                            : FieldCell::Kind::Number;
    EXPECT_EQ(cell.kind, expected) << columns[i].name;
  }
  auto value_of = [&](std::string_view name) {
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i].name == name) return field_cell(r, fields[i]).number;
    return uint64_t{999999};
  };
  EXPECT_EQ(value_of("TOTAL_BYTES"), 1050u);
  EXPECT_EQ(value_of("PACKETS"), 5u);
  EXPECT_EQ(value_of("IPV4_SRC_ADDR"), 0x01020304u);
}

}  // namespace
}  // namespace netmeter::history::test
