#include "engine/packet_tap.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "engine/sample_traffic.hpp"

namespace netmeter::test {
namespace {

capture::RawPacket raw_of(const TimedFrame& f) {
  return {f.ts, static_cast<uint32_t>(f.bytes.size()), static_cast<uint32_t>(f.bytes.size()), f.bytes.data()};
}

TEST(PacketTap, DeliversMatchingPacketsInOrder) {
  engine::PacketTap tap;
  auto all = tap.subscribe("", core::LinkType::Ethernet);
  auto udp_only = tap.subscribe("udp", core::LinkType::Ethernet);
  ASSERT_TRUE(all.subscriber) << all.error;
  ASSERT_TRUE(udp_only.subscriber) << udp_only.error;
  auto frames = http_and_dns();
  for (const auto& f : frames)
    tap.offer(raw_of(f));

  size_t n = 0;
  while (auto p = all.subscriber->front()) {
    ASSERT_LT(n, frames.size());
    EXPECT_EQ(p->ts, frames[n].ts);
    EXPECT_EQ(p->caplen, frames[n].bytes.size());
    ASSERT_EQ(p->data.size(), frames[n].bytes.size());
    EXPECT_EQ(std::memcmp(p->data.data(), frames[n].bytes.data(), p->data.size()), 0);
    all.subscriber->pop();
    ++n;
  }
  EXPECT_EQ(n, frames.size());

  size_t udp = 0;
  while (udp_only.subscriber->front()) {
    udp_only.subscriber->pop();
    ++udp;
  }
  EXPECT_EQ(udp, 2u);  // the DNS query and answer
  EXPECT_EQ(udp_only.subscriber->matched(), 2u);
  EXPECT_FALSE(all.subscriber->ended());
  tap.end();
  EXPECT_TRUE(all.subscriber->ended());
  EXPECT_TRUE(tap.subscribe("", core::LinkType::Ethernet).subscriber->ended());
}

TEST(PacketTap, AnArmedSubscriberIsNotifiedOnceByTheNextPacketOrTheEnd) {
  engine::PacketTap tap;
  auto s = tap.subscribe("", core::LinkType::Ethernet).subscriber;
  ASSERT_TRUE(s);
  int notified = 0;
  auto frame = http_and_dns().front();
  EXPECT_FALSE(s->arm_notify()) << "no notify function yet: nothing to arm";
  s->set_notify([&] { ++notified; });
  tap.offer(raw_of(frame));
  EXPECT_EQ(notified, 0) << "not armed: the reader pays nothing";
  EXPECT_FALSE(s->arm_notify()) << "a packet is queued: look instead of waiting";
  auto drain = [&] {
    while (s->front())
      s->pop();
  };
  drain();
  ASSERT_TRUE(s->arm_notify());
  tap.offer(raw_of(frame));
  tap.offer(raw_of(frame));
  EXPECT_EQ(notified, 1) << "one notification per arm, however many packets follow";
  drain();
  ASSERT_TRUE(s->arm_notify());
  tap.end();
  EXPECT_EQ(notified, 2) << "the end wakes a waiting consumer too";
  EXPECT_FALSE(s->arm_notify());
}

TEST(PacketTap, DropsAndCountsWhenTheRingIsFull) {
  engine::PacketTap tap;
  auto s = tap.subscribe("", core::LinkType::Ethernet, 4096).subscriber;
  ASSERT_TRUE(s);
  auto frame = http_and_dns().front();
  for (int i = 0; i < 1000; ++i)
    tap.offer(raw_of(frame));
  EXPECT_GT(s->dropped(), 0u);
  EXPECT_EQ(s->matched(), 1000u);
  size_t queued = 0;
  while (s->front()) {
    s->pop();
    ++queued;
  }
  EXPECT_EQ(queued + s->dropped(), 1000u);
  s->release();
  tap.offer(raw_of(frame));  // room again once the consumer released its space
  EXPECT_TRUE(s->front().has_value());
}

TEST(PacketTap, RejectsBadFiltersAndForgetsDroppedSubscribers) {
  engine::PacketTap tap;
  auto bad = tap.subscribe("this is not bpf", core::LinkType::Ethernet);
  EXPECT_FALSE(bad.subscriber);
  EXPECT_FALSE(bad.busy);
  EXPECT_NE(bad.error.find("BPF"), std::string::npos);
  for (size_t i = 0; i < engine::PacketTap::kMaxSubscribers * 2; ++i) {
    auto s = tap.subscribe("", core::LinkType::Ethernet, 4096);  // released at once
    ASSERT_TRUE(s.subscriber) << i;
  }
  std::vector<std::shared_ptr<engine::TapSubscriber>> kept;
  for (size_t i = 0; i < engine::PacketTap::kMaxSubscribers; ++i)
    kept.push_back(tap.subscribe("", core::LinkType::Ethernet, 4096).subscriber);
  EXPECT_TRUE(tap.subscribe("", core::LinkType::Ethernet, 4096).busy);
}

TEST(PacketTap, LinkTypeNumbers) {
  EXPECT_EQ(engine::pcap_linktype_of(core::LinkType::Ethernet), 1u);
  EXPECT_EQ(engine::pcap_linktype_of(core::LinkType::Raw), 101u);
  EXPECT_EQ(engine::pcap_linktype_of(core::LinkType::LinuxSll), 113u);
}

}  // namespace
}  // namespace netmeter::test
