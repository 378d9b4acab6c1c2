// capture::GrowingFileSource: a capture read while it is written, in pieces of any size (pcap and
// pcapng), and its ends: complete, aborted, no data for the idle timeout, stopped, not a capture.

#include "capture/growing_file_source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace netmeter::capture {
namespace {

using namespace std::chrono_literals;

constexpr uint32_t kFrame = 60;

void put32(std::string& out, uint32_t v) {
  out.append(reinterpret_cast<const char*>(&v), 4);  // little endian host (x86, arm64)
}
void put16(std::string& out, uint16_t v) {
  out.append(reinterpret_cast<const char*>(&v), 2);
}

std::string frame(uint32_t i) {
  std::string f(kFrame, '\0');
  f[12] = 0x08;  // IPv4 ethertype; the bytes after do not matter to the source
  std::memcpy(&f[20], &i, 4);
  return f;
}

// A nanosecond pcap of `n` Ethernet frames, packet i at i seconds + i ns.
std::string pcap_of(uint32_t n) {
  std::string out;
  put32(out, 0xA1B23C4D);
  put16(out, 2);
  put16(out, 4);
  put32(out, 0);
  put32(out, 0);
  put32(out, 65535);
  put32(out, 1);
  for (uint32_t i = 0; i < n; ++i) {
    put32(out, i);
    put32(out, i);
    put32(out, kFrame);
    put32(out, kFrame);
    out += frame(i);
  }
  return out;
}

// The same frames as pcapng (SHB, IDB, EPBs; microsecond resolution by default).
std::string pcapng_of(uint32_t n) {
  std::string out;
  put32(out, 0x0A0D0D0A);
  put32(out, 28);
  put32(out, 0x1A2B3C4D);
  put16(out, 1);
  put16(out, 0);
  put32(out, 0xFFFFFFFF);
  put32(out, 0xFFFFFFFF);
  put32(out, 28);
  put32(out, 1);
  put32(out, 20);
  put16(out, 1);
  put16(out, 0);
  put32(out, 65535);
  put32(out, 20);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t us = uint64_t{i} * 1'000'000;
    put32(out, 6);
    put32(out, 32 + kFrame);
    put32(out, 0);
    put32(out, static_cast<uint32_t>(us >> 32));
    put32(out, static_cast<uint32_t>(us));
    put32(out, kFrame);
    put32(out, kFrame);
    out += frame(i);
    put32(out, 32 + kFrame);
  }
  return out;
}

