#include "api/dialect.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace netmeter::api {
namespace {

boost::json::object body_of(const http::Response& r) {
  return boost::json::parse(r.body).as_object();
}

TEST(Dialect, ByPrefix) {
  EXPECT_EQ(dialect_of("/API/stats"), Dialect::allegro);
  EXPECT_EQ(dialect_of("/lua/rest/v1/get/ntopng/users.lua"), Dialect::ntopng);
  EXPECT_EQ(dialect_of("/APIX"), Dialect::plain);
  EXPECT_TRUE(is_ntopng_rest("/lua/rest/v2/x"));
  EXPECT_FALSE(is_ntopng_rest("/lua/self_test.lua"));
}

TEST(Dialect, NtopngEnvelopeStatuses) {
  auto r = ntop_error(NtopRc::InvalidArguments, "bad");
  EXPECT_EQ(r.status, 400);
  auto b = body_of(r);
  EXPECT_EQ(b["rc"].as_int64(), -5);
  EXPECT_EQ(b["rc_str"].as_string(), "INVALID_ARGUMENTS");
  EXPECT_TRUE(b["rsp"].as_array().empty());
  EXPECT_EQ(ntop_error(NtopRc::UserAlreadyExisting, "").status, 409);
  EXPECT_EQ(ntop_error(NtopRc::PasswordMismatch, "").status, 400);
  EXPECT_EQ(ntop_error(NtopRc::InternalError, "").status, 500);
  EXPECT_EQ(body_of(ntop_error(NtopRc::UserDoesNotExist, ""))["rc"].as_int64(), -23);
  EXPECT_EQ(dialect_error(Dialect::ntopng, 401, "x").status, 401);
  EXPECT_EQ(body_of(dialect_error(Dialect::ntopng, 401, "x"))["rc_str"].as_string(), "NOT_GRANTED");
}

TEST(Dialect, AllegroErrorObject) {
  auto r = allegro_error(404, "no such resource");
  EXPECT_EQ(r.status, 404);
  auto b = body_of(r);
  EXPECT_EQ(b["error"].as_string(), "no such resource");
  EXPECT_EQ(b["status"].as_int64(), 404);
}

}  // namespace
}  // namespace netmeter::api
