#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/interval.hpp"
#include "query/list_request.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

struct MacFilter {
  std::string text;  ///< part of the address ("aa:bb:...") or of the vendor's name, in any case
  std::optional<uint16_t> vlan;
  bool active_in_interval = false;
};

/// The most addresses a MacItem lists (a router's MAC may carry millions).
constexpr size_t kMacItemIps = 1024;

/// A MAC address with its traffic, copied out of the store.
struct MacItem {
  stats::MacKey mac = 0;
  std::string vendor;     ///< owner of the address block (empty when unknown)
  TrafficValues traffic;  ///< rx: frames to it, tx: frames from it
  int64_t first_ns = 0;
  int64_t last_ns = 0;
  std::vector<core::IpAddress> ips;  ///< addresses it sent from, the first kMacItemIps of them
  bool ips_truncated = false;        ///< it sent from more addresses than `ips` lists
  std::vector<uint16_t> vlans;
  std::vector<std::pair<uint16_t, stats::Traffic>> ethertypes;  ///< protocols it sent, by EtherType
  stats::ArpCounts arp;
};

/// "aa:bb:cc:dd:ee:ff" (or with '-'), any case; nullopt when malformed.
std::optional<stats::MacKey> parse_mac(std::string_view text);

std::optional<MacItem> get_mac(const stats::StatsStore& store, stats::MacKey mac,
                               const Interval& interval = {});
/// Sort keys: Key (the address), Name (the vendor, then the address), traffic and rate keys, FirstSeen,
/// LastSeen.
Page<MacItem> list_macs(const stats::StatsStore& store, const ListRequest& request,
                        const MacFilter& filter = {});

MacItem mac_item(const stats::MacEntry& m, const TimeWindow& w, const stats::HistoryConfig& config,
                 bool with_interval);

}  // namespace netmeter::query
