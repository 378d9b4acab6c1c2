#include "http/header_value.hpp"

#include <gtest/gtest.h>

#include "http/headers.hpp"

namespace netmeter::http {
namespace {

TEST(Headers, CaseInsensitiveLookupRepeatsAndSet) {
  Headers h;
  h.add("Content-Type", "text/plain");
  h.add("X-A", "1");
  h.add("x-a", "2");
  EXPECT_EQ(h.get("content-type"), "text/plain");
  EXPECT_EQ(h.get_all("X-a").size(), 2u);
  h.set("X-A", "3");
  ASSERT_EQ(h.get_all("x-a").size(), 1u);
  EXPECT_EQ(h.get("X-A"), "3");
  EXPECT_EQ(h.remove("X-A"), 1u);
  EXPECT_FALSE(h.contains("x-a"));
}

TEST(ParseParameterized, ContentTypeAndDisposition) {
  auto v = parse_parameterized("Multipart/Form-Data; boundary=\"abc def\"; charset=utf-8");
  EXPECT_EQ(v.value, "multipart/form-data");
  EXPECT_EQ(v.parameter("boundary"), "abc def");
  EXPECT_EQ(v.parameter("charset"), "utf-8");

  v = parse_parameterized("form-data; name=\"file\"; filename=\"C:\\dir\\a \\\"b\\\".txt\"");
  EXPECT_EQ(v.value, "form-data");
  EXPECT_EQ(v.parameter("name"), "file");
  EXPECT_EQ(v.parameter("filename"), "C:\\dir\\a \"b\".txt");
}

TEST(ParseParameterized, SurvivesGarbage) {
  auto v = parse_parameterized(";;=;x; a=\"unterminated");
  EXPECT_EQ(v.value, "");
  EXPECT_EQ(v.parameter("a"), "unterminated");
  v = parse_parameterized(";;=;x;\"=\";a=\"");
  EXPECT_EQ(v.value, "");
}

TEST(AcceptsGzip, TokensAndQuality) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("deflate, gzip;q=0.5, br"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("gzipx"));
}

}  // namespace
}  // namespace netmeter::http
