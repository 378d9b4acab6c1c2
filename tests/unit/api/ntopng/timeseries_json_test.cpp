#include "api/ntopng/timeseries_json.hpp"

#include <gtest/gtest.h>

namespace netmeter::test {
namespace {

namespace json = boost::json;
using api::ntopng::parse_ts_query;
using api::ntopng::series_json;

TEST(TsQuery, SplitsOnTheFirstColonOfEachItem) {
  auto tags = parse_ts_query("ifid:0, host:fe80::1@3,protocol:TLS");
  ASSERT_TRUE(tags);
  ASSERT_EQ(tags->size(), 3u);
  EXPECT_EQ((*tags)[0], (std::pair<std::string, std::string>{"ifid", "0"}));
  EXPECT_EQ((*tags)[1], (std::pair<std::string, std::string>{"host", "fe80::1@3"}));
  EXPECT_EQ((*tags)[2], (std::pair<std::string, std::string>{"protocol", "TLS"}));
  EXPECT_TRUE(parse_ts_query("")->empty());
  EXPECT_FALSE(parse_ts_query("ifid"));
  EXPECT_FALSE(parse_ts_query(":0"));
}

TEST(TsSeries, RatesPerSecondAndTheirStatistics) {
  // 20 points of 10 s: amounts 0, 100, ..., 1900 bytes.
  std::vector<uint64_t> amounts;
  for (uint64_t i = 0; i < 20; ++i)
    amounts.push_back(i * 100);
  json::object s = series_json("bytes", amounts, 10);
  EXPECT_EQ(s.at("id"), "bytes");
  const auto& data = s.at("data").as_array();
  ASSERT_EQ(data.size(), 20u);
  EXPECT_EQ(data[0].as_int64(), 0);     // whole rates are integers
  EXPECT_EQ(data[19].as_int64(), 190);  // 1900 B over 10 s
  const auto& st = s.at("statistics").as_object();
  EXPECT_EQ(st.at("total").as_uint64(), 19000u);  // the amounts, exactly
  EXPECT_DOUBLE_EQ(st.at("average").to_number<double>(), 95.0);
  EXPECT_EQ(st.at("min_val").as_int64(), 0);
  EXPECT_EQ(st.at("max_val").as_int64(), 190);
  EXPECT_EQ(st.at("min_val_idx").as_uint64(), 0u);
  EXPECT_EQ(st.at("max_val_idx").as_uint64(), 19u);
  EXPECT_EQ(st.at("95th_percentile").as_int64(), 180);  // rank ceil(0.95 * 20) = 19
  json::object odd = series_json("bytes", {5}, 2);
  EXPECT_DOUBLE_EQ(odd.at("data").as_array()[0].as_double(), 2.5);
}

TEST(TsSeries, NoPointNoExtremes) {
  json::object s = series_json("bytes", {}, 60);
  const auto& st = s.at("statistics").as_object();
  EXPECT_EQ(st.at("total").as_uint64(), 0u);
  EXPECT_FALSE(st.contains("max_val"));
  EXPECT_FALSE(st.contains("95th_percentile"));
}

}  // namespace
}  // namespace netmeter::test
