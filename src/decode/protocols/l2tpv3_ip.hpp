#pragma once

#include "decode/decoder.hpp"

namespace netmeter::decode {

/// L2TPv3 over IP (protocol 115): a session id (0: control message), then the session's data.
class L2tpv3IpDecoder final : public Decoder {
 public:
  Step decode(Bytes data, DecodeContext& ctx) const override;
};

/// Where the Ethernet frame of an L2TPv3 data message starts in `d` (the bytes after the session id),
/// or 0 when none is recognised. The cookie (0, 4 or 8 bytes) and the L2-specific sublayer (0 or 4) are
/// per-session configuration that is not on the wire; the first layout whose EtherType is IPv4, IPv6,
/// ARP or 802.1Q wins.
size_t l2tpv3_ethernet_offset(Bytes d);

/// Shorter data messages cannot hold an Ethernet header: truncated.
constexpr size_t kMinEthernet = 14;

}  // namespace netmeter::decode
