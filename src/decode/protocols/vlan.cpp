#include "decode/protocols/vlan.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

// 802.1Q and 802.1ad (QinQ) tags; the first tag is the outer VLAN, the last the inner one.
Step VlanDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < 4) return Step::fail(ctx, core::Anomaly::truncated_vlan);
  auto& p = ctx.pkt;
  uint16_t id = be16(d.data()) & 0x0FFF;
  if (p.vlan_count == 0) p.vlan_outer = id;
  p.vlan_inner = id;
  if (p.vlan_count < 255) ++p.vlan_count;
  uint16_t type = be16(d.data() + 2);
  if (type < 0x0600) return {Layer::LlcSnap, 4};
  p.ethertype = type;
  return {layer_for_ethertype(type), 4};
}

}  // namespace netmeter::decode
