#include "http/url.hpp"

#include <gtest/gtest.h>

namespace netmeter::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(percent_decode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%e2%82%AC", false), "\xe2\x82\xac");
}

TEST(PercentDecode, RejectsBadEscapesAndNul) {
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_FALSE(percent_decode("%2", false));
  EXPECT_FALSE(percent_decode("%zz", false));
  EXPECT_FALSE(percent_decode("a%00b", false));
}

TEST(ParseQuery, KeepsOrderRepeatsAndEmptyValues) {
  auto q = parse_query("a=1&b=x%20y&a=2&flag&&c=&d=p+q");
  ASSERT_EQ(q.size(), 6u);
  EXPECT_EQ(q[0].key, "a");
  EXPECT_EQ(q[0].value, "1");
  EXPECT_EQ(q[1].value, "x y");
  EXPECT_EQ(q[2].value, "2");
  EXPECT_EQ(q[3].key, "flag");
  EXPECT_EQ(q[3].value, "");
  EXPECT_EQ(q[4].key, "c");
  EXPECT_EQ(q[5].value, "p q");
}

TEST(ParseQuery, IsLenientWithStrayPercent) {
  auto q = parse_query("filter=bytes>50%&x=%zz");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].value, "bytes>50%");
  EXPECT_EQ(q[1].value, "%zz");
}

TEST(ParseQuery, FilterExpressionWithEncodedSpaces) {
  auto q = parse_query("filter=ip%3D%3D10.0.0.1%20and%20port%3D%3D80");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].value, "ip==10.0.0.1 and port==80");
}

TEST(ParseTarget, OriginAbsoluteAndAsteriskForms) {
  auto t = parse_target("/API/stats/%20x?a=1&b=2");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/API/stats/ x");
  EXPECT_EQ(t->raw_query, "a=1&b=2");

  t = parse_target("http://example.com:8080/lua/rest/v1/get.lua?ifid=0");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/lua/rest/v1/get.lua");
  EXPECT_EQ(t->raw_query, "ifid=0");

  t = parse_target("https://example.com");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/");

  t = parse_target("*");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "*");
}

TEST(ParseTarget, RejectsNonsense) {
  EXPECT_FALSE(parse_target(""));
  EXPECT_FALSE(parse_target("index.html"));
  EXPECT_FALSE(parse_target("/a%zz"));
  EXPECT_FALSE(parse_target("/a%00b"));
}

}  // namespace
}  // namespace netmeter::http
