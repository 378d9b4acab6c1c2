// ClassicPcapReader (through PcapSource::open_file) against libpcap's own reader as the oracle: every
// crafted file must give the same packets, the same end and the same error message.
#include "capture/classic_pcap_reader.hpp"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "../../temp_dir.hpp"
#include "capture/pcap_source.hpp"

namespace netmeter::capture {
namespace {

struct Record {
  uint32_t sec, frac, caplen, len;
  std::vector<uint8_t> data;
};

class FileBuilder {
 public:
  FileBuilder(bool nanoseconds, bool swapped, uint32_t snaplen) : swapped_(swapped) {
    put32(nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4);
    put16(2);
    put16(4);
    put32(0);
    put32(0);
    put32(snaplen);
    put32(1);  // Ethernet
  }
  FileBuilder& add(const Record& r) {
    put32(r.sec);
    put32(r.frac);
    put32(r.caplen);
    put32(r.len);
    bytes_.insert(bytes_.end(), r.data.begin(), r.data.end());
    return *this;
  }
  FileBuilder& raw(std::vector<uint8_t> tail) {
    bytes_.insert(bytes_.end(), tail.begin(), tail.end());
    return *this;
  }
  std::string write(const test::TempDir& dir, const std::string& name) const {
    std::string path = (dir.path() / name).string();
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
    return path;
  }

 private:
  void put32(uint32_t v) {
    if (swapped_) v = __builtin_bswap32(v);
    auto* p = reinterpret_cast<uint8_t*>(&v);
    bytes_.insert(bytes_.end(), p, p + 4);
  }
  void put16(uint16_t v) {
    if (swapped_) v = __builtin_bswap16(v);
    auto* p = reinterpret_cast<uint8_t*>(&v);
    bytes_.insert(bytes_.end(), p, p + 2);
  }
  bool swapped_;
  std::vector<uint8_t> bytes_;
};

/// An Ethernet + IPv4 frame of `size` bytes carrying UDP (17) or TCP (6); byte i of the payload is i + seed.
std::vector<uint8_t> frame(size_t size, uint8_t l4, uint8_t seed) {
  std::vector<uint8_t> f(size);
  for (size_t i = 0; i < size; ++i)
    f[i] = static_cast<uint8_t>(i + seed);
  f[12] = 0x08;
  f[13] = 0x00;
  f[14] = 0x45;
  f[23] = l4;
  return f;
}

Record record(uint32_t sec, uint32_t frac, std::vector<uint8_t> data, uint32_t len = 0) {
  auto n = static_cast<uint32_t>(data.size());
  return {sec, frac, n, len ? len : n, std::move(data)};
}

struct Seen {
  std::vector<std::tuple<int64_t, uint32_t, uint32_t, std::vector<uint8_t>>> packets;
  std::string end;  ///< "end" or the error message
};

Seen read_with_libpcap(const std::string& path, const std::string& bpf = {}) {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
  Seen s;
  if (!p) return {{}, std::string("open: ") + err};
  bpf_program prog{};
  if (!bpf.empty()) {
    EXPECT_EQ(pcap_compile(p, &prog, bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN), 0);
    EXPECT_EQ(pcap_setfilter(p, &prog), 0);
    pcap_freecode(&prog);
  }
  pcap_pkthdr* h;
  const u_char* d;
  int rc;
  while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
    int64_t sec = std::clamp<int64_t>(h->ts.tv_sec, 0, int64_t{1} << 33);
    s.packets.emplace_back(sec * 1'000'000'000 + h->ts.tv_usec, h->caplen, h->len,
                           std::vector<uint8_t>(d, d + h->caplen));
  }
  s.end = rc == PCAP_ERROR_BREAK ? "end" : pcap_geterr(p);
  pcap_close(p);
  return s;
}

Seen read_with_source(const std::string& path, const std::string& bpf = {}) {
  auto opened = PcapSource::open_file(path, bpf);
  if (!opened.source) return {{}, "open: " + opened.error};
  Seen s;
  RawPacket pkt;
  ReadStatus st;
  while ((st = opened.source->next(pkt)) == ReadStatus::Packet)
    s.packets.emplace_back(pkt.ts.ns, pkt.caplen, pkt.wire_len,
                           std::vector<uint8_t>(pkt.data, pkt.data + pkt.caplen));
  s.end = st == ReadStatus::End ? "end" : opened.source->error();
  EXPECT_EQ(opened.source->stats().packets, s.packets.size());
  return s;
}

void expect_same(const std::string& path, const std::string& bpf = {}) {
  Seen oracle = read_with_libpcap(path, bpf);
  Seen ours = read_with_source(path, bpf);
  EXPECT_EQ(ours.end, oracle.end);
  ASSERT_EQ(ours.packets.size(), oracle.packets.size());
  for (size_t i = 0; i < ours.packets.size(); ++i)
    EXPECT_EQ(ours.packets[i], oracle.packets[i]) << "packet " << i;
}

TEST(ClassicPcapReader, RecognisesOnlyClassicVersion24Headers) {
  test::TempDir dir;
  std::vector<uint8_t> h(24);
  const uint32_t micro = 0xa1b2c3d4, nano = 0xa1b23c4d;
  std::memcpy(h.data(), &micro, 4);
  h[4] = 2;
  h[6] = 4;
  h[16] = 100;
  auto f = ClassicPcapReader::parse_header(h);
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->swapped);
  EXPECT_FALSE(f->nanoseconds);
  EXPECT_EQ(f->snapshot, 100u);
  std::memcpy(h.data(), &nano, 4);
  EXPECT_TRUE(ClassicPcapReader::parse_header(h)->nanoseconds);
  h[6] = 3;
  EXPECT_FALSE(ClassicPcapReader::parse_header(h)) << "version 2.3: libpcap's reader handles it";
  const uint32_t pcapng = 0x0a0d0d0a;
  std::memcpy(h.data(), &pcapng, 4);
  EXPECT_FALSE(ClassicPcapReader::parse_header(h));
  EXPECT_FALSE(ClassicPcapReader::parse_header(std::span<const uint8_t>(h.data(), 10)));
}

