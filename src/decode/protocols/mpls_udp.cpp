#include "decode/protocols/mpls_udp.hpp"

namespace netmeter::decode {

// MPLS in UDP (RFC 7510, port 6635): the label stack follows the UDP header directly. This step only marks
// the tunnel, so that the inner IP layer moves the outer addresses to the tunnel endpoints.
Step MplsUdpDecoder::decode(Bytes, DecodeContext& ctx) const {
  ctx.tunnel_hint = TunnelType::MplsUdp;
  return {Layer::Mpls, 0};
}

}  // namespace netmeter::decode
