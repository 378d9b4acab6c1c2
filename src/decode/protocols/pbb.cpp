#include "decode/protocols/pbb.hpp"

namespace netmeter::decode {

// IEEE 802.1ah provider backbone bridging (MAC-in-MAC, EtherType 0x88E7): the 4-byte I-TAG (priority,
// I-SID), then the customer's Ethernet frame, whose addresses are the packet's.
Step PbbDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 4) return Step::fail(ctx, core::Anomaly::truncated_pbb);
  return {Layer::Ethernet, 4};
}

}  // namespace netmeter::decode
