#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "stats/stats_store.hpp"

namespace netmeter::report {

/// One connection as seen from one of its hosts.
struct HostConnectionRef {
  const stats::ConnectionEntry* conn = nullptr;
  bool as_client = false;

  /// Traffic from this host's point of view (rx: what it received).
  stats::Traffic traffic() const { return as_client ? conn->traffic() : conn->traffic().swapped(); }
  stats::HostKey peer() const { return as_client ? conn->server() : conn->client(); }
  /// This host's own port in the connection.
  uint16_t own_port() const { return as_client ? conn->client_port() : conn->server_port(); }
  /// A connection of a host with itself is listed twice, once per role; lists count it once.
  bool with_itself() const { return conn->client() == conn->server(); }
};

/// The statistics' connections (active and the finished ones the store keeps) grouped by host, to derive
/// each host's peers, ports, protocols and connection lists. Built once per report in O(connections +
/// hosts); a connection whose host is not in the host table (it was full) is left out for that host.
class HostConnections {
 public:
  explicit HostConnections(const stats::StatsStore& store);

  /// The connections of the host in slot `slot` of store.hosts(), in no particular order.
  std::span<const HostConnectionRef> of(size_t slot) const {
    return {refs_.data() + begin_[slot], refs_.data() + begin_[slot + 1]};
  }
  /// Connections listed, active and finished (each once).
  size_t connections() const { return connections_; }

 private:
  std::vector<HostConnectionRef> refs_;
  std::vector<uint32_t> begin_;  ///< refs of slot i: [begin_[i], begin_[i + 1])
  size_t connections_ = 0;
};

struct PeerRow {
  stats::HostKey peer;
  uint64_t flows = 0;
  stats::Traffic traffic;  ///< the host's view
};

/// A port of the host itself: one it served on, or one it used as a client (the endpoint ip:port).
struct PortRow {
  uint8_t l4 = 0;
  uint16_t port = 0;
  uint64_t flows = 0;
  stats::Traffic traffic;
};

/// Connections by final application (and L4 protocol).
struct ProtocolRow {
  uint8_t l4 = 0;
  uint16_t master = 0;
  uint16_t app = 0;
  uint64_t flows = 0;
  stats::Traffic traffic;
};

/// The first rows of a list and how many rows the whole list has.
template <typename Row>
struct Ranked {
  std::vector<Row> rows;
  size_t total = 0;
};

// Each list is sorted by bytes (rx + tx), descending, then by key; `limit` keeps the first rows (0: all).
Ranked<PeerRow> peer_rows(std::span<const HostConnectionRef> refs, size_t limit);
/// TCP and UDP only. `server`: ports the host served on; else the ports it used as a client.
Ranked<PortRow> port_rows(std::span<const HostConnectionRef> refs, bool server, size_t limit);
Ranked<ProtocolRow> protocol_rows(std::span<const HostConnectionRef> refs, size_t limit);
/// The connections themselves, a connection of the host with itself once (as client).
Ranked<HostConnectionRef> connection_rows(std::span<const HostConnectionRef> refs, size_t limit);

/// Flows per server port (TCP and UDP, key stats::port_key) over the store's connections.
std::vector<std::pair<uint64_t, uint64_t>> flows_per_server_port(const stats::StatsStore& store);

}  // namespace netmeter::report
