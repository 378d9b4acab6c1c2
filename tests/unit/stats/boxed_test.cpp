#include "stats/boxed.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace netmeter::stats {
namespace {

struct Counters {
  std::vector<int> values;
  int total = 0;
};

TEST(Boxed, ReadsAsDefaultUntilWritten) {
  Boxed<Counters> b;
  EXPECT_FALSE(b.has_value());
  EXPECT_EQ(b.get().total, 0);
  EXPECT_TRUE(b.get().values.empty());
  EXPECT_FALSE(b.has_value());  // reading does not allocate
  b.mut().total = 3;
  EXPECT_TRUE(b.has_value());
  EXPECT_EQ(b.get().total, 3);
}

TEST(Boxed, CopiesAreDeep) {
  Boxed<Counters> a;
  a.mut().values = {1, 2};
  Boxed<Counters> b = a;
  b.mut().values.push_back(3);
  EXPECT_EQ(a.get().values.size(), 2u);
  EXPECT_EQ(b.get().values.size(), 3u);
  Boxed<Counters> empty;
  b = empty;
  EXPECT_FALSE(b.has_value());
  b = a;
  EXPECT_EQ(b.get().values, a.get().values);
  EXPECT_NE(&b.get(), &a.get());
  Boxed<Counters> moved = std::move(b);
  EXPECT_EQ(moved.get().values.size(), 2u);
}

TEST(Boxed, IsOnePointer) {
  EXPECT_EQ(sizeof(Boxed<Counters>), sizeof(void*));
}

}  // namespace
}  // namespace netmeter::stats
