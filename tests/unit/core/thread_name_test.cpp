#include "core/thread_name.hpp"

#include <gtest/gtest.h>
#include <pthread.h>

#include <string>
#include <thread>

namespace netmeter::core {
namespace {

/// The name a new thread gets from set_thread_name(name), as the kernel keeps it.
std::string named(std::string_view name) {
  std::string result;
  std::thread t([&] {
    set_thread_name(name);
    char buf[64] = {};
    if (pthread_getname_np(pthread_self(), buf, sizeof buf) == 0) result = buf;
  });
  t.join();
  return result;
}

TEST(ThreadName, SetsTheCallingThreadsName) {
  EXPECT_EQ(named("nm-worker-3"), "nm-worker-3");
  EXPECT_EQ(named("x"), "x");
}

TEST(ThreadName, KeepsFifteenCharacters) {
  EXPECT_EQ(named("nm-123456789012"), "nm-123456789012");  // exactly 15
  EXPECT_EQ(named("nm-1234567890123456"), "nm-123456789012");
}

TEST(ThreadName, OnlyTheCallingThread) {
  char before[64] = {};
  ASSERT_EQ(pthread_getname_np(pthread_self(), before, sizeof before), 0);
  named("nm-other");
  char after[64] = {};
  ASSERT_EQ(pthread_getname_np(pthread_self(), after, sizeof after), 0);
  EXPECT_STREQ(after, before);
}

// A view that is not NUL-terminated: only its characters count.
TEST(ThreadName, TakesAStringView) {
  const std::string_view text = "nm-http-1xxxxx";
  EXPECT_EQ(named(text.substr(0, 9)), "nm-http-1");
}

}  // namespace
}  // namespace netmeter::core
