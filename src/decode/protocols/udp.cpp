#include "decode/protocols/udp.hpp"

#include <algorithm>

#include "decode/dispatch.hpp"

namespace netmeter::decode {

Step UdpDecoder::decode(Bytes d, DecodeContext& ctx) const {
  using core::Anomaly;
  if (d.size() < 8) return Step::fail(ctx, Anomaly::truncated_udp);
  auto& p = ctx.pkt;
  p.has_l4 = true;
  p.src_port = be16(d.data());
  p.dst_port = be16(d.data() + 2);
  p.l4_offset = static_cast<uint32_t>(ctx.offset);
  size_t length = be16(d.data() + 4);
  // A first fragment carries only part of the datagram its length field describes.
  if (p.is_fragment && length > ctx.l4_len) length = ctx.l4_len;
  if (length < 8 || length > ctx.l4_len) {
    // A wrong length field is noted; the IP length still bounds the payload.
    ctx.anomalies.add(Anomaly::bad_udp_length);
    length = ctx.l4_len >= 8 ? ctx.l4_len : 8;
  }
  p.payload_len = static_cast<uint32_t>(length - 8);
  Layer next = layer_for_udp_ports(p.src_port, p.dst_port);
  return {next, 8, std::min(length, d.size()) - 8};
}

}  // namespace netmeter::decode
