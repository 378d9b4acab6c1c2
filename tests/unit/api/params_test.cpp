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
  for (std::string body : {"{", "[1]", R"({"a": [{"x": 1}]})", "{\"a\": \"\xff\"}"}) {
    Params p;
    EXPECT_TRUE(p.parse(request("application/json", body)).has_value()) << body;
  }
}

TEST(Params, KeepsAnObjectAsItsJsonText) {
  Params p;
  EXPECT_FALSE(
      p.parse(request("application/json", R"({"command": "changeConfig", "config": {"isSuspended": true}})"))
          .has_value());
  EXPECT_EQ(p.get("command"), "changeConfig");
  EXPECT_EQ(p.get("config"), R"({"isSuspended":true})");
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

TEST(Params, EveryTextMustBeUtf8WhereverItComesFrom) {
  auto query = request("", "");
  query.query.push_back({"name", "a\xff"});
  Params q;
  ASSERT_TRUE(q.parse(query).has_value());
  EXPECT_NE(q.parse(query)->find("'name'"), std::string::npos) << "names the parameter";
  auto key = request("", "");
  key.query.push_back({"\xfe", "x"});
  EXPECT_TRUE(Params().parse(key).has_value());
  EXPECT_TRUE(Params().parse(request("application/x-www-form-urlencoded", "full_name=%FF%FE")).has_value());
  std::string multipart = "--XX\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n\xc0\xaf\r\n--XX--\r\n";
  EXPECT_TRUE(Params().parse(request("multipart/form-data; boundary=XX", multipart)).has_value());
  auto field = request("", "");
  field.form_fields.push_back({"f", "\xed\xa0\x80"});  // a UTF-16 surrogate
  EXPECT_TRUE(Params().parse(field).has_value());
  EXPECT_FALSE(Params().parse(request("application/x-www-form-urlencoded", "n=%C3%A9t%C3%A9")).has_value());
}

TEST(Params, IntegersInRange) {
  auto r = request("", "");
  r.query = {{"a", "42"}, {"b", "9999999999999"}, {"c", "-5"}, {"d", "1e3"}, {"e", ""}};
  Params p;
  ASSERT_FALSE(p.parse(r).has_value());
  EXPECT_EQ(p.integer("a", 0, 100).value, 42);
  EXPECT_TRUE(p.integer("b", 0, 4'102'444'800).error);
  EXPECT_TRUE(p.integer("c", 0, 100).error);
  EXPECT_TRUE(p.integer("d", 0, 100000).error);
  auto empty = p.integer("e", 0, 1);
  EXPECT_FALSE(empty.value || empty.error) << "empty is absent";
  EXPECT_FALSE(p.integer("absent", 0, 1).value);
}

TEST(Params, SplitList) {
  EXPECT_EQ(split_list(" a, b,,c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list("").empty());
}

}  // namespace
}  // namespace netmeter::api
