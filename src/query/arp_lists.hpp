#pragma once

// ARP activity: the slot's totals, and per sender address and per sender MAC (StatsStore::arp(),
// HostEntry::arp, MacEntry::arp). The store counts ARP packets (requests, replies, gratuitous ones among
// them), not their bytes, and keeps no history of them.

#include <cstddef>
#include <string>
#include <vector>

#include "query/host_aliases.hpp"
#include "query/list_request.hpp"
#include "query/mac_lists.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

struct ArpTotals {
  stats::ArpCounts counts;
  size_t ips = 0;   ///< addresses that sent ARP
  size_t macs = 0;  ///< MACs that sent ARP
};

/// The slot's ARP. A caller limited by `visible` gets the sums over the addresses and MACs it may see
/// (ARP without an IPv4 sender address then counts nowhere); others get the slot's own totals.
ArpTotals arp_totals(const stats::StatsStore& store, const AddressVisibility& visible = {});

/// An address (on a VLAN) that sent ARP: the sender protocol address of its packets.
struct ArpHostItem {
  stats::HostKey host;
  std::string name;       ///< the host's alias, else its best name if known
  stats::MacKey mac = 0;  ///< the first MAC it sent IP from (0: none)
  stats::ArpCounts arp;
};

/// A MAC that sent ARP: the Ethernet source of its packets.
struct ArpMacItem {
  stats::MacKey mac = 0;
  std::string vendor;
  std::vector<core::IpAddress> ips;  ///< addresses it sent IP from (those the caller may see)
  stats::ArpCounts arp;
};

struct ArpFilter {
  std::string text;  ///< part of the address, name or vendor, in any case
};

/// Sort keys of both lists: Key (the address or MAC), Name (host name, vendor), Requests, Replies,
/// Gratuitous, Packets (requests and replies); other keys sort on Key.
Page<ArpHostItem> list_arp_hosts(const stats::StatsStore& store, const ListRequest& request,
                                 const ArpFilter& filter = {}, const AliasView& aliases = {});
Page<ArpMacItem> list_arp_macs(const stats::StatsStore& store, const ListRequest& request,
                               const ArpFilter& filter = {});

}  // namespace netmeter::query
