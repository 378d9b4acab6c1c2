#include "api/allegro/stats_params.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/json.hpp>
#include <initializer_list>
#include <string>
#include <utility>

namespace netmeter::api::allegro {
namespace {

namespace json = boost::json;
using query::Order;
using query::SortKey;

Params params(std::initializer_list<std::pair<const char*, const char*>> values) {
  Params p;
  for (const auto& [k, v] : values)
    p.add(k, v);
  return p;
}

/// The Allegro error body of a 400: its message.
std::string error_of(const std::optional<http::Response>& r) {
  EXPECT_TRUE(r.has_value());
  if (!r) return {};
  EXPECT_EQ(r->status, 400);
  auto body = json::parse(r->body).as_object();
  EXPECT_EQ(body.at("status").to_number<int>(), 400);
  return std::string(body.at("error").as_string());
}

TimeParams time_of(const Params& p) {
  TimeParams t;
  EXPECT_FALSE(parse_time(p, t).has_value());
  return t;
}

constexpr std::array kOwnSorts = {SortName{"ip", SortKey::Key}, SortName{"name", SortKey::Name}};

ListParams list_of(const Params& p, const TimeParams& t = {}, ListLimits limits = {}) {
  ListParams out;
  auto error = parse_list(p, t, kOwnSorts, limits, out);
  EXPECT_FALSE(error.has_value()) << (error ? error->body : "");
  return out;
}

std::optional<http::Response> list_error(const Params& p, ListLimits limits = {}) {
  ListParams out;
  return parse_list(p, TimeParams{}, kOwnSorts, limits, out);
}

TEST(ParseTime, Defaults) {
  TimeParams t = time_of(params({}));
  EXPECT_FALSE(t.interval.start);
  EXPECT_FALSE(t.interval.end);
  EXPECT_FALSE(t.requested);
  EXPECT_FALSE(t.graph.range.start);
  EXPECT_EQ(t.graph.timespan, 0);
  EXPECT_EQ(t.graph.values, 0u);
  EXPECT_TRUE(t.history);
  EXPECT_TRUE(t.history_data);
}

TEST(ParseTime, Interval) {
  TimeParams t = time_of(params({{"starttime", "1700000000"}, {"endtime", "1700000060"}}));
  EXPECT_EQ(t.interval.start, 1700000000);
  EXPECT_EQ(t.interval.end, 1700000060);
  EXPECT_TRUE(t.requested);
  EXPECT_EQ(t.graph.range.start, 1700000000);
  EXPECT_EQ(t.graph.range.end, 1700000060);
  TimeParams only_start = time_of(params({{"starttime", "0"}}));
  EXPECT_EQ(only_start.interval.start, 0);
  EXPECT_FALSE(only_start.interval.end);
  EXPECT_TRUE(only_start.requested);
  TimeParams only_end = time_of(params({{"endtime", "4102444800"}}));  // 2100-01-01, the last allowed
  EXPECT_EQ(only_end.interval.end, 4102444800);
  EXPECT_TRUE(only_end.requested);
  EXPECT_FALSE(time_of(params({{"starttime", ""}})).requested);  // empty: not given
}

TEST(ParseTime, GraphAndHistoryOptions) {
  TimeParams t = time_of(
      params({{"timespan", "60"}, {"values", "100000"}, {"history", "false"}, {"skiphistorydata", "true"}}));
  EXPECT_EQ(t.graph.timespan, 60);
  EXPECT_EQ(t.graph.values, 100000u);
  EXPECT_FALSE(t.history);
  EXPECT_FALSE(t.history_data);
  EXPECT_TRUE(time_of(params({{"history", "1"}, {"skiphistorydata", "0"}})).history_data);
}

TEST(ParseTime, Errors) {
  TimeParams t;
  EXPECT_EQ(error_of(parse_time(params({{"starttime", "100"}, {"endtime", "100"}}), t)),
            "endtime must be after starttime");
  EXPECT_EQ(error_of(parse_time(params({{"starttime", "200"}, {"endtime", "100"}}), t)),
            "endtime must be after starttime");
  EXPECT_EQ(error_of(parse_time(params({{"starttime", "-1"}}), t)),
            "starttime must be a whole number from 0 to 4102444800");
  EXPECT_EQ(error_of(parse_time(params({{"endtime", "4102444801"}}), t)),
            "endtime must be a whole number from 0 to 4102444800");
  EXPECT_EQ(error_of(parse_time(params({{"starttime", "1e9"}}), t)),
            "starttime must be a whole number from 0 to 4102444800");
  EXPECT_EQ(error_of(parse_time(params({{"timespan", "0"}}), t)),
            "timespan must be a whole number from 1 to 315360000");
  EXPECT_EQ(error_of(parse_time(params({{"values", "0"}}), t)),
            "values must be a whole number from 1 to 100000");
  EXPECT_EQ(error_of(parse_time(params({{"values", "100001"}}), t)),
            "values must be a whole number from 1 to 100000");
}

TEST(ParseList, Defaults) {
  ListParams l = list_of(params({}));
  EXPECT_EQ(l.request.sort, SortKey::Key);
  EXPECT_EQ(l.request.order, Order::Ascending);
  EXPECT_EQ(l.request.page, 0u);
  EXPECT_EQ(l.request.page_size, 10u);
  EXPECT_EQ(l.request.scope, query::Scope::AllTime);
  EXPECT_FALSE(l.csv);
  EXPECT_EQ(l.filter, "");
  EXPECT_EQ(list_of(params({}), {}, {.default_count = 25, .max_count = 500}).request.page_size, 25u);
}

// With starttime or endtime the byte and packet keys sort on the interval's counters.
TEST(ParseList, TheIntervalDecidesTheScope) {
  TimeParams t = time_of(params({{"starttime", "1700000000"}}));
  ListParams l = list_of(params({}), t);
  EXPECT_EQ(l.request.scope, query::Scope::Interval);
  EXPECT_EQ(l.request.interval.start, 1700000000);
  EXPECT_FALSE(l.request.interval.end);
}

TEST(ParseList, SortNames) {
  auto sort = [](const char* name) { return list_of(params({{"sort", name}})).request.sort; };
  EXPECT_EQ(sort("ip"), SortKey::Key);
  EXPECT_EQ(sort("name"), SortKey::Name);
  EXPECT_EQ(sort("bytes"), SortKey::Bytes);
  EXPECT_EQ(sort("BYTES"), SortKey::Bytes);  // any case
  EXPECT_EQ(sort("rxBytes"), SortKey::RxBytes);
  EXPECT_EQ(sort("txpackets"), SortKey::TxPackets);
  EXPECT_EQ(sort("pps"), SortKey::Pps);
  EXPECT_EQ(sort("firstActivity"), SortKey::FirstSeen);
  EXPECT_EQ(sort("firstRecentActivity"), SortKey::FirstSeen);
  EXPECT_EQ(sort("activity"), SortKey::LastSeen);
  EXPECT_EQ(sort("lastActivity"), SortKey::LastSeen);
  EXPECT_EQ(sort(""), SortKey::Key);  // empty: not given
}

TEST(ParseList, UnknownSortListsTheNames) {
  EXPECT_EQ(error_of(list_error(params({{"sort", "nope"}}))),
            "unknown sort 'nope'; one of: ip, name, bytes, rxbytes, txbytes, packets, rxpackets, txpackets, "
            "bps, rxbps, txbps, pps, firstActivity, firstRecentActivity, activity, lastActivity");
}

TEST(ParseList, TrafficSortNames) {
  auto names = traffic_sort_names();
  ASSERT_EQ(names.size(), 14u);
  EXPECT_EQ(names.front().name, "bytes");
  EXPECT_EQ(names.front().key, SortKey::Bytes);
  EXPECT_EQ(names.back().name, "lastActivity");
}

TEST(ParseList, ReversePageAndCount) {
  ListParams l = list_of(params({{"reverse", "true"}, {"page", "3"}, {"count", "100"}}));
  EXPECT_EQ(l.request.order, Order::Descending);
  EXPECT_EQ(l.request.page, 3u);
  EXPECT_EQ(l.request.page_size, 100u);
  EXPECT_EQ(list_of(params({{"reverse", "false"}})).request.order, Order::Ascending);
  EXPECT_EQ(
      list_of(params({{"count", "500"}}), {}, {.default_count = 10, .max_count = 500}).request.page_size,
      500u);
}

TEST(ParseList, PageAndCountErrors) {
  EXPECT_EQ(error_of(list_error(params({{"count", "0"}}))), "count must be a whole number from 1 to 100");
  EXPECT_EQ(error_of(list_error(params({{"count", "101"}}))), "count must be a whole number from 1 to 100");
  EXPECT_EQ(error_of(list_error(params({{"page", "-1"}}))),
            "page must be a whole number from 0 to 1000000000");
  EXPECT_EQ(error_of(list_error(params({{"page", "x"}}))),
            "page must be a whole number from 0 to 1000000000");
  EXPECT_FALSE(list_error(params({{"page", "1000000000"}})).has_value());
}

// csv=true asks for every item, in order, whatever page and count say.
TEST(ParseList, CsvMeansEverythingOnOnePage) {
  ListParams l = list_of(params({{"csv", "true"}, {"page", "5"}, {"count", "20"}, {"sort", "bytes"}}));
  EXPECT_TRUE(l.csv);
  EXPECT_EQ(l.request.page, 0u);
  EXPECT_EQ(l.request.page_size, 0u);
  EXPECT_EQ(l.request.sort, SortKey::Bytes);
  EXPECT_FALSE(list_of(params({{"csv", "false"}})).csv);
}

TEST(ParseList, TextFilter) {
  EXPECT_EQ(list_of(params({{"filter", "192.168"}})).filter, "192.168");
  EXPECT_EQ(list_of(params({{"filter", ""}})).filter, "");
}

}  // namespace
}  // namespace netmeter::api::allegro
