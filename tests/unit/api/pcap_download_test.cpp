#include "api/pcap_download.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace netmeter::api {
namespace {

/// Packets handed out in order; `ended` once they are gone if `ends`. Records how it was armed.
class FakeStream final : public PacketStream {
 public:
  FakeStream(std::vector<std::string> packets, bool ends) : ends_(ends) {
    for (auto& p : packets)
      packets_.push_back(std::move(p));
  }
  uint32_t pcap_link_type() const override { return 1; }
  std::optional<Packet> next() override {
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
  void set_notify(std::function<void()> notify) override { notify_ = std::move(notify); }
  bool arm_notify() override {
    if (!packets_.empty() || ended()) return false;
    armed = true;
    return true;
  }

  /// Producer side: queues a packet and fires the notification if armed.
  void arrive(std::string packet) {
    packets_.push_back(std::move(packet));
    if (armed && notify_) {
      armed = false;
      notify_();
    }
  }
  bool armed = false;

 private:
  std::deque<std::string> packets_;
  bool ends_;
  size_t served_ = 0;
  std::function<void()> notify_;
};

std::string drain(PcapDownload& d, size_t piece) {
  std::string out;
  std::vector<char> buf(piece);
  for (;;) {
    auto p = d.pull(buf);
    if (p.state == http::BodySource::Pull::State::end) return out;
    if (p.state == http::BodySource::Pull::State::pending) {
      std::this_thread::sleep_for(p.retry);
      continue;
    }
    EXPECT_EQ(p.state, http::BodySource::Pull::State::data);
    out.append(buf.data(), p.bytes);
  }
}

/// Counts wake() calls, as the server's waker would resume the response.
class CountingTarget final : public http::WakeTarget {
 public:
  void wake() override { ++wakes; }
  int wakes = 0;
};

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
  auto end = PcapDownload::Clock::now() + std::chrono::milliseconds(120);
  PcapDownload d(std::move(stream), end);
  std::vector<char> buf(4096);
  EXPECT_EQ(d.pull(buf).bytes, 24u);  // the header at once
  auto pending = d.pull(buf);
  ASSERT_EQ(pending.state, http::BodySource::Pull::State::pending) << "nothing yet: never a blocking wait";
  EXPECT_LE(pending.retry, std::chrono::milliseconds(120)) << "looks again no later than the end time";
  std::this_thread::sleep_until(end);
  EXPECT_EQ(d.pull(buf).state, http::BodySource::Pull::State::end);
}

TEST(PcapDownload, PendingArmsTheStreamAndTheNotificationWakesTheServer) {
  auto owned = std::make_unique<FakeStream>(std::vector<std::string>{}, false);
  FakeStream& stream = *owned;
  PcapDownload d(std::move(owned), std::nullopt);
  auto target = std::make_shared<CountingTarget>();
  d.set_waker(http::Waker(target));
  std::vector<char> buf(4096);
  EXPECT_EQ(d.pull(buf).bytes, 24u);
  EXPECT_EQ(d.pull(buf).state, http::BodySource::Pull::State::pending);
  EXPECT_TRUE(stream.armed);
  EXPECT_EQ(target->wakes, 0);
  stream.arrive("abcd");
  EXPECT_EQ(target->wakes, 1) << "a queued packet wakes the waiting response";
  auto p = d.pull(buf);
  ASSERT_EQ(p.state, http::BodySource::Pull::State::data);
  EXPECT_EQ(p.bytes, 16u + 4);
}

TEST(PcapDownload, HoldsItsPlaceUntilDestroyed) {
  StreamLimit limit(1);
  {
    PcapDownload d(std::make_unique<FakeStream>(std::vector<std::string>{}, true), std::nullopt,
                   limit.try_open());
    EXPECT_EQ(limit.open(), 1u);
    EXPECT_FALSE(limit.try_open());
  }
  EXPECT_EQ(limit.open(), 0u);
  EXPECT_TRUE(limit.try_open());
}

}  // namespace
}  // namespace netmeter::api
