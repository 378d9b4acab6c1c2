#include "decode/protocols/linux_sll2.hpp"

#include <algorithm>

#include "decode/dispatch.hpp"

namespace netmeter::decode {

namespace {
constexpr uint16_t kArphrdEther = 1;
}

// Linux "cooked" capture v2 (DLT_LINUX_SLL2): 20 bytes, ethertype first.
Step LinuxSll2Decoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 20) return Step::fail(ctx, core::Anomaly::truncated_linux_sll);
  auto& p = ctx.pkt;
  if (be16(d.data() + 8) == kArphrdEther && d[11] == 6) {
    std::copy_n(d.data() + 12, 6, p.src_mac.begin());
    p.has_mac = true;
  }
  uint16_t protocol = be16(d.data());
  if (protocol == 0x0004) return {Layer::LlcSnap, 20};
  p.ethertype = protocol;
  return {layer_for_ethertype(protocol), 20};
}

}  // namespace netmeter::decode
