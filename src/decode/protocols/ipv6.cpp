#include "decode/protocols/ipv6.hpp"

#include <algorithm>

#include "decode/dispatch.hpp"
#include "decode/ip_layer.hpp"

namespace netmeter::decode {

namespace {

bool is_extension_header(uint8_t next) {
  switch (next) {
    case 0:    // hop-by-hop options
    case 43:   // routing
    case 44:   // fragment
    case 51:   // authentication header
    case 60:   // destination options
    case 135:  // mobility
    case 139:  // HIP
    case 140:  // shim6
      return true;
    default:
      return false;
  }
}

struct Extensions {
  size_t length = 40;  // bytes from the start of the IPv6 header to the transport header
  uint8_t next = 0;
  bool fragment = false;
  bool later_fragment = false;
  uint32_t frag_id = 0;
};

// Walks the extension-header chain; false when a header is cut off.
bool walk_extensions(Bytes d, Extensions& ext) {
  while (is_extension_header(ext.next)) {
    if (d.size() < ext.length + 8) return false;
    const uint8_t* h = d.data() + ext.length;
    uint8_t following = h[0];
    size_t len;
    if (ext.next == 44) {
      len = 8;
      uint16_t off_flags = be16(h + 2);
      ext.fragment = true;
      ext.later_fragment = (off_flags >> 3) != 0;
      ext.frag_id = be32(h + 4);
    } else if (ext.next == 51) {
      len = (size_t{h[1]} + 2) * 4;
    } else {
      len = (size_t{h[1]} + 1) * 8;
    }
    if (d.size() < ext.length + len) return false;
    ext.length += len;
    ext.next = following;
    if (ext.later_fragment) break;
  }
  return true;
}

}  // namespace

Step Ipv6Decoder::decode(Bytes d, DecodeContext& ctx) const {
  using core::Anomaly;
  if (d.size() < 40) return Step::fail(ctx, Anomaly::truncated_ipv6);
  if ((d[0] >> 4) != 6) return Step::fail(ctx, Anomaly::bad_ip_version);
  size_t on_wire = ctx.pkt.wire_len > ctx.offset ? ctx.pkt.wire_len - ctx.offset : d.size();
  size_t total = 40 + size_t{be16(d.data() + 4)};
  if (total == 40 && on_wire > 40) total = on_wire;  // jumbogram or offload: length from the frame
  if (total > on_wire) {
    ctx.anomalies.add(Anomaly::bad_ipv6_payload_length);
    total = on_wire;
  }
  Extensions ext;
  ext.next = d[6];
  if (!walk_extensions(d, ext)) return Step::fail(ctx, Anomaly::truncated_ipv6_extension);
  if (ext.length > total) return Step::fail(ctx, Anomaly::bad_ipv6_payload_length);
  if (!begin_ip_layer(ctx)) return Step::end();

  auto& p = ctx.pkt;
  p.has_ip = true;
  p.ip_version = 6;
  p.src_ip = core::IpAddress::v6(d.data() + 8);
  p.dst_ip = core::IpAddress::v6(d.data() + 24);
  uint8_t traffic_class = static_cast<uint8_t>((be16(d.data()) >> 4) & 0xFF);
  p.dscp = traffic_class >> 2;
  p.ecn = traffic_class & 0x03;
  p.ttl = d[7];
  p.l4_proto = ext.next;
  p.l3_offset = static_cast<uint32_t>(ctx.offset);
  p.l3_len = static_cast<uint32_t>(total);
  ctx.l4_len = static_cast<uint32_t>(total - ext.length);
  p.is_fragment = ext.fragment;
  p.first_fragment = ext.fragment && !ext.later_fragment;
  p.frag_id = ext.frag_id;
  if (ext.later_fragment) {  // no transport header in later fragments: all of it is payload
    p.payload_len = ctx.l4_len;
    return Step::end();
  }
  return {layer_for_ip_proto(p.l4_proto), ext.length, std::min(total, d.size()) - ext.length};
}

}  // namespace netmeter::decode
