#pragma once

#include "decode/decoder.hpp"

namespace netmeter::decode {

/// Called by an IP decoder before it records its header. When an IP layer was already decoded, this
/// packet is tunnelled: the earlier addresses become an outer layer and the transport fields are reset
/// so that the inner packet is what flows and hosts see. False when the nesting is too deep.
inline bool begin_ip_layer(DecodeContext& ctx) {
  auto& p = ctx.pkt;
  if (!p.has_ip) return true;
  if (p.outer_count >= DecodedPacket::kMaxOuter) {
    ctx.anomalies.add(core::Anomaly::too_many_layers);
    return false;
  }
  TunnelType type = ctx.tunnel_hint == TunnelType::None ? TunnelType::IpInIp : ctx.tunnel_hint;
  p.outer[p.outer_count++] = OuterIp{p.src_ip, p.dst_ip, type};
  ctx.tunnel_hint = TunnelType::None;
  p.has_l4 = false;
  p.src_port = p.dst_port = 0;
  p.tcp_flags = 0;
  p.icmp_type = p.icmp_code = 0;
  p.payload_len = 0;
  p.is_fragment = p.first_fragment = false;
  return true;
}

}  // namespace netmeter::decode
