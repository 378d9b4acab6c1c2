#include "history/clickhouse/clickhouse_url.hpp"

#include <gtest/gtest.h>

namespace netmeter::history::clickhouse {
namespace {

TEST(ClickHouseUrl, HostPortDatabase) {
  auto url = parse_clickhouse_url("clickhouse://db1.example.org:8124/netmeter");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "db1.example.org");
  EXPECT_EQ(url->port, 8124);
  EXPECT_EQ(url->database, "netmeter");
  EXPECT_EQ(url->user, "default");
}

TEST(ClickHouseUrl, UserAndDefaultPort) {
  auto url = parse_clickhouse_url("clickhouse://probe_writer@127.0.0.1/flows_db/");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->user, "probe_writer");
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8123);
  EXPECT_EQ(url->database, "flows_db");
}

TEST(ClickHouseUrl, RefusesWhatCouldReachSqlOrHeaders) {
  for (const char* bad : {"http://h:8123/db", "clickhouse://h:8123/", "clickhouse://h:8123/db;DROP",
                          "clickhouse://h:8123/db name", "clickhouse://h:8123/1db", "clickhouse://h:0/db",
                          "clickhouse://h:65536/db", "clickhouse://h:x/db", "clickhouse://:8123/db",
                          "clickhouse://us\r\ner@h/db", "clickhouse://h\r\n/db", "clickhouse://h:8123/a/b",
                          "clickhouse://h:8123/db'--"})
    EXPECT_FALSE(parse_clickhouse_url(bad)) << bad;
}

TEST(ClickHouseUrl, PlainIdentifier) {
  EXPECT_TRUE(is_plain_identifier("netmeter_1"));
  EXPECT_TRUE(is_plain_identifier("_x"));
  EXPECT_FALSE(is_plain_identifier(""));
  EXPECT_FALSE(is_plain_identifier("9x"));
  EXPECT_FALSE(is_plain_identifier("a-b"));
  EXPECT_FALSE(is_plain_identifier("a`b"));
}

}  // namespace
}  // namespace netmeter::history::clickhouse
