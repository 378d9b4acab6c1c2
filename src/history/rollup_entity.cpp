#include "history/rollup_entity.hpp"

#include <algorithm>

namespace netmeter::history {

RollupEntity host_entity(uint16_t interface_id, const stats::HostKey& host) {
  RollupEntity e{interface_id, RollupKind::Host, {}, host.vlan, 0};
  const auto& bytes = host.ip.bytes();
  if (host.ip.is_v4()) {
    e.address[10] = 0xff;
    e.address[11] = 0xff;
    std::copy_n(bytes.begin(), 4, e.address.begin() + 12);
  } else {
    e.address = bytes;
  }
  return e;
}

stats::HostKey host_key(const std::array<uint8_t, 16>& address, uint16_t vlan) {
  constexpr std::array<uint8_t, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  const bool v4 = std::equal(kMapped.begin(), kMapped.end(), address.begin());
  return {v4 ? core::IpAddress::v4(address.data() + 12) : core::IpAddress::v6(address.data()), vlan};
}

}  // namespace netmeter::history
