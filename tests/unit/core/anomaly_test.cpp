#include "core/anomaly.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace netmeter::core {
namespace {

TEST(Anomaly, EveryValueHasAUniqueNonEmptyName) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < kAnomalyCount; ++i) {
    std::string_view name = anomaly_name(static_cast<Anomaly>(i));
    EXPECT_FALSE(name.empty()) << i;
    EXPECT_NE(name, "unknown") << i;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string_view::npos)
        << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), kAnomalyCount);
}

TEST(Anomaly, NamesMatchTheEnumerators) {
  EXPECT_EQ(kAnomalyCount, 53u);
  EXPECT_EQ(anomaly_name(Anomaly::truncated_geneve), "truncated_geneve");
  EXPECT_EQ(anomaly_name(Anomaly::truncated_enc), "truncated_enc");
  EXPECT_EQ(anomaly_name(Anomaly::truncated_ethernet), "truncated_ethernet");
  EXPECT_EQ(anomaly_name(Anomaly::truncated_ipv4), "truncated_ipv4");
  EXPECT_EQ(anomaly_name(Anomaly::bad_tcp_header_length), "bad_tcp_header_length");
  EXPECT_EQ(anomaly_name(Anomaly::truncated_gtpu), "truncated_gtpu");
  EXPECT_EQ(anomaly_name(Anomaly::empty_packet), "empty_packet");
}

TEST(Anomaly, OutOfRangeIsUnknown) {
  EXPECT_EQ(anomaly_name(Anomaly::kCount), "unknown");
  EXPECT_EQ(anomaly_name(static_cast<Anomaly>(200)), "unknown");
}

TEST(AnomalyCounters, AddGetTotalAndMerge) {
  AnomalyCounters a, b;
  a.add(Anomaly::truncated_tcp);
  a.add(Anomaly::truncated_tcp);
  a.add(Anomaly::empty_packet);
  b.add(Anomaly::truncated_tcp);
  b.add(Anomaly::bad_udp_length);
  EXPECT_EQ(a.get(Anomaly::truncated_tcp), 2u);
  EXPECT_EQ(a.total(), 3u);
  a += b;
  EXPECT_EQ(a.get(Anomaly::truncated_tcp), 3u);
  EXPECT_EQ(a.get(Anomaly::bad_udp_length), 1u);
  EXPECT_EQ(a.get(Anomaly::empty_packet), 1u);
  EXPECT_EQ(a.total(), 5u);
  EXPECT_EQ(b.total(), 2u);
}

}  // namespace
}  // namespace netmeter::core
