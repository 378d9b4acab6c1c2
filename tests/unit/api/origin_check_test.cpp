#include "api/origin_check.hpp"

#include <gtest/gtest.h>

namespace netmeter::api {
namespace {

http::RequestHead head(std::string host, bool tls = true) {
  http::RequestHead h;
  h.method = "POST";
  h.tls = tls;
  h.headers.add("Host", std::move(host));
  return h;
}

http::RequestHead with(http::RequestHead h, std::string name, std::string value) {
  h.headers.add(std::move(name), std::move(value));
  return h;
}

TEST(OriginCheck, NoBrowserHeadersIsAScript) {
  EXPECT_TRUE(same_origin(head("mm.example:8443")));
}

TEST(OriginCheck, OwnOriginOnly) {
  auto h = head("MM.example:8443");
  EXPECT_TRUE(same_origin(with(h, "Origin", "https://mm.example:8443")));
  EXPECT_FALSE(same_origin(with(h, "Origin", "https://evil.example")));
  EXPECT_FALSE(same_origin(with(h, "Origin", "http://mm.example:8443")))
      << "another scheme is another origin";
  EXPECT_FALSE(same_origin(with(h, "Origin", "https://mm.example:8443.evil.example")));
  EXPECT_FALSE(same_origin(with(h, "Origin", "null")));
  EXPECT_TRUE(same_origin(with(head("mm.example"), "Origin", "https://mm.example:443"))) << "default port";
  EXPECT_TRUE(same_origin(with(head("mm.example:8080", false), "Origin", "http://mm.example:8080")));
}

TEST(OriginCheck, RefererWhenThereIsNoOrigin) {
  auto h = head("mm.example:8443");
  EXPECT_TRUE(same_origin(with(h, "Referer", "https://mm.example:8443/ui/users?x=1")));
  EXPECT_FALSE(same_origin(with(h, "Referer", "https://evil.example/form.html")));
  EXPECT_FALSE(same_origin(with(h, "Referer", "not a url")));
  // Origin wins: a forged Referer of our own does not excuse a foreign Origin.
  EXPECT_FALSE(
      same_origin(with(with(h, "Origin", "https://evil.example"), "Referer", "https://mm.example:8443/")));
}

}  // namespace
}  // namespace netmeter::api
