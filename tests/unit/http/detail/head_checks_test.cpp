#include "http/detail/head_checks.hpp"

#include <gtest/gtest.h>

namespace netmeter::http {
namespace {

RequestHead head(std::string target, unsigned version = 11, bool host = true) {
  RequestHead h;
  h.method = "GET";
  h.target = std::move(target);
  h.version = version;
  if (host) h.headers.add("Host", "localhost");
  return h;
}

TEST(HeadChecks, FillsPathAndQuery) {
  RequestHead h = head("/API/stats/modules/ip/ips_paged?count=10&sort=bytes&reverse=true&filter=a%20b");
  EXPECT_FALSE(complete_head(h));
  EXPECT_EQ(h.path, "/API/stats/modules/ip/ips_paged");
  EXPECT_EQ(h.raw_query, "count=10&sort=bytes&reverse=true&filter=a%20b");
  EXPECT_EQ(h.query_value("count"), "10");
  EXPECT_EQ(h.query_value("filter"), "a b");
  EXPECT_FALSE(h.query_value("missing"));
}

TEST(HeadChecks, Errors) {
  RequestHead no_host = head("/", 11, false);
  auto e = complete_head(no_host);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 400);

  RequestHead http10 = head("/", 10, false);
  EXPECT_FALSE(complete_head(http10));

  RequestHead two_hosts = head("/");
  two_hosts.headers.add("Host", "other");
  EXPECT_TRUE(complete_head(two_hosts));

  RequestHead bad_version = head("/", 20);
  e = complete_head(bad_version);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 505);

  RequestHead bad_target = head("/%zz");
  e = complete_head(bad_target);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 400);
}

TEST(HeadChecks, ExpectContinue) {
  RequestHead h = head("/upload");
  h.headers.add("Expect", "100-Continue");
  EXPECT_FALSE(expects_continue(h));  // no body
  h.content_length = 10;
  EXPECT_TRUE(expects_continue(h));
  h.version = 10;
  EXPECT_FALSE(expects_continue(h));
}

}  // namespace
}  // namespace netmeter::http
