#include "decode/protocols/linux_sll.hpp"

#include <algorithm>

#include "decode/dispatch.hpp"

namespace netmeter::decode {

namespace {
constexpr uint16_t kArphrdEther = 1;
}

// Linux "cooked" capture v1 (DLT_LINUX_SLL): 16 bytes with the sender's address and an ethertype.
Step LinuxSllDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 16) return Step::fail(ctx, core::Anomaly::truncated_linux_sll);
  auto& p = ctx.pkt;
  if (be16(d.data() + 2) == kArphrdEther && be16(d.data() + 4) == 6) {
    std::copy_n(d.data() + 6, 6, p.src_mac.begin());
    p.has_mac = true;
  }
  uint16_t protocol = be16(d.data() + 14);
  if (protocol == 0x0004) return {Layer::LlcSnap, 16};
  p.ethertype = protocol;
  return {layer_for_ethertype(protocol), 16};
}

}  // namespace netmeter::decode
