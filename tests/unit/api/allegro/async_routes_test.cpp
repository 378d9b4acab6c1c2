#include "api/allegro/async_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "async_test_util.hpp"
#include "auth/clock.hpp"
#include "auth/crypto.hpp"

namespace netmeter::api {
namespace {

namespace json = boost::json;
using test::Gate;
using test::wait_finished;

auth::Principal user(int64_t id, std::string name) {
  auth::Principal p;
  p.user_id = id;
  p.user_name = std::move(name);
  return p;
}

class AsyncRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(auth::init_crypto());
    register_async_routes(tree, jobs);
  }

  /// Calls GET `path` as `who` with the given uuid parameter (none when unset).
  http::Response get(const std::string& path, const auth::Principal& who,
                     std::optional<std::string> uuid = std::nullopt) {
    auto match = tree.find("GET", path);
    if (!match.route) return http::Response(404);
    http::Request request;
    request.method = "GET";
    request.path = path;
    Call call{request, &who, {}, std::move(match.params)};
    if (uuid) call.params.add("uuid", *uuid);
    call.params.add("mm-id", ":1");
    return match.route->fn(call);
  }

  /// start_async as `who`.
  http::Response start(const auth::Principal& who, AsyncJobs::Work work) {
    http::Request request;
    Call call{request, &who, {}, {}};
    return start_async(jobs, call, std::move(work));
  }

  static json::object body(const http::Response& r) { return json::parse(r.body).as_object(); }

  auth::ManualClock clock;
  AsyncJobs jobs{clock, {.max_jobs = 4, .max_per_owner = 2}};
  RouteTree tree;
  auth::Principal alice = user(1, "alice");
};

TEST_F(AsyncRoutesTest, RouteNeedsReadStatsAndNoBody) {
  auto m = tree.find("GET", "/API/async/1");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->need, Need::read_stats);
  EXPECT_EQ(m.route->body, BodyKind::none);
}

TEST_F(AsyncRoutesTest, StartThenPendingThenDone) {
  Gate gate;
  auto started = start(alice, gate.work(json::object{{"displayedItems", json::array{1, 2}}}));
  ASSERT_EQ(started.status, 200);
  auto s = body(started);
  ASSERT_TRUE(s.at("asyncID").is_number());
  ASSERT_TRUE(s.at("asyncUUID").is_string());
  const auto id = s.at("asyncID").to_number<uint64_t>();
  const std::string uuid(s.at("asyncUUID").as_string());
  const std::string path = "/API/async/" + std::to_string(id);

  auto pending = get(path, alice, uuid);
  EXPECT_EQ(pending.status, 202);
  auto p = body(pending);
  EXPECT_EQ(p.at("asyncID").to_number<uint64_t>(), id);
  EXPECT_NE(p.at("errorCode").to_number<int>(), 0);
  EXPECT_FALSE(p.contains("asyncResult"));
  EXPECT_TRUE(pending.headers().get("Retry-After"));

  gate.open();
  ASSERT_EQ(wait_finished(jobs, {id, uuid}, async_owner(alice)).state, AsyncJobs::State::done);
  auto done = get(path, alice, uuid);
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.headers().get("Content-Type"), "application/json");
  auto d = body(done);
  EXPECT_EQ(d.at("errorCode").to_number<int>(), 0);
  EXPECT_EQ(d.at("asyncResult"), (json::object{{"displayedItems", json::array{1, 2}}}));
  EXPECT_FALSE(d.contains("status"));
}

TEST_F(AsyncRoutesTest, FailedAnswers500WithTheMessage) {
  auto started = body(start(alice, []() -> json::value { throw AsyncFailure("unknown sort key"); }));
  const auto id = started.at("asyncID").to_number<uint64_t>();
  const std::string uuid(started.at("asyncUUID").as_string());
  ASSERT_EQ(wait_finished(jobs, {id, uuid}, async_owner(alice)).state, AsyncJobs::State::failed);
  auto r = get("/API/async/" + std::to_string(id), alice, uuid);
  EXPECT_EQ(r.status, 500);
  auto b = body(r);
  EXPECT_EQ(b.at("errorCode").to_number<int>(), 2);
  EXPECT_EQ(b.at("error").as_string(), "unknown sort key");
  EXPECT_FALSE(b.contains("asyncResult"));
}

TEST_F(AsyncRoutesTest, UnknownWrongUuidAndOtherOwnerAre404) {
  auto started = body(start(alice, [] { return json::value(1); }));
  const auto id = started.at("asyncID").to_number<uint64_t>();
  const std::string uuid(started.at("asyncUUID").as_string());
  ASSERT_EQ(wait_finished(jobs, {id, uuid}, async_owner(alice)).state, AsyncJobs::State::done);
  const std::string path = "/API/async/" + std::to_string(id);

  auto check_404 = [](const http::Response& r) {
    EXPECT_EQ(r.status, 404);
    auto b = body(r);
    EXPECT_EQ(b.at("status").to_number<int>(), 404) << "Allegro error format";
    EXPECT_TRUE(b.at("error").is_string());
  };
  check_404(get(path, alice, "00000000-0000-4000-8000-000000000000"));
  check_404(get(path, user(2, "bob"), uuid));
  check_404(get(path, user(7, "alice"), uuid));  // a new user of the same name is another owner
  check_404(get("/API/async/999", alice, uuid));
  check_404(get("/API/async/0", alice, uuid));
  check_404(get("/API/async/abc", alice, uuid));
  check_404(get("/API/async/-1", alice, uuid));
  check_404(get("/API/async/99999999999999999999999", alice, uuid));
  EXPECT_EQ(get(path, alice).status, 400) << "no uuid";
  EXPECT_EQ(get(path, alice, uuid).status, 200);
}

TEST_F(AsyncRoutesTest, FullAnswers503WithRetryAfter) {
  Gate gate;
  ASSERT_EQ(start(alice, gate.work()).status, 200);
  ASSERT_EQ(start(alice, gate.work()).status, 200);
  auto refused = start(alice, gate.work());
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(body(refused).at("status").to_number<int>(), 503);
  EXPECT_TRUE(refused.headers().get("Retry-After"));
  EXPECT_EQ(start(user(2, "bob"), gate.work()).status, 200);
}

TEST_F(AsyncRoutesTest, OwnerIsUserIdAndName) {
  auto a = user(3, "carol");
  a.method = auth::AuthMethod::Token;
  a.token_id = 9;
  auto b = user(3, "carol");
  b.method = auth::AuthMethod::Session;
  b.session_id = "secret-cookie";
  EXPECT_EQ(async_owner(a), async_owner(b)) << "tokens and sessions of one user share results";
  EXPECT_EQ(async_owner(b).find("secret"), std::string::npos);
  EXPECT_NE(async_owner(a), async_owner(user(4, "carol")));
}

}  // namespace
}  // namespace netmeter::api
