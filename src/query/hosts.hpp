#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/host_aliases.hpp"
#include "query/interval.hpp"
#include "query/list_request.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

/// Which hosts a list shows (ntopng's `mode`): Local is local unicast (in the local networks, neither
/// multicast nor broadcast), Remote outside the local networks.
enum class HostMode : uint8_t { All, Local, Remote, Multicast, Broadcast };

struct HostFilter {
  std::string text;  ///< part of the address ("ip" or "ip@vlan") or of the name, in any case
  HostMode mode = HostMode::All;
  std::optional<uint16_t> vlan;
  std::optional<uint8_t> ip_version;  ///< 4 or 6
  bool active_in_interval = false;    ///< only hosts with traffic in the request's interval
  std::string country;                ///< only hosts located in this country (ISO code, any case)
};

/// HostFilter::country as stored codes spell it: upper case; anything but two letters becomes "!!",
/// which matches no host.
std::string country_filter_code(const std::string& code);

/// A host as lists show it: copied out of the store, so it stays valid after the lock is released.
struct HostItem {
  stats::HostKey key;
  std::string name;  ///< the user's alias, else the best name known (DHCP, DNS, served name); may be empty
  bool local = false;
  bool multicast = false;
  bool broadcast = false;
  stats::MacKey mac = 0;  ///< the first source MAC seen with it (0: none)
  std::string country;    ///< ISO 3166-1 alpha-2 code; empty: unknown
  uint32_t asn = 0;       ///< autonomous system; 0: unknown
  TrafficValues traffic;  ///< rx / tx from the host's view
  int64_t first_ns = 0;
  int64_t last_ns = 0;
  uint32_t active_as_client = 0;
  uint32_t active_as_server = 0;
  uint64_t flows_as_client = 0;
  uint64_t flows_as_server = 0;
  stats::TcpQuality tcp;
};

/// One host with everything the statistics keep of it.
struct HostDetail {
  HostItem summary;
  stats::HostEntry entry;  ///< a copy (history, apps, DNS, HTTP, DSCP, sizes, TTL, TCP flags ...)
};

/// "ip" or "ip@vlan" (ntopng's host key); nullopt when malformed.
std::optional<stats::HostKey> parse_host_key(std::string_view text);

// Host names: `aliases` come first (QueryService passes its own; the default is none).
std::optional<HostDetail> get_host(const stats::StatsStore& store, const stats::HostKey& key,
                                   const Interval& interval = {}, const AliasView& aliases = {});
/// Sort keys: Key (address, then VLAN), Name, traffic and rate keys, FirstSeen, LastSeen, Flows (active).
/// The name sort and the text filter see the aliases.
Page<HostItem> list_hosts(const stats::StatsStore& store, const ListRequest& request,
                          const HostFilter& filter = {}, const AliasView& aliases = {});

/// list_hosts' hosts for an interval reaching before `horizon` (the memory horizon), as items with the
/// in-memory part of the interval only (from the horizon on; past_lists.hpp adds the store's): its
/// filters but active_in_interval applied; the hosts the filters refuse go to `filtered_out`.
std::vector<HostItem> recent_host_items(const stats::StatsStore& store, const ListRequest& request,
                                        const HostFilter& filter, const AliasView& aliases, int64_t horizon,
                                        std::vector<stats::HostKey>& filtered_out);
/// list_hosts' sort value of an item whose values are computed (Flows: its active flows).
uint64_t host_item_number(const HostItem& h, SortKey k, Scope scope);
/// Whether the host's name or key ("ip" or "ip@vlan") contains `text_lower` (lower case), as the text
/// filter of list_hosts has it.
bool host_text_matches(const stats::HostKey& key, std::string_view name, std::string_view text_lower);

/// The list item of one host entry (used by the per-host sub-lists too).
HostItem host_item(const stats::HostEntry& h, const TimeWindow& w, const stats::HistoryConfig& config,
                   bool with_interval, const AliasView& aliases = {});

}  // namespace netmeter::query
