#include "notify/bounded_queue.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace netmeter::notify {
namespace {

TEST(BoundedQueue, DropsAndCountsBeyondCapacity) {
  BoundedQueue<int> q(3);
  for (int i = 0; i < 5; ++i)
    q.push(i);
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.dropped(), 2u);
  EXPECT_EQ(q.pop_batch(2), (std::vector<int>{0, 1}));
  EXPECT_EQ(q.pop_batch(10), (std::vector<int>{2}));
  EXPECT_TRUE(q.push(7));
  EXPECT_EQ(q.dropped(), 2u);
}

TEST(BoundedQueue, CloseWakesTheConsumerAndRefusesMore) {
  BoundedQueue<int> q(3);
  std::vector<int> got{1};
  std::thread consumer([&] { got = q.pop_batch(5); });
  q.close();
  consumer.join();
  EXPECT_TRUE(got.empty());
  EXPECT_FALSE(q.push(1));
  EXPECT_EQ(q.dropped(), 1u);
  EXPECT_TRUE(q.wait_closed_for(std::chrono::milliseconds{0}));
}

}  // namespace
}  // namespace netmeter::notify
