#include <gtest/gtest.h>

#include "history/clickhouse/server_error.hpp"

namespace netmeter::history::clickhouse {
namespace {

TEST(ClickHouseServerError, CodeAndMessageWithoutTheTail) {
  EXPECT_EQ(clean_server_error("Code: 47, e.displayText() = DB::Exception: Unknown identifier: nonexistent, "
                               "e.what() = DB::Exception\n",
                               500),
            "ClickHouse: Code: 47, DB::Exception: Unknown identifier: nonexistent");
}

TEST(ClickHouseServerError, NoServerPath) {
  const std::string message = clean_server_error(
      "Code: 291, e.displayText() = DB::Exception: Part path /etc/passwd is not inside "
      "/var/lib/clickhouse/user_files/, e.what() = DB::Exception",
      500);
  EXPECT_EQ(message.find("/etc"), std::string::npos) << message;
  EXPECT_EQ(message.find("/var"), std::string::npos) << message;
  EXPECT_NE(message.find("Part path <path> is not inside <path>"), std::string::npos) << message;
  EXPECT_EQ(clean_server_error("Cannot open file '/a/b.bin' (errno 2)", 500),
            "ClickHouse: Cannot open file '<path>' (errno 2)");
}

TEST(ClickHouseServerError, FirstLineOnlyBoundedAndNeverEmpty) {
  EXPECT_EQ(clean_server_error("first\nsecond /x/y", 500), "ClickHouse: first");
  EXPECT_EQ(clean_server_error("", 503), "ClickHouse: HTTP 503");
  EXPECT_LE(clean_server_error(std::string(5000, 'x'), 500).size(), 420u);
  EXPECT_EQ(clean_server_error("a\tb 1/2", 500), "ClickHouse: a b 1/2");
}

}  // namespace
}  // namespace netmeter::history::clickhouse
