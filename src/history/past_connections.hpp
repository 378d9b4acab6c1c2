#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "history/flow_record.hpp"
#include "history/query/flow_query.hpp"
#include "history/query_types.hpp"

namespace netmeter::history {

/// What a list of past connections is sorted on (the Allegro connection sort keys the store can order).
enum class PastOrder : uint8_t {
  FlowId,
  Bytes,
  RxBytes,  ///< server to client (the client's receive side)
  TxBytes,
  Packets,
  RxPackets,
  TxPackets,
  FirstSeen,
  LastSeen,
  ClientIp,
  ClientPort,
  ServerIp,
  ServerPort,
  Application,  ///< nDPI's numbers (master, app): names are sorted by the caller
};

/// A request for the connections of one slot stored in a time window.
struct PastConnectionRequest {
  uint16_t interface_id = 0;
  uint32_t begin = 0;  ///< epoch s: rows that began at or after it
  uint32_t end = 0;    ///< epoch s: and ended by it
  std::optional<query::Predicate> where;
  PastOrder order = PastOrder::FlowId;
  bool descending = false;
  uint32_t limit = query::kMaxHitsCap;
};

/// The typed query: one answer row per stored flow (its rows in the window summed: the traffic of the
/// flow inside it), grouped on the flow's id and key so that ids reused by a later run of the slot stay
/// apart; ties broken by FLOW_ID, FIRST_SEEN. Rendered by query::render for either backend.
query::FlowQuery past_connection_query(const PastConnectionRequest& request);

/// The answer rows of past_connection_query as flow records (cells of either backend: numbers, IPv6
/// addresses as 16 bytes or 32 hex digits). Rows that do not read are skipped.
std::vector<FlowRecord> past_connection_rows(const ResultTable& table);

}  // namespace netmeter::history
