#include "query/broadcast_domain_list.hpp"

#include <array>

namespace netmeter::query {

namespace {

core::Cidr cidr_of(const stats::BroadcastDomain& d) {
  const std::array<uint8_t, 4> b = {static_cast<uint8_t>(d.network >> 24),
                                    static_cast<uint8_t>(d.network >> 16),
                                    static_cast<uint8_t>(d.network >> 8), static_cast<uint8_t>(d.network)};
  return core::Cidr{core::IpAddress::v4(b.data()), d.prefix};
}

/// Whether `net` lies inside one of `locals` (a block as wide or wider that holds its address).
bool inside_local(const core::Cidr& net, const std::vector<core::Cidr>& locals) {
  for (const auto& l : locals)
    if (l.prefix <= net.prefix && l.contains(net.network)) return true;
  return false;
}

}  // namespace

std::vector<BroadcastDomainItem> list_broadcast_domains(const stats::StatsStore& store,
                                                        const AddressVisibility& visible) {
  std::vector<BroadcastDomainItem> out;
  for (const auto& [key, hits] : store.broadcast_domains().hits()) {
    core::Cidr net = cidr_of(stats::domain_of_key(key));
    if (visible && !visible(net.network)) continue;
    out.push_back({net, hits, !inside_local(net, store.config().local_networks)});
  }
  return out;
}

}  // namespace netmeter::query
