#include "history/past_connections.hpp"

#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <variant>

#include "history/query/column_names.hpp"

namespace netmeter::history {
namespace {

using query::Aggregate;
using query::FlowQuery;
using query::OrderItem;
using query::SelectItem;
using query::ValueExpr;

/// One answer column: the column and how a flow's rows combine into it.
struct Part {
  std::string_view column;
  Aggregate aggregate;
};

/// The flow's key (grouped), then what its rows add up to. Order matters: record_of reads the cells by
/// these positions.
constexpr std::array kParts{
    Part{"FLOW_ID", Aggregate::None},
    Part{"IP_PROTOCOL_VERSION", Aggregate::None},
    Part{"IPV4_SRC_ADDR", Aggregate::None},
    Part{"IPV6_SRC_ADDR", Aggregate::None},
    Part{"IP_SRC_PORT", Aggregate::None},
    Part{"IPV4_DST_ADDR", Aggregate::None},
    Part{"IPV6_DST_ADDR", Aggregate::None},
    Part{"IP_DST_PORT", Aggregate::None},
    Part{"PROTOCOL", Aggregate::None},
    Part{"VLAN_ID", Aggregate::None},
    Part{"FIRST_SEEN", Aggregate::Min},
    Part{"LAST_SEEN", Aggregate::Max},
    Part{"SRC2DST_BYTES", Aggregate::Sum},
    Part{"DST2SRC_BYTES", Aggregate::Sum},
    Part{"SRC2DST_PACKETS", Aggregate::Sum},
    Part{"DST2SRC_PACKETS", Aggregate::Sum},
    // nDPI may name the application in a later row only: the highest number is the detected one.
    Part{"L7_PROTO_MASTER", Aggregate::Max},
    Part{"L7_PROTO", Aggregate::Max},
    Part{"L7_CATEGORY", Aggregate::Max},
    Part{"L7_BREED", Aggregate::Max},
    Part{"INFO", Aggregate::Max},
    Part{"END_REASON", Aggregate::Max},
    Part{"STATUS", Aggregate::Max},
    Part{"SRC2DST_RETRANSMISSIONS", Aggregate::Sum},
    Part{"DST2SRC_RETRANSMISSIONS", Aggregate::Sum},
    Part{"SRC2DST_OUT_OF_ORDER", Aggregate::Sum},
    Part{"DST2SRC_OUT_OF_ORDER", Aggregate::Sum},
    Part{"CLIENT_NW_LATENCY_US", Aggregate::Max},
    Part{"SERVER_NW_LATENCY_US", Aggregate::Max},
};
constexpr size_t kGroupedParts = 10;

size_t column(std::string_view name) {
  return *query::resolve_column(name);  // names of flow_columns(): always there
}

ValueExpr expr(std::string_view name, Aggregate aggregate = Aggregate::None) {
  return ValueExpr{aggregate, column(name)};
}

void add_order(FlowQuery& q, ValueExpr e, bool descending) {
  q.order_by.push_back(OrderItem{e, descending});
}

void add_sort(FlowQuery& q, PastOrder order, bool desc) {
  switch (order) {
    case PastOrder::FlowId:
      break;  // the tie-break below
    case PastOrder::Bytes:
      add_order(q, expr("TOTAL_BYTES", Aggregate::Sum), desc);
      break;
    case PastOrder::RxBytes:
      add_order(q, expr("DST2SRC_BYTES", Aggregate::Sum), desc);
      break;
    case PastOrder::TxBytes:
      add_order(q, expr("SRC2DST_BYTES", Aggregate::Sum), desc);
      break;
    case PastOrder::Packets:
      add_order(q, expr("PACKETS", Aggregate::Sum), desc);
      break;
    case PastOrder::RxPackets:
      add_order(q, expr("DST2SRC_PACKETS", Aggregate::Sum), desc);
      break;
    case PastOrder::TxPackets:
      add_order(q, expr("SRC2DST_PACKETS", Aggregate::Sum), desc);
      break;
    case PastOrder::FirstSeen:
      add_order(q, expr("FIRST_SEEN", Aggregate::Min), desc);
      break;
    case PastOrder::LastSeen:
      add_order(q, expr("LAST_SEEN", Aggregate::Max), desc);
      break;
    case PastOrder::ClientIp:
      add_order(q, expr("IPV4_SRC_ADDR"), desc);
      add_order(q, expr("IPV6_SRC_ADDR"), desc);
      break;
    case PastOrder::ClientPort:
      add_order(q, expr("IP_SRC_PORT"), desc);
      break;
    case PastOrder::ServerIp:
      add_order(q, expr("IPV4_DST_ADDR"), desc);
      add_order(q, expr("IPV6_DST_ADDR"), desc);
      break;
    case PastOrder::ServerPort:
      add_order(q, expr("IP_DST_PORT"), desc);
      break;
    case PastOrder::Application:
      add_order(q, expr("L7_PROTO_MASTER", Aggregate::Max), desc);
      add_order(q, expr("L7_PROTO", Aggregate::Max), desc);
      break;
  }
  const bool by_id = order == PastOrder::FlowId;
  add_order(q, expr("FLOW_ID"), by_id && desc);
  add_order(q, expr("FIRST_SEEN", Aggregate::Min), by_id && desc);
}

// ---- reading cells of either backend ----

uint64_t number(const Value& v) {
  if (const auto* u = std::get_if<uint64_t>(&v)) return *u;
  if (const auto* i = std::get_if<int64_t>(&v)) return *i < 0 ? 0 : static_cast<uint64_t>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d < 0 ? 0 : static_cast<uint64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    uint64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

std::array<uint8_t, 16> address16(const Value& v) {
  std::array<uint8_t, 16> out{};
  if (const auto* a = std::get_if<std::array<uint8_t, 16>>(&v)) return *a;
  const auto* s = std::get_if<std::string>(&v);  // ClickHouse: hex(...)
  if (!s || s->size() != 32) return out;
  for (size_t i = 0; i < 16; ++i)
    std::from_chars(s->data() + 2 * i, s->data() + 2 * i + 2, out[i], 16);
  return out;
}

std::string text(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

template <typename T>
T narrow(const Value& v) {
  return static_cast<T>(number(v));
}

FlowRecord record_of(const std::vector<Value>& c) {
  FlowRecord r;
  r.flow_id = number(c[0]);
  r.ip_version = narrow<uint8_t>(c[1]);
  r.ipv4_src = narrow<uint32_t>(c[2]);
  r.ipv6_src = address16(c[3]);
  r.src_port = narrow<uint16_t>(c[4]);
  r.ipv4_dst = narrow<uint32_t>(c[5]);
  r.ipv6_dst = address16(c[6]);
  r.dst_port = narrow<uint16_t>(c[7]);
  r.protocol = narrow<uint8_t>(c[8]);
  r.vlan = narrow<uint16_t>(c[9]);
  r.first_seen = narrow<uint32_t>(c[10]);
  r.last_seen = narrow<uint32_t>(c[11]);
  r.src2dst_bytes = number(c[12]);
  r.dst2src_bytes = number(c[13]);
  r.src2dst_packets = number(c[14]);
  r.dst2src_packets = number(c[15]);
  r.l7_master = narrow<uint16_t>(c[16]);
  r.l7_proto = narrow<uint16_t>(c[17]);
  r.l7_category = narrow<uint16_t>(c[18]);
  r.l7_breed = narrow<uint8_t>(c[19]);
  r.info = text(c[20]);
  r.end_reason = narrow<uint8_t>(c[21]);
  r.status = narrow<uint16_t>(c[22]);
  r.src2dst_retransmissions = narrow<uint32_t>(c[23]);
  r.dst2src_retransmissions = narrow<uint32_t>(c[24]);
  r.src2dst_out_of_order = narrow<uint32_t>(c[25]);
  r.dst2src_out_of_order = narrow<uint32_t>(c[26]);
  r.client_latency_us = narrow<uint32_t>(c[27]);
  r.server_latency_us = narrow<uint32_t>(c[28]);
  return r;
}

}  // namespace

FlowQuery past_connection_query(const PastConnectionRequest& request) {
  FlowQuery q;
  for (const Part& p : kParts) {
    std::string name(p.column);
    if (p.aggregate != Aggregate::None)
      name = std::string(query::aggregate_name(p.aggregate)) + "(" + name + ")";
    q.select.push_back(SelectItem{expr(p.column, p.aggregate), std::move(name)});
  }
  for (size_t i = 0; i < kGroupedParts; ++i)
    q.group_by.push_back(column(kParts[i].column));
  add_sort(q, request.order, request.descending);
  q.where = request.where;
  q.begin_time = request.begin;
  q.end_time = request.end;
  q.interface_id = request.interface_id;
  q.limit = request.limit;
  return q;
}

std::vector<FlowRecord> past_connection_rows(const ResultTable& table) {
  std::vector<FlowRecord> out;
  out.reserve(table.rows.size());
  for (const auto& row : table.rows)
    if (row.size() == kParts.size()) out.push_back(record_of(row));
  return out;
}

}  // namespace netmeter::history