TEST(ClassicPcapReader, MicrosecondAndNanosecondFilesInBothByteOrders) {
  test::TempDir dir;
  for (bool nano : {false, true}) {
    for (bool swapped : {false, true}) {
      FileBuilder b(nano, swapped, 65535);
      b.add(record(1'600'000'000, 999'999, frame(60, 17, 1)))
          .add(record(1'600'000'001, 5, frame(1514, 6, 2)))
          .add(record(1'600'000'001, 7, frame(42, 17, 3), 1000));
      std::string path = b.write(dir, "f" + std::to_string(nano) + std::to_string(swapped) + ".pcap");
      SCOPED_TRACE(path);
      expect_same(path);
      EXPECT_EQ(read_with_source(path).packets.size(), 3u);
    }
  }
}

TEST(ClassicPcapReader, RecordsLongerThanTheSnapshotAreCutToIt) {
  test::TempDir dir;
  FileBuilder b(false, false, 64);
  b.add(record(1, 0, frame(100, 17, 1)))
      .add(record(2, 0, frame(64, 17, 2)))
      .add(record(3, 0, frame(30, 6, 3)));
  std::string path = b.write(dir, "snap.pcap");
  expect_same(path);
  EXPECT_EQ(std::get<1>(read_with_source(path).packets[0]), 64u);
}

TEST(ClassicPcapReader, CutShortFilesEndWithLibpcapsError) {
  test::TempDir dir;
  FileBuilder data_cut(false, false, 65535);
  data_cut.add(record(1, 0, frame(80, 17, 1))).add({2, 0, 500, 500, frame(120, 17, 2)});
  expect_same(data_cut.write(dir, "data.pcap"));
  EXPECT_EQ(read_with_source((dir.path() / "data.pcap").string()).end,
            "truncated dump file; tried to read 500 captured bytes, only got 120");
  FileBuilder header_cut(true, true, 65535);
  header_cut.add(record(1, 0, frame(80, 17, 1))).raw({1, 2, 3, 4, 5});
  expect_same(header_cut.write(dir, "header.pcap"));
  FileBuilder empty(false, false, 65535);
  expect_same(empty.write(dir, "empty.pcap"));
}

TEST(ClassicPcapReader, InsaneLengthsAndTimesAreTreatedAsLibpcapDoes) {
  test::TempDir dir;
  FileBuilder huge(false, false, 0);  // no snapshot length: the maximum
  huge.add(record(1, 0, frame(60, 17, 1))).add({2, 0, 300000, 300000, frame(60, 17, 2)});
  expect_same(huge.write(dir, "huge.pcap"));
  for (bool nano : {false, true}) {
    for (bool swapped : {false, true}) {
      FileBuilder times(nano, swapped, 65535);
      times.add(record(0xfffffff0u, 999'999, frame(60, 17, 1)))
          .add(record(5, 0xffffff00u, frame(60, 17, 2)))
          .add(record(1953631157u, 4293562680u, frame(60, 17, 4)))
          .add(record(0x7fffffffu, 3'000'000, frame(60, 17, 3)));
      std::string path = times.write(dir, "times" + std::to_string(nano) + std::to_string(swapped) + ".pcap");
      SCOPED_TRACE(path);
      expect_same(path);
    }
  }
}

TEST(ClassicPcapReader, ManyPacketsAcrossReadBuffersAndAFilter) {
  test::TempDir dir;
  FileBuilder b(true, false, 262144);
  for (uint32_t i = 0; i < 6000; ++i)
    b.add(record(1000 + i / 100, i, frame(60 + (i * 37) % 1455, i % 3 ? 17 : 6, static_cast<uint8_t>(i))));
  b.add(record(5000, 0, frame(262144, 17, 9)));
  std::string path = b.write(dir, "many.pcap");
  expect_same(path);
  expect_same(path, "tcp");
  EXPECT_EQ(read_with_source(path, "tcp").packets.size(), 2000u);
  EXPECT_FALSE(PcapSource::open_file(path, "not a filter").source);
}

}  // namespace
}  // namespace netmeter::capture
