#pragma once

// What the MAC modules show beyond one MAC and the MAC list (macs.hpp): the MACs as a whole, EtherTypes
// (over the slot and per MAC), a MAC's VLANs and its peers. The store keeps EtherTypes and VLANs only per
// MAC (EtherTypes with the traffic the MAC sent, VLANs as bare ids), so the slot-wide EtherType list sums
// the MACs, and neither has a history.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "query/graph.hpp"
#include "query/interval.hpp"
#include "query/list_request.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// Which addresses a caller may see (ListRequest::visible); empty: all.
using AddressVisibility = std::function<bool(const core::IpAddress&)>;

/// Whether a caller limited by `visible` may see `m`: one of the addresses it sent from is visible
/// (the rule of the MAC lists). Everything is visible to an unlimited caller.
bool mac_visible(const stats::MacEntry& m, const AddressVisibility& visible);

/// The MACs as a whole.
struct MacTotals {
  TrafficValues traffic;  ///< sums over the MACs: rx = frames to them, tx = frames from them
  size_t macs = 0;        ///< MACs counted
};

/// Sums over the MACs `visible` lets the caller see.
MacTotals mac_totals(const stats::StatsStore& store, const Interval& interval,
                     const AddressVisibility& visible = {});
/// The graph of those sums (each MAC's graph, added point by point).
Graph mac_totals_graph(const stats::StatsStore& store, const GraphRequest& request,
                       const AddressVisibility& visible = {});

/// The usual name of an EtherType ("IPv4", "ARP", "802.1Q", ...), else "0x" and four hex digits; "Unknown"
/// for 0 (802.3 frames without a SNAP header carry no EtherType).
std::string ethertype_name(uint16_t ethertype);

/// Traffic of one EtherType: the innermost one of a frame (after VLAN tags and SNAP headers).
struct EtherTypeItem {
  uint16_t ethertype = 0;  ///< 0: unknown (802.3 LLC without SNAP)
  std::string name;
  /// One MAC's list: tx, the frames it sent. The slot's list: rx, every frame once (as modules without
  /// direction count).
  stats::Traffic traffic;
  uint32_t macs = 0;  ///< the slot's list: MACs that sent it
};

struct EtherTypeFilter {
  std::string text;  ///< part of the name or of the number as "0x86dd", in any case
};

/// EtherTypes over the MACs the request lets its caller see. No history: traffic keys sort on all-time
/// counters whatever the scope. Sort keys: Key (the number), Name, counter keys, Flows (MACs).
Page<EtherTypeItem> list_ethertypes(const stats::StatsStore& store, const ListRequest& request,
                                    const EtherTypeFilter& filter = {});
/// The EtherTypes `mac` sent; nullopt when the store does not know the MAC or the caller may not see it.
/// Sort keys as list_ethertypes (without Flows).
std::optional<Page<EtherTypeItem>> mac_ethertypes(const stats::StatsStore& store, stats::MacKey mac,
                                                  const ListRequest& request);

/// A VLAN a MAC sent on (its outer tag); the store keeps no traffic per MAC and VLAN.
struct MacVlanItem {
  uint16_t vlan = 0;  ///< 0: untagged (or priority-tagged) frames
};

/// The VLANs `mac` sent on; nullopt as mac_ethertypes. Whatever the sort key, by id in the order asked.
std::optional<Page<MacVlanItem>> mac_vlans(const stats::StatsStore& store, stats::MacKey mac,
                                           const ListRequest& request);

/// A MAC that `mac` exchanged IP traffic with.
struct MacPeerItem {
  stats::MacKey mac = 0;
  std::string vendor;
  std::string dhcp_name;             ///< a DHCP host name one of its addresses announced
  std::vector<core::IpAddress> ips;  ///< its addresses in those connections, in order
  stats::Traffic traffic;            ///< the MAC's view: rx from the peer, tx to it
  uint32_t connections = 0;
  uint32_t active_connections = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
};

/// The peers of `mac`, derived from the connections the store holds (active and kept finished ones):
/// each connection of an address the MAC sent from counts for every MAC the other end's address sent
/// from (so an address seen behind two MACs counts for both; frames without IP are not connections, and
/// a MAC is not its own peer). With visibility limits, both ends must be visible. nullopt as
/// mac_ethertypes. Sort keys: Key (the peer), Name (its vendor), traffic keys (all-time), rate keys
/// (traffic over the span of its connections), FirstSeen, LastSeen, Flows (connections).
std::optional<Page<MacPeerItem>> mac_peers(const stats::StatsStore& store, stats::MacKey mac,
                                           const ListRequest& request);

}  // namespace netmeter::query
