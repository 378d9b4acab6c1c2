#pragma once

// The active-flow list as ntopng's get/flow/active.lua shows it: the active connections, and those that
// were active when a capture file ended (ntopng keeps a file's flows in memory), not the connections that
// ended by idle timeout or eviction (kept for the Allegro lists); with ntopng's flow key and each end's own
// host label and flags, filtered the ways ntopng filters flows, and paged by the list engine (a page is
// selected without sorting every flow).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/flow_key.hpp"
#include "query/connections.hpp"
#include "query/list_request.hpp"
#include "query/name_resolver.hpp"
#include "stats/stats_store.hpp"

namespace netmeter::query {

struct FlowFilter {
  std::optional<core::IpAddress> host;          ///< either end
  std::optional<core::IpAddress> talking_with;  ///< with `host`: the other end; alone: either end
  std::optional<core::IpAddress> client;
  std::optional<core::IpAddress> server;
  std::optional<uint16_t> vlan;
  std::optional<uint8_t> l4;       ///< IP protocol number
  std::optional<uint16_t> port;    ///< either end
  std::optional<uint8_t> version;  ///< 4 or 6
  std::optional<uint16_t> app_id;  ///< nDPI protocol number: the master or the app protocol
  std::string application;         ///< "Master.App", or the master's or the app's own name, in any case
  std::optional<uint16_t> category_id;
  std::string category;  ///< an nDPI category name, in any case
};

/// One end of a flow, from that end's own host entry.
struct FlowPeer {
  std::string label;  ///< the host's alias or best name (DHCP, DNS, served name), else its address
  bool broadcast_domain = false;  ///< the host sent ARP on this interface: it shares the L2 segment
};

struct FlowItem {
  ConnectionItem connection;
  uint32_t key = 0;  ///< ntopng_flow_key
  FlowPeer client;
  FlowPeer server;
};

/// ntopng's IpAddress::key(): an IPv4 address as a number; for IPv6 the sum of its four 32-bit words as
/// ntopng reads them on a little-endian machine.
uint32_t ntopng_ip_key(const core::IpAddress& ip);

/// ntopng's Flow::key(): the two address keys, both ports as network-order 16-bit numbers read on a
/// little-endian machine, the VLAN and the IP protocol, modulo 2^32. Symmetric in direction. (ntopng adds
/// an ICMP echo identifier that netmeter's connections do not keep.)
uint32_t ntopng_flow_key(const core::FlowKey& key);

/// What ranks the listed flows by bytes, copied once per statistics generation: page 1 of a million flows
/// sorted by bytes (ntopng's default) is then a scan of 24 B per flow instead of a walk over the
/// connection table. Used for unfiltered lists sorted by bytes (others scan the table). Safe against a
/// store newer than its generation: the page's flows are looked up again by id, and a flow gone since is
/// left out.
class FlowBytesIndex {
 public:
  struct Entry {
    uint64_t bytes = 0;
    uint64_t id = 0;
    uint32_t finished_at = UINT32_MAX;  ///< position in StatsStore::finished_connections(); MAX: active
  };
  /// The entries of the store at `generation` (built now when it changed).
  std::shared_ptr<const std::vector<Entry>> entries(const stats::StatsStore& store, uint64_t generation);

 private:
  std::mutex mutex_;
  bool built_ = false;
  uint64_t generation_ = 0;
  std::shared_ptr<const std::vector<Entry>> entries_;
};

/// Active connections (and those the end of a capture file ended) passing `filter` with one end the request
/// may see. Sort keys: Key (id, the order connections were created in), Name (application), ClientIp,
/// ServerIp, Vlan, L4, Duration, FlowKey, FirstSeen, LastSeen, traffic keys (all-time counters) and rate keys
/// (over the connection's life).
/// With `index`, an unfiltered list sorted by bytes uses it (`generation`: the statistics' generation).
Page<FlowItem> list_active_flows(const stats::StatsStore& store, const NameResolver& names,
                                 const ListRequest& request, const FlowFilter& filter = {},
                                 FlowBytesIndex* index = nullptr, uint64_t generation = 0);

}  // namespace netmeter::query
