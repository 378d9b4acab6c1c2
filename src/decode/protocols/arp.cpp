#include "decode/protocols/arp.hpp"

namespace netmeter::decode {

Step ArpDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_arp);
  auto& p = ctx.pkt;
  uint16_t ptype = be16(d.data() + 2);
  size_t hlen = d[4];
  size_t plen = d[5];
  if (d.size() < 8 + 2 * (hlen + plen)) return Step::fail(ctx, core::Anomaly::truncated_arp);
  p.is_arp = true;
  p.arp_op = be16(d.data() + 6);
  // Written whole whatever the protocol: the rare fields are not reset per packet (DecodedPacket).
  p.arp_sender_ip = {};
  p.arp_target_ip = {};
  if (ptype == 0x0800 && plen == 4) {
    p.arp_sender_ip = core::IpAddress::v4(d.data() + 8 + hlen);
    p.arp_target_ip = core::IpAddress::v4(d.data() + 8 + 2 * hlen + plen);
  }
  return Step::end();
}

}  // namespace netmeter::decode
