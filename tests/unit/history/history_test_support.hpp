#pragma once

#include <string>

#include "core/ip_address.hpp"
#include "history/flow_record.hpp"
#include "history/query_types.hpp"
#include "stats/connection_update.hpp"

namespace netmeter::history::test {

inline core::IpAddress ip(const std::string& text) {
  return *core::IpAddress::parse(text);
}

/// A TCP connection update from `client` to `server` (client_is_lo as the key's order says).
inline stats::ConnectionUpdate update(uint64_t id, const std::string& client, uint16_t cport,
                                      const std::string& server, uint16_t sport, int64_t first_s,
                                      int64_t last_s, uint64_t c2s_bytes, uint64_t s2c_bytes) {
  stats::ConnectionUpdate u;
  u.id = id;
  bool swapped = false;
  u.key = core::FlowKey::make({ip(client), cport}, {ip(server), sport}, 0, 6, swapped);
  u.client_is_lo = !swapped;
  u.dir[0].packets = c2s_bytes / 100 + 1;
  u.dir[0].bytes = c2s_bytes;
  u.dir[0].first_seen = core::Timestamp::from_seconds(first_s);
  u.dir[0].last_seen = core::Timestamp::from_seconds(last_s);
  u.dir[1].packets = s2c_bytes / 100 + 1;
  u.dir[1].bytes = s2c_bytes;
  u.dir[1].first_seen = core::Timestamp::from_seconds(first_s);
  u.dir[1].last_seen = core::Timestamp::from_seconds(last_s);
  return u;
}

inline FlowRecord record(uint64_t id, uint32_t src, uint32_t last_seen, uint64_t bytes) {
  FlowRecord r;
  r.flow_id = id;
  r.ipv4_src = src;
  r.ipv4_dst = 0x08080808;
  r.first_seen = last_seen - 1;
  r.last_seen = last_seen;
  r.src2dst_bytes = bytes;
  r.dst2src_bytes = bytes / 2;
  r.src2dst_packets = 3;
  r.dst2src_packets = 2;
  r.protocol = 6;
  r.info = "example.org";
  return r;
}

/// A query of the kind the clause renderer produces (trusted text here: the tests write it).
inline RenderedQuery query(std::string sql, std::vector<Value> params, std::vector<std::string> names,
                           std::vector<ColumnType> types) {
  return RenderedQuery{std::move(sql), std::move(params), std::move(names), std::move(types)};
}

inline uint64_t number(const Value& v) {
  return std::get<uint64_t>(v);
}

}  // namespace netmeter::history::test