// The writer's side of an upload: a file the test appends to and reports.
class Upload {
 public:
  Upload()
      : path_((std::filesystem::temp_directory_path() /
               ("nm-gfs-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++)))
                  .string()),
        out_(path_, std::ios::binary) {
    file->opened(path_);
  }
  ~Upload() { std::filesystem::remove(path_); }
  void append(std::string_view bytes) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out_.flush();
    file->wrote(bytes.size());
  }
  std::shared_ptr<core::GrowingFile> file = std::make_shared<core::GrowingFile>();

 private:
  static inline std::atomic<int> counter_{0};
  std::string path_;
  std::ofstream out_;
};

GrowingFileOptions options(std::chrono::milliseconds idle = 20s) {
  GrowingFileOptions o;
  o.name = "up.pcap";
  o.idle_timeout = idle;
  return o;
}

// Reads until End or Error, skipping Timeouts; the packet numbers seen.
std::vector<uint32_t> read_to_end(GrowingFileSource& src, ReadStatus& last) {
  std::vector<uint32_t> seen;
  RawPacket pkt;
  for (;;) {
    last = src.next(pkt);
    if (last == ReadStatus::Timeout) continue;
    if (last != ReadStatus::Packet) return seen;
    EXPECT_EQ(pkt.caplen, kFrame);
    uint32_t i = 0;
    std::memcpy(&i, pkt.data + 20, 4);
    seen.push_back(i);
  }
}

void check_pieces(const std::string& capture, uint32_t n) {
  Upload up;
  auto bytes_read = std::make_shared<std::atomic<uint64_t>>(0);
  auto o = options();
  o.bytes_read = bytes_read;
  GrowingFileSource src(up.file, o);
  std::thread writer([&] {
    for (size_t pos = 0; pos < capture.size(); pos += 37) {  // pieces that split every record
      up.append(std::string_view(capture).substr(pos, 37));
      if (pos % (37 * 50) == 0) std::this_thread::sleep_for(1ms);
    }
    up.file->complete();
  });
  ASSERT_EQ(src.open(), "");
  EXPECT_EQ(src.link_type(), core::LinkType::Ethernet);
  ReadStatus last{};
  auto seen = read_to_end(src, last);
  writer.join();
  EXPECT_EQ(last, ReadStatus::End) << src.error();
  ASSERT_EQ(seen.size(), n);
  for (uint32_t i = 0; i < n; ++i)
    EXPECT_EQ(seen[i], i);
  EXPECT_EQ(bytes_read->load(), capture.size());
  EXPECT_EQ(src.progress()->bytes_done, capture.size());
  EXPECT_EQ(src.progress()->bytes_total, capture.size());
}

TEST(GrowingFileSource, PcapArrivingInPieces) {
  check_pieces(pcap_of(500), 500);
}

TEST(GrowingFileSource, PcapngArrivingInPieces) {
  check_pieces(pcapng_of(500), 500);
}

void check_starved(const std::string& capture, size_t header, size_t record) {
  Upload up;
  up.append(std::string_view(capture).substr(0, header + 2 * record + record / 2));  // 2.5 packets
  GrowingFileSource src(up.file, options());
  ASSERT_EQ(src.open(), "");
  RawPacket pkt;
  EXPECT_EQ(src.next(pkt), ReadStatus::Packet);
  EXPECT_EQ(src.next(pkt), ReadStatus::Packet);
  // The third packet is half there: nothing to hand out, and the engine may flush meanwhile.
  EXPECT_EQ(src.next(pkt), ReadStatus::Timeout);
  EXPECT_EQ(src.next(pkt), ReadStatus::Timeout);
  up.append(std::string_view(capture).substr(header + 2 * record + record / 2));
  up.file->complete();
  EXPECT_EQ(src.next(pkt), ReadStatus::Packet);
  EXPECT_EQ(src.next(pkt), ReadStatus::Packet);
  EXPECT_EQ(src.next(pkt), ReadStatus::End);
  EXPECT_EQ(src.stats().packets, 4u);
}

TEST(GrowingFileSource, StarvedPcapReaderSaysTimeoutThenGoesOn) {
  check_starved(pcap_of(4), 24, 16 + kFrame);
}

TEST(GrowingFileSource, StarvedPcapngReaderSaysTimeoutThenGoesOn) {
  check_starved(pcapng_of(4), 28 + 20, 32 + kFrame);
}

TEST(GrowingFileSource, AbortedUploadIsAnError) {
  Upload up;
  const std::string capture = pcap_of(10);
  up.append(std::string_view(capture).substr(0, capture.size() / 2));
  GrowingFileSource src(up.file, options());
  ASSERT_EQ(src.open(), "");
  std::thread ender([&] {
    std::this_thread::sleep_for(20ms);
    up.file->abort("client gone");
  });
  ReadStatus last{};
  auto seen = read_to_end(src, last);
  ender.join();
  EXPECT_EQ(last, ReadStatus::Error);
  EXPECT_NE(src.error().find("aborted"), std::string::npos) << src.error();
  EXPECT_LT(seen.size(), 10u);
}

TEST(GrowingFileSource, NoDataForTheIdleTimeoutIsAnError) {
  Upload up;
  const std::string capture = pcap_of(3);
  up.append(std::string_view(capture).substr(0, capture.size() - 10));
  GrowingFileSource src(up.file, options(150ms));
  ASSERT_EQ(src.open(), "");
  ReadStatus last{};
  auto seen = read_to_end(src, last);
  EXPECT_EQ(last, ReadStatus::Error);
  EXPECT_NE(src.error().find("no data"), std::string::npos) << src.error();
  EXPECT_EQ(seen.size(), 2u);
}

TEST(GrowingFileSource, HeaderThatNeverComesTimesOut) {
  Upload up;
  GrowingFileSource src(up.file, options(100ms));
  EXPECT_NE(src.open().find("no data"), std::string::npos);
}

TEST(GrowingFileSource, StopEndsAWaitingOpen) {
  Upload up;
  GrowingFileSource src(up.file, options());
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    src.stop();
  });
  EXPECT_NE(src.open(), "");  // would wait 20 s without the stop
  stopper.join();
  EXPECT_TRUE(src.stopped());
  RawPacket pkt;
  EXPECT_EQ(src.next(pkt), ReadStatus::End);
}

TEST(GrowingFileSource, StopEndsAWaitingRead) {
  Upload up;
  const std::string capture = pcap_of(3);
  up.append(std::string_view(capture).substr(0, capture.size() - 10));
  GrowingFileSource src(up.file, options());
  ASSERT_EQ(src.open(), "");
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    src.stop();
  });
  ReadStatus last{};
  read_to_end(src, last);
  stopper.join();
  EXPECT_EQ(last, ReadStatus::End);
}

TEST(GrowingFileSource, NotACaptureIsRefused) {
  Upload up;
  up.append("this is no capture file at all, just text");
  up.file->complete();
  GrowingFileSource src(up.file, options());
  EXPECT_NE(src.open().find("not an analysable capture"), std::string::npos);
}

}  // namespace
}  // namespace netmeter::capture
