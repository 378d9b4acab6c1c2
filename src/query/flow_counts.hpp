#pragma once

#include <cstddef>
#include <cstdint>
#include <map>

#include "query/mac_lists.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// The flows a slot holds, counted the way ntopng counts its active flows (`getActiveFlowsStats`).
struct FlowCounts {
  size_t flows = 0;
  std::map<uint8_t, size_t> by_l4;  ///< IP protocol number → flows
  /// nDPI protocol → flows: each flow once, under its app protocol when it has one, else its master
  /// (ntopng's `Flow::sumStats`: TLS.YouTube counts as YouTube, DNS.Google as Google, plain DNS as DNS).
  std::map<uint16_t, size_t> by_protocol;
};

/// The protocol a flow counts under in FlowCounts::by_protocol.
inline uint16_t counted_protocol(uint16_t master, uint16_t app) {
  return app != 0 ? app : master;
}

/// Counts the active connections and, with `include_finished`, the finished ones the store keeps (ntopng
/// keeps every flow of a capture file until the interface goes). A caller limited by `visible` counts
/// only connections with a visible end, as the connection lists show them.
FlowCounts count_flows(const stats::StatsStore& store, bool include_finished,
                       const AddressVisibility& visible = {});

/// count_flows(...).flows alone: without a visibility limit, the sizes of the connection tables.
size_t count_flow_total(const stats::StatsStore& store, bool include_finished,
                        const AddressVisibility& visible = {});

/// How many hosts, local hosts and unicast MACs (ntopng's "devices": broadcast and multicast addresses
/// are no devices) a caller may see.
struct HostCounts {
  size_t hosts = 0;
  size_t local_hosts = 0;
  size_t devices = 0;
};

/// For a caller limited by `visible`: the hosts whose address it may see and the MACs with one visible
/// address (the rule of the MAC lists).
HostCounts count_hosts(const stats::StatsStore& store, const AddressVisibility& visible = {});

}  // namespace netmeter::query
