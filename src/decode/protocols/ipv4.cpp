#include "decode/protocols/ipv4.hpp"

#include <algorithm>

#include "decode/dispatch.hpp"
#include "decode/ip_layer.hpp"

namespace netmeter::decode {

Step Ipv4Decoder::decode(Bytes d, DecodeContext& ctx) const {
  using core::Anomaly;
  if (d.size() < 20) return Step::fail(ctx, Anomaly::truncated_ipv4);
  if ((d[0] >> 4) != 4) return Step::fail(ctx, Anomaly::bad_ip_version);
  size_t ihl = size_t{d[0] & 0x0Fu} * 4;
  if (ihl < 20) return Step::fail(ctx, Anomaly::bad_ip_header_length);
  if (d.size() < ihl) return Step::fail(ctx, Anomaly::truncated_ipv4);
  size_t on_wire = ctx.pkt.wire_len > ctx.offset ? ctx.pkt.wire_len - ctx.offset : d.size();
  size_t total = be16(d.data() + 2);
  if (total == 0) total = on_wire;  // segmentation offload: the NIC fills the length in later
  if (total < ihl) return Step::fail(ctx, Anomaly::bad_ip_total_length);
  if (total > on_wire) {
    ctx.anomalies.add(Anomaly::bad_ip_total_length);
    total = on_wire;
  }
  if (!begin_ip_layer(ctx)) return Step::end();

  auto& p = ctx.pkt;
  p.has_ip = true;
  p.ip_version = 4;
  p.src_ip = core::IpAddress::v4(d.data() + 12);
  p.dst_ip = core::IpAddress::v4(d.data() + 16);
  p.dscp = d[1] >> 2;
  p.ecn = d[1] & 0x03;
  p.ttl = d[8];
  p.l4_proto = d[9];
  p.l3_offset = static_cast<uint32_t>(ctx.offset);
  p.l3_len = static_cast<uint32_t>(total);
  ctx.l4_len = static_cast<uint32_t>(total - ihl);

  uint16_t frag = be16(d.data() + 6);
  uint16_t frag_offset = frag & 0x1FFF;
  bool more_fragments = frag & 0x2000;
  p.is_fragment = frag_offset != 0 || more_fragments;
  p.first_fragment = p.is_fragment && frag_offset == 0;
  p.frag_id = be16(d.data() + 4);
  if (frag_offset != 0) {  // later fragments carry no transport header: all of it is payload
    p.payload_len = ctx.l4_len;
    return Step::end();
  }
  return {layer_for_ip_proto(p.l4_proto), ihl, std::min(total, d.size()) - ihl};
}

}  // namespace netmeter::decode
