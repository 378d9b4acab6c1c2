#include "auth/token_cache.hpp"

#include <gtest/gtest.h>

#include "auth/crypto.hpp"

using namespace std::chrono_literals;

namespace netmeter::auth {
namespace {

Principal token_principal(int64_t id) {
  Principal p;
  p.user_name = "alice";
  p.method = AuthMethod::Token;
  p.permissions = {Permission::ReadStats};
  p.token_id = id;
  return p;
}

class TokenCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init_crypto()); }
  Sha256Digest digest(std::string_view secret) { return *sha256(secret); }
  ManualClock clock_;
  VerificationCache users_{{}, clock_};
};

TEST_F(TokenCacheTest, HitsTheSameDigestUntilTheTtl) {
  TokenCache cache({.ttl = 30s}, clock_, &users_);
  cache.insert(digest("a"), token_principal(1), std::nullopt, cache.generation());
  ASSERT_TRUE(cache.lookup(digest("a")).has_value());
  EXPECT_EQ(cache.lookup(digest("a"))->token_id, 1);
  EXPECT_FALSE(cache.lookup(digest("b")).has_value());
  clock_.advance(29s);
  EXPECT_TRUE(cache.lookup(digest("a")).has_value());
  clock_.advance(1s);
  EXPECT_FALSE(cache.lookup(digest("a")).has_value());
}

TEST_F(TokenCacheTest, NeverOutlivesTheTokensExpiry) {
  TokenCache cache({.ttl = 30s}, clock_, &users_);
  cache.insert(digest("a"), token_principal(1), clock_.now() + 5s, cache.generation());
  clock_.advance(4s);
  EXPECT_TRUE(cache.lookup(digest("a")).has_value());
  clock_.advance(1s);
  EXPECT_FALSE(cache.lookup(digest("a")).has_value());
  cache.insert(digest("a"), token_principal(1), clock_.now() - 1s, cache.generation());
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(TokenCacheTest, RevocationDropsTheTokenAndRacingInserts) {
  TokenCache cache({}, clock_, &users_);
  cache.insert(digest("a"), token_principal(1), std::nullopt, cache.generation());
  cache.insert(digest("b"), token_principal(2), std::nullopt, cache.generation());
  auto seen = cache.generation();
  cache.invalidate_token(1);
  EXPECT_FALSE(cache.lookup(digest("a")).has_value());
  EXPECT_TRUE(cache.lookup(digest("b")).has_value());
  cache.insert(digest("a"), token_principal(1), std::nullopt, seen);  // verified before the revocation
  EXPECT_FALSE(cache.lookup(digest("a")).has_value());
}

TEST_F(TokenCacheTest, AnyUserChangeDropsEveryEntry) {
  TokenCache cache({}, clock_, &users_);
  cache.insert(digest("a"), token_principal(1), std::nullopt, cache.generation());
  auto seen = cache.generation();
  users_.invalidate_user("alice");
  EXPECT_FALSE(cache.lookup(digest("a")).has_value());
  cache.insert(digest("a"), token_principal(1), std::nullopt, seen);  // loaded before the change
  EXPECT_FALSE(cache.lookup(digest("a")).has_value());
  cache.insert(digest("a"), token_principal(1), std::nullopt, cache.generation());
  EXPECT_TRUE(cache.lookup(digest("a")).has_value());
}

TEST_F(TokenCacheTest, StaysWithinCapacity) {
  TokenCache cache({.ttl = 30s, .capacity = 4}, clock_, nullptr);
  for (int i = 0; i < 10; ++i) {
    clock_.advance(1s);
    cache.insert(digest(std::to_string(i)), token_principal(i), std::nullopt, cache.generation());
  }
  EXPECT_EQ(cache.size(), 4u);
  EXPECT_TRUE(cache.lookup(digest("9")).has_value());
  EXPECT_FALSE(cache.lookup(digest("0")).has_value());
}

}  // namespace
}  // namespace netmeter::auth
