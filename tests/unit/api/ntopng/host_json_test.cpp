#include "api/ntopng/host_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/ntopng/chart_json.hpp"

namespace netmeter::api::ntopng {
namespace {

stats::HostKey key(const char* text) {
  return *query::parse_host_key(text);
}

/// Names like nDPI's for a few protocol numbers: 5 DNS, 91 TLS, 126 Google, 163 Tor.
class FakeNames final : public query::NameResolver {
 public:
  std::string application(uint16_t master, uint16_t app) const override {
    if (master != 0 && master != app) return app ? name(master) + "." + name(app) : name(master);
    return name(app);
  }
  std::string category(uint16_t c) const override { return "cat" + std::to_string(c); }
  std::string breed(uint8_t b) const override { return "breed" + std::to_string(b); }

 private:
  static std::string name(uint16_t id) {
    switch (id) {
      case 0:
        return "Unknown";
      case 5:
        return "DNS";
      case 91:
        return "TLS";
      case 126:
        return "Google";
      case 163:
        return "Tor";
      default:
        return std::to_string(id);
    }
  }
};

TEST(NtopngHostJson, JqueryKeyAndHostKey) {
  EXPECT_EQ(jquery_key(key("192.168.1.1")), "192__168__1__1");
  EXPECT_EQ(jquery_key(key("10.0.0.1@12")), "10__0__0__1@12");
  EXPECT_EQ(jquery_key(key("fe80::1")), "fe80________1");
  EXPECT_EQ(host_key_text(key("10.0.0.1@12")), "10.0.0.1@12");
  EXPECT_EQ(host_key_text(key("10.0.0.1@0")), "10.0.0.1");
}

TEST(NtopngHostJson, IpKey) {
  EXPECT_EQ(ip_key(key("192.168.1.93").ip), 3232235869u);
  EXPECT_EQ(ip_key(key("0.0.0.1").ip), 1u);
  EXPECT_LE(ip_key(key("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").ip), UINT32_MAX);
}

TEST(NtopngHostJson, StatsProtocolName) {
  FakeNames names;
  EXPECT_EQ(stats_protocol_name(names, 91, 163), "Tor");  // TLS.Tor: the app
  EXPECT_EQ(stats_protocol_name(names, 5, 126), "DNS");   // DNS.Google: DNS is informative
  EXPECT_EQ(stats_protocol_name(names, 91, 0), "TLS");    // no app: the master
  EXPECT_EQ(stats_protocol_name(names, 0, 163), "Tor");
  EXPECT_EQ(stats_protocol_name(names, 0, 0), "Unknown");
}

TEST(NtopngHostJson, FoldProtocolsSumsOneName) {
  FakeNames names;
  query::HostProtocolItem a{stats::app_key(91, 126), "TLS.Google", {1, 10, 2, 20}, 1, 5'000'000'000};
  query::HostProtocolItem b{stats::app_key(188, 126), "188.Google", {3, 30, 4, 40}, 2, 9'000'000'000};
  query::HostProtocolItem c{stats::app_key(91, 0), "TLS", {5, 50, 6, 60}, 1, 1};
  auto folded = fold_protocols(names, {a, b, c});
  ASSERT_EQ(folded.size(), 2u);
  EXPECT_EQ(folded[0].name, "Google");
  EXPECT_EQ(folded[0].traffic.rx_bytes, 40u);
  EXPECT_EQ(folded[0].traffic.tx_bytes, 60u);
  EXPECT_EQ(folded[0].flows, 3u);
  EXPECT_EQ(folded[0].duration_ns, 9'000'000'000);
  EXPECT_EQ(folded[1].name, "TLS");
}

TEST(NtopngHostJson, DscpClasses) {
  EXPECT_EQ(dscp_class(0), "cs0");
  EXPECT_EQ(dscp_class(1), "le");
  EXPECT_EQ(dscp_class(2), "unknown");
  EXPECT_EQ(dscp_class(10), "cs1");  // AF11
  EXPECT_EQ(dscp_class(38), "cs4");  // AF43
  EXPECT_EQ(dscp_class(44), "unknown");
  EXPECT_EQ(dscp_class(46), "cs5");  // EF
  EXPECT_EQ(dscp_class(48), "cs6");
  EXPECT_EQ(dscp_class_label("cs0"), "Best Effort (CS0)");
  EXPECT_EQ(dscp_class_label("cs7"), "Network Control (CS7)");
  EXPECT_EQ(dscp_class_label("le"), "LE");
  EXPECT_EQ(dscp_class_label("unknown"), "Unknown");
}

TEST(NtopngHostJson, ActiveRecord) {
  query::HostItem h;
  h.key = key("10.1.2.3@7");
  h.local = true;
  h.traffic.all_time = {3, 300, 2, 200};
  h.traffic.last_second = {1, 100, 1, 50};
  h.first_ns = 1'700'000'000'500'000'000;
  h.last_ns = 1'700'000'009'000'000'000;
  h.active_as_client = 2;
  h.active_as_server = 1;
  auto o = active_record(h);
  EXPECT_EQ(o["key"].as_string(), "10__1__2__3@7");
  EXPECT_EQ(o["ip"].as_string(), "10.1.2.3");
  EXPECT_EQ(o["vlan"].to_number<int64_t>(), 7);
  EXPECT_EQ(o["name"].as_string(), "10.1.2.3");
  EXPECT_EQ(o["first_seen"].to_number<int64_t>(), 1'700'000'000);
  EXPECT_EQ(o["thpt"].at("bps").to_number<uint64_t>(), 150u * 8);
  EXPECT_EQ(o["thpt"].at("pps").to_number<uint64_t>(), 2u);
  EXPECT_EQ(o["bytes"].at("recvd").to_number<uint64_t>(), 300u);
  EXPECT_EQ(o["bytes"].at("sent").to_number<uint64_t>(), 200u);
  EXPECT_EQ(o["bytes"].at("total").to_number<uint64_t>(), 500u);
  EXPECT_EQ(o["num_flows"].at("total").to_number<uint64_t>(), 3u);
  EXPECT_TRUE(o["is_localhost"].as_bool());
  EXPECT_FALSE(o.contains("mac"));
}

}  // namespace
}  // namespace netmeter::api::ntopng
