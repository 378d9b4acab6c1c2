#include "decode/protocols/null_loopback.hpp"

namespace netmeter::decode {

namespace {
// AF_INET is 2 everywhere; AF_INET6 differs: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30.
Layer layer_for_family(uint32_t family) {
  switch (family) {
    case 2:
      return Layer::Ipv4;
    case 10:
    case 24:
    case 28:
    case 30:
      return Layer::Ipv6;
    default:
      return Layer::End;
  }
}
}  // namespace

Step NullDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 4) return Step::fail(ctx, core::Anomaly::truncated_null);
  Layer next = layer_for_family(be32(d.data()));
  // DLT_NULL stores the family in the byte order of the machine that wrote the file.
  if (next == Layer::End && !network_order_) next = layer_for_family(le32(d.data()));
  if (next == Layer::End) return Step::fail(ctx, core::Anomaly::unknown_address_family);
  return {next, 4};
}

}  // namespace netmeter::decode
