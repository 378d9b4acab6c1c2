#pragma once

#include <cstdint>
#include <vector>

#include "query/mac_lists.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// A broadcast domain as the ntopng dialect lists it.
struct BroadcastDomainItem {
  core::Cidr network;
  uint64_t hits = 0;   ///< ARP packets that showed it
  bool ghost = false;  ///< in none of the local networks (ntopng's "ghost network")
};

/// The domains ARP showed on the slot (ascending by address, then prefix), those whose network address
/// `visible` lets the caller see.
std::vector<BroadcastDomainItem> list_broadcast_domains(const stats::StatsStore& store,
                                                        const AddressVisibility& visible = {});

}  // namespace netmeter::query
