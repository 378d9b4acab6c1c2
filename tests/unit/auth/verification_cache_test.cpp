#include "auth/verification_cache.hpp"

#include <gtest/gtest.h>

#include "auth/crypto.hpp"

using namespace std::chrono_literals;

namespace netmeter::auth {
namespace {

Principal principal_named(std::string name) {
  Principal p;
  p.user_name = std::move(name);
  p.permissions = {Permission::ReadStats};
  return p;
}

class VerificationCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init_crypto()); }
  ManualClock clock_;
};

TEST_F(VerificationCacheTest, HitsOnlyTheExactUserAndPassword) {
  VerificationCache cache({}, clock_);
  cache.insert("alice", "secret-1", principal_named("alice"), cache.generation());
  auto hit = cache.lookup("alice", "secret-1");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->user_name, "alice");
  EXPECT_FALSE(cache.lookup("alice", "secret-2").has_value());
  EXPECT_FALSE(cache.lookup("alic", "esecret-1").has_value());  // same concatenation, other split
}

TEST_F(VerificationCacheTest, EntriesExpire) {
  VerificationCache cache({.ttl = 60s}, clock_);
  cache.insert("alice", "pw", principal_named("alice"), cache.generation());
  clock_.advance(59s);
  EXPECT_TRUE(cache.lookup("alice", "pw").has_value());
  clock_.advance(1s);
  EXPECT_FALSE(cache.lookup("alice", "pw").has_value());
}

TEST_F(VerificationCacheTest, InvalidateUserDropsOnlyThatUser) {
  VerificationCache cache({}, clock_);
  cache.insert("alice", "pw", principal_named("alice"), cache.generation());
  cache.insert("bob", "pw", principal_named("bob"), cache.generation());
  cache.invalidate_user("alice");
  EXPECT_FALSE(cache.lookup("alice", "pw").has_value());
  EXPECT_TRUE(cache.lookup("bob", "pw").has_value());
}

TEST_F(VerificationCacheTest, InsertAfterConcurrentInvalidationIsIgnored) {
  VerificationCache cache({}, clock_);
  const auto seen = cache.generation();  // verification starts
  cache.invalidate_user("alice");        // password changed meanwhile
  cache.insert("alice", "old-pw", principal_named("alice"), seen);
  EXPECT_FALSE(cache.lookup("alice", "old-pw").has_value());
}

TEST_F(VerificationCacheTest, CapacityIsBounded) {
  VerificationCache cache({.ttl = 60s, .capacity = 2}, clock_);
  cache.insert("a", "pw", principal_named("a"), cache.generation());
  clock_.advance(1s);
  cache.insert("b", "pw", principal_named("b"), cache.generation());
  clock_.advance(1s);
  cache.insert("c", "pw", principal_named("c"), cache.generation());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.lookup("a", "pw").has_value());  // closest to expiry went first
  EXPECT_TRUE(cache.lookup("c", "pw").has_value());
}

}  // namespace
}  // namespace netmeter::auth
