#include "api/route_tree.hpp"

#include <gtest/gtest.h>

namespace netmeter::api {
namespace {

Route route(Need need = Need::read_stats) {
  return {[](Call&) { return http::Response(200); }, need, BodyKind::none};
}

class RouteTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree.add("GET", "/API/stats/time", route());
    tree.add("GET", "/API/stats/modules/ip/ips/:ip", route());
    tree.add("GET", "/API/stats/modules/ip/ips/:ip/peers", route());
    tree.add("GET", "/API/stats/modules/ip/ips/protocol", route());
    tree.add("DELETE", "/API/system/users/:name", route(Need::admin));
  }
  RouteTree tree;
};

TEST_F(RouteTreeTest, FindsLiteralRoutes) {
  auto m = tree.find("GET", "/API/stats/time");
  ASSERT_TRUE(m.path_found);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD"})) << "GET routes answer HEAD too";
  auto head = tree.find("HEAD", "/API/stats/time");
  EXPECT_EQ(head.route, m.route);
  EXPECT_TRUE(m.protected_node);
}

TEST_F(RouteTreeTest, LiteralsWinOverParameters) {
  auto m = tree.find("GET", "/API/stats/modules/ip/ips/protocol");
  ASSERT_NE(m.route, nullptr);
  EXPECT_TRUE(m.params.empty());
  m = tree.find("GET", "/API/stats/modules/ip/ips/10.0.0.1/peers");
  ASSERT_NE(m.route, nullptr);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "ip");
  EXPECT_EQ(m.params[0].second, "10.0.0.1");
}

TEST_F(RouteTreeTest, ChildrenListParametersWithColon) {
  auto m = tree.find("OPTIONS", "/API/stats/modules/ip/ips");
  ASSERT_TRUE(m.path_found);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.children, (std::vector<std::string>{"protocol", ":ip"}));
  EXPECT_EQ(tree.find("OPTIONS", "/API").children, (std::vector<std::string>{"stats", "system"}));
}

TEST_F(RouteTreeTest, WrongMethodKeepsAllowed) {
  auto m = tree.find("POST", "/API/system/users/bob");
  ASSERT_TRUE(m.path_found);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, std::vector<std::string>{"DELETE"});
}

TEST_F(RouteTreeTest, UnknownAndDotSegmentsAreNotFound) {
  EXPECT_FALSE(tree.find("GET", "/API/nothing").path_found);
  EXPECT_FALSE(tree.find("GET", "/API/stats/../stats/time").path_found);
  EXPECT_FALSE(tree.find("GET", "/API/system/users/..").path_found);
  EXPECT_FALSE(tree.find("GET", "/API/system/users/.").path_found);
}

TEST_F(RouteTreeTest, EmptySegmentsAreIgnored) {
  EXPECT_NE(tree.find("GET", "//API///stats/time/").route, nullptr);
  EXPECT_EQ(split_path("/a//b/"), (std::vector<std::string_view>{"a", "b"}));
}

}  // namespace
}  // namespace netmeter::api
