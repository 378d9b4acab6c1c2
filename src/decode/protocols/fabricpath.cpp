#include "decode/protocols/fabricpath.hpp"

namespace netmeter::decode {

// Cisco FabricPath: the outer 16-byte header is an Ethernet header (switch ids as addresses) with
// EtherType 0x8903 and 2 bytes of FTag and TTL; the customer's Ethernet frame follows.
Step FabricPathDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 2) return Step::fail(ctx, core::Anomaly::truncated_fabricpath);
  return {Layer::Ethernet, 2};
}

}  // namespace netmeter::decode
