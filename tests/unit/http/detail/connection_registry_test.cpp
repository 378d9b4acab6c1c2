#include "http/detail/connection_registry.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace netmeter::http {
namespace {

struct Registry {
  ConnectionRegistry registry;
  ConnectionLimits limits{4, 2};
  std::vector<int> aborted;
  uint64_t evicted = 0;

  uint64_t open(const std::string& client, int tag) {
    return registry.admit(
        client, limits, [this, tag] { aborted.push_back(tag); }, evicted);
  }
};

TEST(ConnectionRegistry, AClientAtItsLimitLosesItsOldestIdleConnection) {
  Registry r;
  uint64_t a = r.open("10.0.0.1", 1);
  uint64_t b = r.open("10.0.0.1", 2);
  ASSERT_TRUE(a && b);
  r.registry.set_busy(a, true);
  r.registry.set_busy(a, false);  // a turned idle after b: b is now the oldest idle one
  EXPECT_TRUE(r.open("10.0.0.1", 3));
  EXPECT_EQ(r.aborted, std::vector<int>{2});
  EXPECT_EQ(r.registry.size_of("10.0.0.1"), 2u) << "the evicted one stops counting at once";
  EXPECT_EQ(r.evicted, 1u);
}

TEST(ConnectionRegistry, BusyConnectionsAreNeverClosedForRoom) {
  Registry r;
  uint64_t a = r.open("10.0.0.1", 1);
  uint64_t b = r.open("10.0.0.1", 2);
  r.registry.set_busy(a, true);
  r.registry.set_busy(b, true);
  EXPECT_EQ(r.open("10.0.0.1", 3), 0u) << "refused: no idle connection of that client";
  EXPECT_TRUE(r.aborted.empty());
  EXPECT_TRUE(r.open("10.0.0.2", 4)) << "another client is not affected";
}

TEST(ConnectionRegistry, AtTheGlobalLimitTheMostConnectedClientMakesRoom) {
  Registry r;
  r.open("10.0.0.1", 1);
  r.open("10.0.0.1", 2);
  uint64_t c = r.open("10.0.0.2", 3);
  r.open("10.0.0.3", 4);
  r.registry.set_busy(c, true);
  EXPECT_TRUE(r.open("10.0.0.4", 5));
  EXPECT_EQ(r.aborted, std::vector<int>{1});
  EXPECT_EQ(r.registry.size(), 4u);
}

TEST(ConnectionRegistry, RemoveAndAbortAll) {
  Registry r;
  uint64_t a = r.open("10.0.0.1", 1);
  r.open("10.0.0.2", 2);
  r.registry.remove(a);
  r.registry.remove(a);  // twice, or after an eviction: nothing happens
  EXPECT_EQ(r.registry.size(), 1u);
  r.registry.abort_all();
  EXPECT_EQ(r.aborted, std::vector<int>{2});
  EXPECT_EQ(r.open("10.0.0.3", 3), 0u) << "nothing is admitted once the server stops";
}

}  // namespace
}  // namespace netmeter::http
