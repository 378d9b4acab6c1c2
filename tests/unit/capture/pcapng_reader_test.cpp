// capture::PcapngReader: sections in both byte orders, per-interface link type, snap length and
// timestamp resolution, the three packet blocks, skipped blocks, and a clear error for every bad length.

#include "capture/pcapng_reader.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace netmeter::capture {
namespace {

class Writer {
 public:
  explicit Writer(bool big_endian) : big_(big_endian) {}
  Writer& u16(uint16_t v) { return put(v, 2); }
  Writer& u32(uint32_t v) { return put(v, 4); }
  Writer& u64(uint64_t v) { return u32(static_cast<uint32_t>(v >> 32)).u32(static_cast<uint32_t>(v)); }
  Writer& bytes(const std::string& b) {
    out_ += b;
    out_.append((4 - b.size() % 4) % 4, '\0');
    return *this;
  }
  std::string out_;

 private:
  Writer& put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i)
      out_ += static_cast<char>(v >> (8 * (big_ ? n - 1 - i : i)));
    return *this;
  }
  bool big_;
};

std::string block(bool big, uint32_t type, const std::string& body) {
  Writer w(big);
  w.u32(type).u32(static_cast<uint32_t>(12 + body.size()));
  w.out_ += body;
  w.u32(static_cast<uint32_t>(12 + body.size()));
  return w.out_;
}
std::string shb(bool big) {
  Writer w(big);
  w.u32(0x1A2B3C4D).u16(1).u16(0).u64(~uint64_t{0});
  return block(big, 0x0A0D0D0A, w.out_);
}
std::string idb(bool big, uint16_t dlt, uint32_t snaplen, int tsresol = -1, int64_t tsoffset = 0) {
  Writer w(big);
  w.u16(dlt).u16(0).u32(snaplen);
  if (tsresol >= 0) w.u16(9).u16(1).bytes(std::string(1, static_cast<char>(tsresol)));
  if (tsoffset != 0) w.u16(14).u16(8).u64(static_cast<uint64_t>(tsoffset));
  w.u16(0).u16(0);
  return block(big, 1, w.out_);
}
std::string epb(bool big, uint32_t iface, uint64_t ticks, const std::string& data, uint32_t wire = 0) {
  Writer w(big);
  w.u32(iface).u64(ticks).u32(static_cast<uint32_t>(data.size()));
  w.u32(wire ? wire : static_cast<uint32_t>(data.size())).bytes(data);
  return block(big, 6, w.out_);
}

struct Read {
  std::vector<PcapngPacket> packets;
  std::vector<std::string> data;
  std::vector<PcapngInterface> interfaces;
  std::string error;  ///< empty: the file ended cleanly
};

Read read_all(const std::string& file) {
  std::FILE* f = fmemopen(const_cast<char*>(file.data()), file.size(), "rb");
  if (file.empty()) f = std::tmpfile();
  PcapngReader reader(f);
  Read r;
  PcapngPacket p;
  PcapngReader::Status st;
  while ((st = reader.next(p)) == PcapngReader::Status::Packet) {
    r.packets.push_back(p);
    r.data.emplace_back(reinterpret_cast<const char*>(p.data), p.caplen);
  }
  if (st == PcapngReader::Status::Error) r.error = reader.error();
  r.interfaces = reader.interfaces();
  std::fclose(f);
  return r;
}

class BothOrders : public ::testing::TestWithParam<bool> {};

