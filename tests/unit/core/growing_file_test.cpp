#include "core/growing_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace netmeter::core {
namespace {

using namespace std::chrono_literals;

std::string temp_path() {
  return (std::filesystem::temp_directory_path() / ("nm-growing-" + std::to_string(::getpid()))).string();
}

TEST(GrowingFile, ReadsOnlyWhatWasReportedWritten) {
  std::string path = temp_path();
  std::ofstream out(path, std::ios::binary);
  GrowingFile f;
  EXPECT_EQ(f.snapshot().state, GrowingFile::State::pending);
  char buf[16] = {};
  EXPECT_EQ(f.read_at(0, buf, sizeof buf), 0);
  f.opened(path);
  std::filesystem::remove(path);  // readers keep their descriptor
  out << "abcdef" << std::flush;
  EXPECT_EQ(f.read_at(0, buf, sizeof buf), 0);  // on disk, but not reported yet
  f.wrote(4);
  EXPECT_EQ(f.read_at(0, buf, sizeof buf), 4);
  EXPECT_EQ(std::string(buf, 4), "abcd");
  EXPECT_EQ(f.read_at(2, buf, sizeof buf), 2);
  EXPECT_EQ(f.read_at(4, buf, sizeof buf), 0);
  f.complete();
  f.abort("late");  // ignored once complete
  EXPECT_EQ(f.snapshot().state, GrowingFile::State::complete);
  EXPECT_EQ(f.abort_reason(), "");
}

TEST(GrowingFile, WaitEndsOnBytesEndOrWake) {
  std::string path = temp_path() + "-wait";
  std::ofstream(path) << "0123456789";
  GrowingFile f;
  f.opened(path);
  std::filesystem::remove(path);
  // Nothing happens: the wait ends at its timeout with nothing new.
  EXPECT_EQ(f.wait_beyond(0, 10ms).bytes, 0u);
  std::thread writer([&] { f.wrote(10); });
  auto snap = f.wait_beyond(0, 20s);
  writer.join();
  if (snap.bytes == 0) snap = f.wait_beyond(0, 20s);  // woken before the bytes were counted
  EXPECT_EQ(snap.bytes, 10u);
  std::thread ender([&] { f.abort("gone"); });
  snap = f.wait_beyond(10, 20s);
  ender.join();
  if (snap.state != GrowingFile::State::aborted) snap = f.wait_beyond(10, 20s);
  EXPECT_EQ(snap.state, GrowingFile::State::aborted);
  EXPECT_EQ(f.abort_reason(), "gone");
}

TEST(GrowingFile, MissingFileAborts) {
  GrowingFile f;
  f.opened("/nonexistent-dir-of-netmeter/x");
  EXPECT_EQ(f.snapshot().state, GrowingFile::State::aborted);
}

}  // namespace
}  // namespace netmeter::core
