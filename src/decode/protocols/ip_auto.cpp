#include "decode/protocols/ip_auto.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// Raw-IP link types carry IPv4 or IPv6 without a link header.
Step IpAutoDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.empty()) return Step::fail(ctx, core::Anomaly::truncated_ipv4);
  Layer next = layer_for_ip_version(d[0]);
  if (next == Layer::End) return Step::fail(ctx, core::Anomaly::bad_ip_version);
  return {next, 0};
}

}  // namespace netmeter::decode
