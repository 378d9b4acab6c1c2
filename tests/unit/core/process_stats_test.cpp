#include "core/process_stats.hpp"

#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/thread_name.hpp"

namespace netmeter::core {
namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// A thread that names itself, burns `cpu_seconds` of CPU, then waits until the test lets it go.
class NamedThread {
 public:
  NamedThread(std::string name, double cpu_seconds) {
    thread_ = std::thread([this, name = std::move(name), cpu_seconds] {
      set_thread_name(name);
      volatile uint64_t sink = 0;
      while (thread_cpu_seconds() < cpu_seconds)
        for (int i = 0; i < 10000; ++i)
          sink = sink + static_cast<uint64_t>(i);
      std::unique_lock lock(mutex_);
      ready_ = true;
      cv_.notify_all();
      cv_.wait(lock, [this] { return done_; });
    });
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return ready_; });
  }
  ~NamedThread() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool ready_ = false;
  bool done_ = false;
  std::thread thread_;
};

std::optional<ThreadCpu> find(const std::string& name) {
  for (const auto& t : thread_cpu_times())
    if (t.name == name) return t;
  return std::nullopt;
}

TEST(ThreadCpuTimes, FindsANamedThreadWithItsCpuTime) {
  NamedThread busy("nm-unit-busy", 0.05);
  NamedThread idle("nm-unit-idle", 0);
  auto b = find("nm-unit-busy");
  ASSERT_TRUE(b) << "not among the threads";
  EXPECT_GE(b->cpu_seconds, 0.03);  // it used 50 ms; /proc counts in clock ticks
  EXPECT_LT(b->cpu_seconds, 60.0);
  auto i = find("nm-unit-idle");
  ASSERT_TRUE(i);
  EXPECT_GE(i->cpu_seconds, 0.0);
  EXPECT_LT(i->cpu_seconds, b->cpu_seconds);
}

TEST(ThreadCpuTimes, EveryThreadOfTheProcess) {
  const size_t before = thread_cpu_times().size();
  ASSERT_GE(before, 1u);  // this one
  {
    NamedThread a("nm-unit-a", 0), b("nm-unit-b", 0);
    EXPECT_EQ(thread_cpu_times().size(), before + 2);
  }
  EXPECT_FALSE(find("nm-unit-a"));  // gone once joined
}

// The name comes from between the first '(' and the last ')' of the stat line, so a name with
// parentheses and spaces is read whole and the numbers after it are still found.
TEST(ThreadCpuTimes, NamesWithParenthesesAndSpaces) {
  NamedThread odd("a) b (c) 1 2", 0.02);
  auto t = find("a) b (c) 1 2");
  ASSERT_TRUE(t);
  EXPECT_GE(t->cpu_seconds, 0.01);
}

TEST(ProcessMemory, KnownOnLinux) {
  ProcessMemory m = process_memory();
  EXPECT_GT(m.resident, 0u);
  EXPECT_GE(m.peak_resident, m.resident);
  EXPECT_GE(m.virtual_size, m.resident);
  EXPECT_EQ(m.resident % 1024, 0u);  // from kB
}

TEST(ProcessMemory, PeakFollowsTouchedMemory) {
  constexpr size_t kBytes = 32u << 20;
  auto block = std::make_unique<char[]>(kBytes);
  std::memset(block.get(), 1, kBytes);  // resident now
  ProcessMemory m = process_memory();
  EXPECT_GE(m.resident, kBytes);
  EXPECT_GE(m.peak_resident, kBytes);
  EXPECT_GE(m.virtual_size, kBytes);
  EXPECT_EQ(block[kBytes - 1], 1);
}

}  // namespace
}  // namespace netmeter::core