TEST_P(BothOrders, InterfacesKeepTheirOwnLinkTypeSnapLengthAndResolution) {
  bool big = GetParam();
  std::string file = shb(big) + idb(big, 1, 65535) + idb(big, 101, 96, 9, 10) + idb(big, 113, 128, 0x8A) +
                     block(big, 4, std::string(4, '\0')) +  // name resolution: skipped
                     epb(big, 0, 1'700'000'000'123'456ull, "eth-frame") +
                     epb(big, 1, 1'700'000'000'000'000'001ull, "raw-ip", 300) +
                     epb(big, 2, 1024 * 5 + 512, "sll");
  Read r = read_all(file);
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.interfaces.size(), 3u);
  EXPECT_EQ(r.interfaces[1].dlt, 101);
  EXPECT_EQ(r.interfaces[1].snaplen, 96u);
  EXPECT_EQ(r.interfaces[2].dlt, 113);
  ASSERT_EQ(r.packets.size(), 3u);
  EXPECT_EQ(r.packets[0].interface, 0u);
  EXPECT_EQ(r.packets[0].ts_ns, 1'700'000'000'123'456'000);
  EXPECT_EQ(r.data[0], "eth-frame");
  EXPECT_EQ(r.packets[1].interface, 1u);
  EXPECT_EQ(r.packets[1].ts_ns, 1'700'000'010'000'000'001);  // nanoseconds, +10 s offset
  EXPECT_EQ(r.packets[1].wire_len, 300u);
  EXPECT_EQ(r.packets[2].ts_ns, 5'500'000'000);  // 2^-10 s ticks
  EXPECT_EQ(r.data[2], "sll");
}

TEST_P(BothOrders, SimpleAndObsoletePacketBlocks) {
  bool big = GetParam();
  Writer spb(big);
  spb.u32(10).bytes("0123456789");
  Writer pb(big);
  pb.u16(0).u16(0).u64(2'000'000).u32(4).u32(60).bytes("abcd");
  Read r = read_all(shb(big) + idb(big, 1, 8) + block(big, 3, spb.out_) + block(big, 2, pb.out_));
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.packets.size(), 2u);
  EXPECT_EQ(r.data[0], "01234567");  // cut to the interface's snap length
  EXPECT_EQ(r.packets[0].wire_len, 10u);
  EXPECT_EQ(r.data[1], "abcd");
  EXPECT_EQ(r.packets[1].ts_ns, 2'000'000'000);
  EXPECT_EQ(r.packets[1].wire_len, 60u);
}

INSTANTIATE_TEST_SUITE_P(Pcapng, BothOrders, ::testing::Values(false, true));

TEST(PcapngReader, NewSectionRestartsInterfaceIds) {
  std::string file = shb(false) + idb(false, 1, 0) + idb(false, 101, 0) + epb(false, 1, 0, "a") + shb(true) +
                     idb(true, 113, 0) + epb(true, 0, 0, "b");
  Read r = read_all(file);
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.packets.size(), 2u);
  ASSERT_EQ(r.interfaces.size(), 1u);
  EXPECT_EQ(r.interfaces[0].dlt, 113);
}

TEST(PcapngReader, ClearErrors) {
  std::string head = shb(false) + idb(false, 1, 0);
  auto error_of = [](const std::string& file) { return read_all(file).error; };
  EXPECT_EQ(error_of(""), "pcapng block at offset 0: not a pcapng file");
  EXPECT_NE(error_of("garbage!garbage!").find("no section header block first"), std::string::npos);
  std::string bad_magic = shb(false);
  bad_magic[8] = 0x77;
  EXPECT_NE(error_of(bad_magic).find("bad byte-order magic"), std::string::npos);
  EXPECT_NE(error_of(head + epb(false, 3, 0, "x")).find("names interface 3, only 1 described"),
            std::string::npos);
  std::string cut = head + epb(false, 0, 0, "abcdefgh");
  EXPECT_NE(error_of(cut.substr(0, cut.size() - 3)).find("file ends inside a block"), std::string::npos);
  std::string trailer = head + epb(false, 0, 0, "abcd");
  trailer[trailer.size() - 4] ^= 0x04;
  EXPECT_NE(error_of(trailer).find("trailing block length differs"), std::string::npos);
  Writer odd(false);
  odd.u32(6).u32(13);
  EXPECT_NE(error_of(head + odd.out_ + std::string(8, '\0')).find("block total length 13 is invalid"),
            std::string::npos);
  Writer huge(false);
  huge.u32(6).u32(0x7FFFFFFC);
  EXPECT_NE(error_of(head + huge.out_).find("exceeds the 64 MiB limit"), std::string::npos);
  Writer lying(false);  // EPB whose captured length runs past its block
  lying.u32(0).u64(0).u32(400).u32(400).bytes("abcd");
  EXPECT_NE(error_of(head + block(false, 6, lying.out_)).find("captured length 400 runs past its block"),
            std::string::npos);
  EXPECT_EQ(read_all(head + block(false, 6, lying.out_)).packets.size(), 0u);
}

TEST(PcapngReader, PacketsBeforeAnErrorAreKept) {
  std::string file = shb(false) + idb(false, 1, 0) + epb(false, 0, 0, "ok") + epb(false, 7, 0, "bad");
  Read r = read_all(file);
  EXPECT_EQ(r.packets.size(), 1u);
  EXPECT_NE(r.error.find("at offset"), std::string::npos);
}

TEST(PcapngTicks, ResolutionsAndClamping) {
  PcapngInterface us;
  EXPECT_EQ(pcapng_ticks_to_ns(us, 1'500'000), 1'500'000'000);
  PcapngInterface ps{.decimal = true, .exponent = 12};
  EXPECT_EQ(pcapng_ticks_to_ns(ps, 3'000'000'000'001), 3'000'000'000);
  PcapngInterface bin{.decimal = false, .exponent = 1};
  EXPECT_EQ(pcapng_ticks_to_ns(bin, 3), 1'500'000'000);
  PcapngInterface back{.offset_s = -100};
  EXPECT_EQ(pcapng_ticks_to_ns(back, 5'000'000), 0);  // before 1970: clamped
  EXPECT_EQ(pcapng_ticks_to_ns(PcapngInterface{.decimal = true, .exponent = 0}, ~uint64_t{0}),
            (int64_t{1} << 33) * 1'000'000'000);
}

}  // namespace
}  // namespace netmeter::capture
