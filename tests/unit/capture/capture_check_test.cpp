#include "capture/capture_check.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace netmeter::test {
namespace {

// Captures written byte by byte: a classic pcap header (µs, little-endian) and records.
std::string pcap_header(uint32_t linktype = 1) {
  std::string h(24, '\0');
  uint32_t magic = 0xA1B2C3D4, snaplen = 65535, zero = 0;
  uint16_t major = 2, minor = 4;
  std::memcpy(&h[0], &magic, 4);
  std::memcpy(&h[4], &major, 2);
  std::memcpy(&h[6], &minor, 2);
  std::memcpy(&h[8], &zero, 4);
  std::memcpy(&h[12], &zero, 4);
  std::memcpy(&h[16], &snaplen, 4);
  std::memcpy(&h[20], &linktype, 4);
  return h;
}

std::string record(uint32_t caplen, uint32_t stored) {
  std::string r(16, '\0');
  uint32_t sec = 1'700'000'000, usec = 0, len = caplen;
  std::memcpy(&r[0], &sec, 4);
  std::memcpy(&r[4], &usec, 4);
  std::memcpy(&r[8], &caplen, 4);
  std::memcpy(&r[12], &len, 4);
  return r + std::string(stored, '\x42');
}

// pcapng: a section header block and an Ethernet interface description block, no packet.
std::string pcapng_without_packets() {
  auto u32 = [](uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
  auto u16 = [](uint16_t v) { return std::string(reinterpret_cast<const char*>(&v), 2); };
  std::string shb = u32(0x0A0D0D0A) + u32(28) + u32(0x1A2B3C4D) + u16(1) + u16(0) + u32(0xFFFFFFFF) +
                    u32(0xFFFFFFFF) + u32(28);
  std::string idb = u32(1) + u32(20) + u16(1) + u16(0) + u32(65535) + u32(20);
  return shb + idb;
}

std::string write(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + "netmeter_capture_check_" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

void expect_refused(const std::string& name, const std::string& bytes, const std::string& problem) {
  std::string path = write(name, bytes);
  auto check = capture::check_capture_file(path);
  EXPECT_FALSE(check.ok) << name;
  EXPECT_EQ(check.problem, problem) << name;
  EXPECT_EQ(check.problem.find(::testing::TempDir()), std::string::npos) << name;
  EXPECT_EQ(check.problem.find("netmeter_capture_check"), std::string::npos) << name;
}

TEST(CaptureCheck, AcceptsACaptureWithAReadablePacket) {
  auto check = capture::check_capture_file(write("one.pcap", pcap_header() + record(60, 60)));
  EXPECT_TRUE(check.ok) << check.problem;
  EXPECT_TRUE(check.problem.empty());
}

TEST(CaptureCheck, AcceptsWhenOnlyALaterPacketIsBroken) {
  // The first packet is readable; what follows is the analysis' business (a read error it reports).
  auto check =
      capture::check_capture_file(write("later.pcap", pcap_header() + record(60, 60) + record(60, 7)));
  EXPECT_TRUE(check.ok) << check.problem;
}

TEST(CaptureCheck, RefusesCapturesWithoutAReadablePacket) {
  expect_refused("header-only.pcap", pcap_header(), "the capture holds no packet");
  expect_refused("header-only.pcapng", pcapng_without_packets(), "the capture holds no packet");
  expect_refused("cut-record.pcap", pcap_header() + record(60, 10),
                 "the first packet of the capture cannot be read (truncated or corrupt file)");
  expect_refused("cut-record-header.pcap", pcap_header() + record(60, 0).substr(0, 9),
                 "the first packet of the capture cannot be read (truncated or corrupt file)");
}

TEST(CaptureCheck, RefusesWhatIsNotACapture) {
  expect_refused("garbage.pcap", std::string(100, 'x'), "not a pcap or pcapng capture file");
  expect_refused("empty.pcap", "", "not a pcap or pcapng capture file");
  expect_refused("short-header.pcap", pcap_header().substr(0, 10), "not a pcap or pcapng capture file");
}

TEST(CaptureCheck, RefusesUnsupportedLinkTypes) {
  expect_refused("user0.pcap", pcap_header(147) + record(60, 60), "unsupported link type 147 (unknown)");
}

TEST(CaptureCheck, MissingFileIsNamedWithoutItsPath) {
  auto check = capture::check_capture_file(::testing::TempDir() + "netmeter_capture_check_missing.pcap");
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.problem, "the capture file cannot be opened");
}

}  // namespace
}  // namespace netmeter::test
