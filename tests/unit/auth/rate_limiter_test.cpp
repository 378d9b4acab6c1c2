#include "auth/rate_limiter.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace netmeter::auth {
namespace {

TEST(LoginRateLimiter, BlocksAfterMaxFailuresInWindow) {
  ManualClock clock;
  LoginRateLimiter limiter({}, clock);  // 10 per 60 s
  for (int i = 0; i < 9; ++i) {
    EXPECT_FALSE(limiter.check("192.0.2.1").has_value());
    limiter.record_failure("192.0.2.1");
    clock.advance(1s);
  }
  EXPECT_FALSE(limiter.check("192.0.2.1").has_value());
  limiter.record_failure("192.0.2.1");  // 10th failure, at t = 9 s
  auto wait = limiter.check("192.0.2.1");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 51s);                                 // the first failure (t = 0) leaves at t = 60
  EXPECT_FALSE(limiter.check("192.0.2.2").has_value());  // other addresses unaffected
}

TEST(LoginRateLimiter, WindowSlides) {
  ManualClock clock;
  LoginRateLimiter limiter({.max_failures = 3, .window = 60s}, clock);
  limiter.record_failure("a");  // t = 0
  clock.advance(30s);
  limiter.record_failure("a");  // t = 30
  limiter.record_failure("a");  // t = 30
  ASSERT_TRUE(limiter.check("a").has_value());
  clock.advance(29s);  // t = 59
  EXPECT_EQ(limiter.check("a"), 1s);
  clock.advance(1s);  // t = 60: the first failure has left the window
  EXPECT_FALSE(limiter.check("a").has_value());
  limiter.record_failure("a");  // three inside (30, 30, 60) again
  EXPECT_EQ(limiter.check("a"), 30s);
  clock.advance(30s);
  EXPECT_FALSE(limiter.check("a").has_value());
}

TEST(LoginRateLimiter, RefusalsDoNotExtendTheBlock) {
  ManualClock clock;
  LoginRateLimiter limiter({.max_failures = 2, .window = 10s}, clock);
  limiter.record_failure("a");
  limiter.record_failure("a");
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(limiter.check("a").has_value());
    clock.advance(1s);
  }
  clock.advance(5s);
  EXPECT_FALSE(limiter.check("a").has_value());
}

TEST(LoginRateLimiter, Counters) {
  ManualClock clock;
  LoginRateLimiter limiter({.max_failures = 2, .window = 60s}, clock);
  limiter.record_failure("a");
  limiter.record_failure("a");
  limiter.record_failure("b");
  (void)limiter.check("a");
  (void)limiter.check("a");
  (void)limiter.check("b");
  const auto c = limiter.counters();
  EXPECT_EQ(c.failures, 3u);
  EXPECT_EQ(c.refusals, 2u);
  EXPECT_EQ(c.tracked, 2u);
  EXPECT_EQ(c.evictions, 0u);
}

TEST(LoginRateLimiter, MemoryIsBoundedByEvictingOldest) {
  ManualClock clock;
  LoginRateLimiter limiter({.max_failures = 1, .window = 60s, .max_tracked = 3}, clock);
  limiter.record_failure("10.0.0.1");
  limiter.record_failure("10.0.0.2");
  limiter.record_failure("10.0.0.3");
  limiter.record_failure("10.0.0.1");  // refreshes .1: .2 is now the oldest
  limiter.record_failure("10.0.0.4");
  const auto c = limiter.counters();
  EXPECT_EQ(c.tracked, 3u);
  EXPECT_EQ(c.evictions, 1u);
  EXPECT_FALSE(limiter.check("10.0.0.2").has_value());  // forgotten
  EXPECT_TRUE(limiter.check("10.0.0.1").has_value());
  EXPECT_TRUE(limiter.check("10.0.0.4").has_value());
}

TEST(LoginRateLimiter, AddressKeys) {
  EXPECT_EQ(LoginRateLimiter::address_key("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(LoginRateLimiter::address_key("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(LoginRateLimiter::address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(LoginRateLimiter::address_key(std::string(200, 'x')).size(), 64u);
}

TEST(LoginRateLimiter, Ipv6HostsOfOneSlash64ShareALimit) {
  ManualClock clock;
  LoginRateLimiter limiter({.max_failures = 2, .window = 60s}, clock);
  limiter.record_failure("2001:db8::1");
  limiter.record_failure("2001:db8::2");
  EXPECT_TRUE(limiter.check("2001:db8::ffff").has_value());
  EXPECT_FALSE(limiter.check("2001:db8:0:1::1").has_value());
}

}  // namespace
}  // namespace netmeter::auth
