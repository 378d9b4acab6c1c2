#include "api/pcap_download.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace netmeter::api {
namespace {

/// Packets handed out in order; `ended` once they are gone if `ends`.
class FakeStream final : public PacketStream {
 public:
  FakeStream(std::vector<std::string> packets, bool ends) : ends_(ends) {
    for (auto& p : packets)
      packets_.push_back(std::move(p));
  }
  uint32_t pcap_link_type() const override { return 1; }
  std::optional<Packet> next(std::chrono::milliseconds) override {
    if (packets_.empty()) return std::nullopt;
    const auto& p = packets_.front();
    return Packet{1'700'000'000'123'456'789 + static_cast<int64_t>(served_), static_cast<uint32_t>(p.size()),
                  static_cast<uint32_t>(p.size() + 4), std::as_bytes(std::span(p.data(), p.size()))};
  }
  void pop() override {
    packets_.pop_front();
    ++served_;
  }
  bool ended() const override { return ends_ && packets_.empty(); }
  uint64_t dropped() const override { return 0; }

 private:
  std::deque<std::string> packets_;
  bool ends_;
  size_t served_ = 0;
};

std::string drain(PcapDownload& d, size_t piece) {
  std::string out;
  std::vector<char> buf(piece);
  for (;;) {
    size_t n = d.read(buf);
    if (n == 0) return out;
    out.append(buf.data(), n);
  }
}

template <class T>
T at(const std::string& s, size_t pos) {
  T v;
  std::memcpy(&v, s.data() + pos, sizeof v);
  return v;
}

TEST(PcapDownload, WritesAClassicNanosecondPcapUntilTheSourceEnds) {
  std::string big(70000, 'x');  // larger than a read piece: split across reads
  auto stream = std::make_unique<FakeStream>(std::vector<std::string>{"abc", big, "z"}, true);
  PcapDownload d(std::move(stream), std::nullopt);
  std::string out = drain(d, 4096);
  ASSERT_EQ(out.size(), 24u + 3 * 16 + 3 + big.size() + 1);
  EXPECT_EQ(at<uint32_t>(out, 0), 0xa1b23c4du);
  EXPECT_EQ(at<uint16_t>(out, 4), 2);
  EXPECT_EQ(at<uint16_t>(out, 6), 4);
  EXPECT_EQ(at<uint32_t>(out, 20), 1u);
  EXPECT_EQ(at<uint32_t>(out, 24), 1'700'000'000u);
  EXPECT_EQ(at<uint32_t>(out, 28), 123'456'789u);
  EXPECT_EQ(at<uint32_t>(out, 32), 3u);
  EXPECT_EQ(at<uint32_t>(out, 36), 7u);
  EXPECT_EQ(out.substr(40, 3), "abc");
  EXPECT_EQ(at<uint32_t>(out, 43 + 8), big.size());
  EXPECT_EQ(out.back(), 'z');
}

TEST(PcapDownload, EndsAtEndTimeEvenWithoutPackets) {
  auto stream = std::make_unique<FakeStream>(std::vector<std::string>{}, false);
  PcapDownload d(std::move(stream), PcapDownload::Clock::now() + std::chrono::milliseconds(120));
  auto started = std::chrono::steady_clock::now();
  std::string out = drain(d, 4096);
  EXPECT_EQ(out.size(), 24u);  // the header only
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100));
}

}  // namespace
}  // namespace netmeter::api
