#include "ringbuffer/segment_index.hpp"

#include <gtest/gtest.h>

#include "filter/parser.hpp"
#include "ring_fixture.hpp"

namespace netmeter::ringbuffer {
namespace {

TEST(KeySummary, NeverForgetsAKeyAndRarelyInventsOne) {
  KeySummary s(1000);
  for (uint16_t p = 0; p < 1000; ++p)
    s.add(key::port(p));
  for (uint16_t p = 0; p < 1000; ++p)
    EXPECT_TRUE(s.may_hold(key::port(p)));
  int false_positives = 0;
  for (uint16_t p = 1000; p < 11000; ++p)
    false_positives += s.may_hold(key::port(p));
  EXPECT_LT(false_positives, 300);  // about 0.3 % at 16 bits per key
  EXPECT_FALSE(s.may_hold(key::vlan(5)) && s.may_hold(key::vlan(6)) && s.may_hold(key::vlan(7)));
  EXPECT_TRUE(KeySummary().may_hold(key::port(1)));
}

TEST(SegmentIndex, RoundTripsAndRefusesDamage) {
  IndexBuilder b(1);
  PacketInspector inspector(core::LinkType::Ethernet);
  PacketFacts facts;
  for (int i = 0; i < 3000; ++i) {
    auto f = test::tcp_frame(1 + i % 9, 2, static_cast<uint16_t>(1000 + i), 80);
    inspector.inspect(std::as_bytes(std::span(f)), static_cast<uint32_t>(f.size()), facts);
    b.add(24 + static_cast<uint64_t>(i) * 200, 1000 + i, 200, facts);
  }
  ASSERT_EQ(b.flows().size(), 3000u);
  core::FlowKey k = *b.flows().begin();
  SegmentIndex x = b.finish(24 + 3000 * 200, {{k, "TLS", "YouTube"}});
  EXPECT_EQ(x.blocks.size(), 12u);  // 256 packets each
  EXPECT_EQ(x.min_ns, 1000);
  EXPECT_EQ(x.max_ns, 3999);
  std::string bytes = x.serialize();
  auto back = SegmentIndex::parse(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->packets, 3000u);
  EXPECT_EQ(back->blocks.size(), 12u);
  EXPECT_EQ(back->blocks[1].offset, 24u + 256 * 200);
  ASSERT_EQ(back->flows.size(), 1u);
  EXPECT_EQ(back->flows[0].flow, k);
  EXPECT_EQ(back->flows[0].app, "YouTube");
  EXPECT_TRUE(back->keys.may_hold(key::ip(core::IpAddress::parse("10.0.0.9").value())));
  EXPECT_EQ(back->keys.words(), x.keys.words());
  for (size_t at : {size_t{3}, size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    std::string bad = bytes;
    bad[at] ^= 0x40;
    EXPECT_FALSE(SegmentIndex::parse(bad)) << at;
  }
  EXPECT_FALSE(SegmentIndex::parse(bytes.substr(0, bytes.size() - 9)));
  EXPECT_FALSE(SegmentIndex::parse(""));
}

TEST(Prefilter, AsksOnlyForWhatTheExpressionCannotDoWithout) {
  auto summary_of = [](std::initializer_list<uint64_t> keys) {
    KeySummary s(16);
    for (auto k : keys)
      s.add(k);
    return s;
  };
  auto pre = [](const char* text) { return Prefilter(*filter::parse(text).expression); };
  const auto a = key::ip(core::IpAddress::parse("10.1.2.3").value());
  const auto p443 = key::port(443);
  EXPECT_TRUE(pre("ip == 10.1.2.3:443").may_match(summary_of({a, p443})));
  EXPECT_FALSE(pre("ip == 10.1.2.3:443").may_match(summary_of({a})));
  EXPECT_FALSE(pre("ip == 10.1.2.3 and port == 443").may_match(summary_of({p443})));
  EXPECT_TRUE(pre("ip == 10.1.2.3 or port == 443").may_match(summary_of({p443})));
  EXPECT_FALSE(pre("ip == 10.1.2.3 or port == 443").may_match(summary_of({key::port(80)})));
  EXPECT_TRUE(pre("ip == 10.0.0.0/8").empty());
  EXPECT_TRUE(pre("!(ip == 10.1.2.3)").empty());
  EXPECT_TRUE(pre("ip != 10.1.2.3").empty());
  EXPECT_TRUE(pre("ip == 10.1.2.3 or ip == 10.0.0.0/8").empty());
  EXPECT_FALSE(pre("portrange == 440-445").may_match(summary_of({key::port(80)})));
  EXPECT_TRUE(pre("portrange == 440-445").may_match(summary_of({p443})));
  EXPECT_TRUE(pre("portrange == 1000-").empty());
  EXPECT_FALSE(pre("vlan == 10").may_match(summary_of({key::vlan(11)})));
}

}  // namespace
}  // namespace netmeter::ringbuffer
