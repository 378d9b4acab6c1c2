#include "decode/protocols/gre.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

namespace {
constexpr uint16_t kChecksum = 0x8000, kRouting = 0x4000, kKey = 0x2000, kSequence = 0x1000, kAck = 0x0080;
constexpr uint16_t kErspan = 0x88BE;
constexpr uint16_t kErspan3 = 0x22EB;
}  // namespace

// GRE version 0 (RFC 2784/2890) and version 1 (PPTP). ERSPAN type II is followed to its Ethernet frame here,
// type III by its own decoder; MPLS (0x8847) and NSH (0x894F) by EtherType.
Step GreDecoder::decode(Bytes d, DecodeContext& ctx) const {
  using core::Anomaly;
  if (d.size() < 4) return Step::fail(ctx, Anomaly::truncated_gre);
  uint16_t flags = be16(d.data());
  uint16_t protocol = be16(d.data() + 2);
  size_t header = 4;
  switch (flags & 0x7) {
    case 0:
      if (flags & kRouting) return Step::fail(ctx, Anomaly::unsupported_gre_version);
      header += (flags & kChecksum ? 4 : 0) + (flags & kKey ? 4 : 0) + (flags & kSequence ? 4 : 0);
      break;
    case 1:
      header += (flags & kKey ? 4 : 0) + (flags & kSequence ? 4 : 0) + (flags & kAck ? 4 : 0);
      break;
    default:
      return Step::fail(ctx, Anomaly::unsupported_gre_version);
  }
  if (protocol == kErspan && (flags & kSequence)) header += 8;
  if (d.size() < header) return Step::fail(ctx, Anomaly::truncated_gre);
  if ((flags & 0x7) == 1 && !(flags & kSequence)) return Step::end();  // PPTP acknowledgement: no payload
  ctx.tunnel_hint = TunnelType::Gre;
  Layer next = protocol == kErspan    ? Layer::Ethernet
               : protocol == kErspan3 ? Layer::Erspan3
                                      : layer_for_ethertype(protocol);
  return {next, header};
}

}  // namespace netmeter::decode
