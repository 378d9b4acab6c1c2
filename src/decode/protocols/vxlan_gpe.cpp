#include "decode/protocols/vxlan_gpe.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

namespace {
constexpr uint8_t kNextProtocolPresent = 0x04;
constexpr uint8_t kOam = 0x01;
}  // namespace

// VXLAN Generic Protocol Extension (UDP 4790): 8 bytes; the next protocol field (IPv4, IPv6, Ethernet, NSH,
// MPLS) says what follows. Without the P flag the payload is Ethernet, as in VXLAN. OAM packets end.
Step VxlanGpeDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_vxlan_gpe);
  if (d[0] & kOam) return Step::end();
  Layer next = (d[0] & kNextProtocolPresent) ? layer_for_nsh_next_protocol(d[3]) : Layer::Ethernet;
  if (next != Layer::End) ctx.tunnel_hint = TunnelType::VxlanGpe;
  return {next, 8};
}

}  // namespace netmeter::decode
