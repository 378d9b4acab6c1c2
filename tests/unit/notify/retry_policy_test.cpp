#include "notify/retry_policy.hpp"

#include <gtest/gtest.h>

namespace netmeter::notify {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicy, DoublesUpToTheCapAndStopsAfterTheLastAttempt) {
  RetryPolicy p;
  p.max_attempts = 6;
  p.base = milliseconds{100};
  p.cap = milliseconds{500};
  EXPECT_EQ(p.delay_after(1), milliseconds{100});
  EXPECT_EQ(p.delay_after(2), milliseconds{200});
  EXPECT_EQ(p.delay_after(3), milliseconds{400});
  EXPECT_EQ(p.delay_after(4), milliseconds{500});
  EXPECT_EQ(p.delay_after(5), milliseconds{500});
  EXPECT_EQ(p.delay_after(6), milliseconds{0});  // no attempt left: no wait
  EXPECT_EQ(p.delay_after(0), milliseconds{0});
}

TEST(RetryPolicy, DefaultTriesThreeTimes) {
  RetryPolicy p;
  EXPECT_EQ(p.max_attempts, 3);
  EXPECT_EQ(p.delay_after(1), milliseconds{250});
  EXPECT_EQ(p.delay_after(2), milliseconds{500});
  EXPECT_EQ(p.delay_after(3), milliseconds{0});
}

}  // namespace
}  // namespace netmeter::notify
