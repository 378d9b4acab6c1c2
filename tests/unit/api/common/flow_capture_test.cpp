#include "api/common/flow_capture.hpp"

#include <gtest/gtest.h>

#include "api/common/filter_param.hpp"
#include "core/ip_address.hpp"

namespace netmeter::api {
namespace {

core::Endpoint end(const char* ip, uint16_t port) {
  return {core::IpAddress::parse(ip).value(), port};
}

filter::Subject subject(const FlowEnds& f, bool reversed) {
  filter::Subject s;
  s.src.ip = reversed ? f.server.ip : f.client.ip;
  s.src.port = reversed ? f.server.port : f.client.port;
  s.dst.ip = reversed ? f.client.ip : f.server.ip;
  s.dst.port = reversed ? f.client.port : f.server.port;
  s.l4 = f.l4;
  s.has_ports = f.l4 == 6 || f.l4 == 17;
  if (f.vlan) {
    s.vlan_count = 1;
    s.vlans[0] = f.vlan;
  }
  return s;
}

TEST(FlowCapture, BpfNamesBothEndsAndLooksPastTheTag) {
  const FlowEnds tcp{end("10.0.0.1", 50000), end("10.0.0.2", 443), 6, 0};
  EXPECT_EQ(flow_bpf(tcp), "host 10.0.0.1 and host 10.0.0.2 and port 50000 and port 443");
  FlowEnds tagged = tcp;
  tagged.vlan = 12;
  EXPECT_EQ(flow_bpf(tagged), "vlan 12 and host 10.0.0.1 and host 10.0.0.2 and port 50000 and port 443");
  const FlowEnds icmp{end("10.0.0.1", 0), end("10.0.0.2", 0), 1, 0};
  EXPECT_EQ(flow_bpf(icmp), "host 10.0.0.1 and host 10.0.0.2");
}

TEST(FlowCapture, ExpressionSelectsTheFlowInBothDirectionsOnly) {
  const FlowEnds flows[] = {{end("10.0.0.1", 50000), end("10.0.0.2", 443), 6, 0},
                            {end("2001:db8::1", 5353), end("2001:db8::2", 53), 17, 7},
                            {end("10.0.0.1", 0), end("10.0.0.9", 0), 1, 0}};
  for (const FlowEnds& f : flows) {
    const std::string text = flow_capture_expression(f);
    CompiledFilter compiled = compile_filter(text);
    ASSERT_NE(compiled.filter, nullptr) << text << ": " << compiled.error;
    EXPECT_TRUE(compiled.filter->matches(subject(f, false))) << text;
    EXPECT_TRUE(compiled.filter->matches(subject(f, true))) << text;
    FlowEnds other = f;
    other.server.port = f.server.port ? f.server.port + 1 : 0;
    other.l4 = f.l4 == 1 ? 6 : f.l4;
    other.vlan = f.vlan ? f.vlan + 1 : 0;
    if (!f.server.port) other.server.ip = core::IpAddress::parse("10.0.0.10").value();
    EXPECT_FALSE(compiled.filter->matches(subject(other, false))) << text;
  }
  EXPECT_EQ(flow_capture_expression(flows[1]),
            "ip==[2001:db8::1]:5353 and ip==[2001:db8::2]:53 and l4Protocol==UDP and vlan==7");
}

TEST(FlowCapture, CaptureUrlEncodesTheExpressionAndTheRange) {
  EXPECT_EQ(
      capture_url(3, "ip==10.0.0.1:80 and l4Protocol==TCP", std::nullopt),
      "/API/data/modules/"
      "capture?fromCaptureBuffer=true&mm-id=3&expression=ip%3D%3D10.0.0.1%3A80%20and%20l4Protocol%3D%3DTCP");
  EXPECT_EQ(capture_url(0, "ip==[::1]", CaptureRange{1'000'000, 2'999'999}),
            "/API/data/modules/capture?fromCaptureBuffer=true&mm-id=0&startTime=1000000&endTime=2999999"
            "&expression=ip%3D%3D%5B%3A%3A1%5D");
}

TEST(FlowCapture, NoRecorderCoversNothing) {
  EXPECT_FALSE(RingCoverage().covers(0, INT64_MAX));
  EXPECT_FALSE(RingCoverage(nullptr).covers(1, 2));
}

}  // namespace
}  // namespace netmeter::api
