#include "api/params.hpp"

#include <gtest/gtest.h>

namespace netmeter::api {
namespace {

http::Request request(std::string content_type, std::string body) {
  http::Request r;
  r.method = "POST";
  if (!content_type.empty()) r.headers.add("Content-Type", content_type);
  r.body = std::move(body);
  return r;
}

TEST(Params, QueryWinsOverBody) {
  auto r = request("application/json", R"({"a": "body", "b": 2})");
  r.query.push_back({"a", "query"});
  Params p;
  EXPECT_FALSE(p.parse(r).has_value());
  EXPECT_EQ(p.get("a"), "query");
  EXPECT_EQ(p.get("b"), "2");
}

TEST(Params, JsonScalarsAndLists) {
  Params p;
  EXPECT_FALSE(
      p.parse(request("application/json", R"({"t": true, "l": ["x", "y"], "n": null})")).has_value());
  EXPECT_EQ(p.flag("t"), true);
  EXPECT_EQ(p.get("l"), "x,y");
  EXPECT_EQ(p.get("n"), "");
  EXPECT_EQ(p.non_empty("n"), std::nullopt);
}

TEST(Params, RejectsBadJson) {
  for (std::string body : {"{", "[1]", R"({"o": {"x": 1}})", "{\"a\": \"\xff\"}"}) {
    Params p;
    EXPECT_TRUE(p.parse(request("application/json", body)).has_value()) << body;
  }
}

TEST(Params, FormBodies) {
  Params p;
  EXPECT_FALSE(p.parse(request("application/x-www-form-urlencoded", "a=1&b=x%20y")).has_value());
  EXPECT_EQ(p.get("b"), "x y");
  Params m;
  std::string body = "--XX\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nbob\r\n--XX--\r\n";
  EXPECT_FALSE(m.parse(request("multipart/form-data; boundary=XX", body)).has_value());
  EXPECT_EQ(m.get("user"), "bob");
  Params broken;
  EXPECT_TRUE(broken.parse(request("multipart/form-data; boundary=XX", "--XX\r\nbroken")).has_value());
}

TEST(Params, SplitList) {
  EXPECT_EQ(split_list(" a, b,,c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list("").empty());
}

}  // namespace
}  // namespace netmeter::api
