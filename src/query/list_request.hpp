#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/ip_address.hpp"
#include "query/interval.hpp"

namespace netmeter::query {

/// What a list is sorted on. A list that has no such value (e.g. `Flows` on VLANs) sorts on `Key`.
enum class SortKey : uint8_t {
  Key,   ///< the entity's own key: address (then VLAN), MAC, port, id ... (the default)
  Name,  ///< learnt or resolved name (empty names first when ascending), then the key
  Bytes,
  RxBytes,
  TxBytes,
  Packets,
  RxPackets,
  TxPackets,  ///< counters taken from `ListRequest::scope`
  Bps,
  RxBps,
  TxBps,
  Pps,  ///< bytes or packets per second: the interval's average (the last second without an interval)
  FirstSeen,
  LastSeen,
  Flows,  ///< hosts: active flows; peers, ports and protocols: connections
  ClientIp,
  ClientPort,
  ServerIp,
  ServerPort,  ///< connections
  // Hosts only: their TCP quality.
  TcpHandshakes,  ///< handshake round trips measured (as a client)
  TcpRttAvg,      ///< their average
  TcpRttMin,
  TcpRttMax,
  TcpRetransmissions,  ///< segments the host sent again
  // ARP lists (mac family): what the host or MAC sent.
  Requests,    ///< ARP requests
  Replies,     ///< ARP replies
  Gratuitous,  ///< gratuitous ARP (announcements: sender and target address the same)
  // ntopng flow lists (query/flow_lists.hpp).
  Vlan,      ///< the connection's VLAN
  L4,        ///< its IP protocol number
  Duration,  ///< last - first activity, in whole seconds
  FlowKey,   ///< ntopng's flow key (ntopng_flow_key)
};

inline bool is_tcp_key(SortKey k) {
  return k >= SortKey::TcpHandshakes && k <= SortKey::TcpRetransmissions;
}

enum class Order : uint8_t { Ascending, Descending };

/// Which counters the byte and packet sort keys use. Allegro's `bytes` is the interval's when the client
/// gave one and all-time otherwise: the adapter picks.
enum class Scope : uint8_t { AllTime, Interval, LastSecond };

/// A paged, sorted list request. Ties are broken by the key, ascending, in both orders, so pages are
/// stable from one request to the next while the data does not change.
struct ListRequest {
  Interval interval;
  SortKey sort = SortKey::Key;
  Order order = Order::Ascending;
  Scope scope = Scope::AllTime;
  size_t page = 0;            ///< 0-based
  size_t page_size = 100;     ///< 0: everything on one page
  bool with_interval = true;  ///< compute last-second and interval values of the items on the page
  /// Which addresses the caller may see (a user's allowed networks); empty: all. Lists of hosts and
  /// peers show only visible addresses, connections need one visible end, MACs one visible address.
  std::function<bool(const core::IpAddress&)> visible;
};

/// Whether `request` lets its caller see `address`.
inline bool may_see(const ListRequest& request, const core::IpAddress& address) {
  return !request.visible || request.visible(address);
}

/// One page of a list.
template <typename Item>
struct Page {
  std::vector<Item> items;
  size_t total = 0;  ///< items after the filter
  size_t page = 0;
  size_t page_size = 0;
  size_t pages = 0;  ///< ceil(total / page_size); 0 for an empty list, 1 for a non-empty one of page_size 0
};

}  // namespace netmeter::query
