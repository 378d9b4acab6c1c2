#include "history/flow_record_fields.hpp"

#include <array>

namespace netmeter::history {
namespace {

FieldCell number(uint64_t v) {
  return FieldCell{FieldCell::Kind::Number, v, {}, {}};
}

FieldCell bytes(const std::array<uint8_t, 16>& b) {
  return FieldCell{FieldCell::Kind::Bytes, 0, b, {}};
}

using Getter = FieldCell (*)(const FlowRecord&);

struct Field {
  std::string_view column;
  Getter get;
};

// One line per column of flow_columns.cpp, same names.
constexpr std::array kFields{
    Field{"FLOW_ID", [](const FlowRecord& r) { return number(r.flow_id); }},
    Field{"IP_PROTOCOL_VERSION", [](const FlowRecord& r) { return number(r.ip_version); }},
    Field{"FIRST_SEEN", [](const FlowRecord& r) { return number(r.first_seen); }},
    Field{"LAST_SEEN", [](const FlowRecord& r) { return number(r.last_seen); }},
    Field{"VLAN_ID", [](const FlowRecord& r) { return number(r.vlan); }},
    Field{"PACKETS", [](const FlowRecord& r) { return number(r.packets()); }},
    Field{"TOTAL_BYTES", [](const FlowRecord& r) { return number(r.total_bytes()); }},
    Field{"SRC2DST_BYTES", [](const FlowRecord& r) { return number(r.src2dst_bytes); }},
    Field{"DST2SRC_BYTES", [](const FlowRecord& r) { return number(r.dst2src_bytes); }},
    Field{"SRC2DST_PACKETS", [](const FlowRecord& r) { return number(r.src2dst_packets); }},
    Field{"DST2SRC_PACKETS", [](const FlowRecord& r) { return number(r.dst2src_packets); }},
    Field{"PROTOCOL", [](const FlowRecord& r) { return number(r.protocol); }},
    Field{"IPV4_SRC_ADDR", [](const FlowRecord& r) { return number(r.ipv4_src); }},
    Field{"IPV6_SRC_ADDR", [](const FlowRecord& r) { return bytes(r.ipv6_src); }},
    Field{"IP_SRC_PORT", [](const FlowRecord& r) { return number(r.src_port); }},
    Field{"IPV4_DST_ADDR", [](const FlowRecord& r) { return number(r.ipv4_dst); }},
    Field{"IPV6_DST_ADDR", [](const FlowRecord& r) { return bytes(r.ipv6_dst); }},
    Field{"IP_DST_PORT", [](const FlowRecord& r) { return number(r.dst_port); }},
    Field{"L7_PROTO", [](const FlowRecord& r) { return number(r.l7_proto); }},
    Field{"L7_PROTO_MASTER", [](const FlowRecord& r) { return number(r.l7_master); }},
    Field{"L7_CATEGORY", [](const FlowRecord& r) { return number(r.l7_category); }},
    Field{"L7_BREED", [](const FlowRecord& r) { return number(r.l7_breed); }},
    Field{"FLOW_RISK", [](const FlowRecord& r) { return number(r.flow_risk); }},
    Field{"INFO",
          [](const FlowRecord& r) {
            return FieldCell{FieldCell::Kind::Text, 0, {}, r.info};
          }},
    Field{"INTERFACE_ID", [](const FlowRecord& r) { return number(r.interface_id); }},
    Field{"STATUS", [](const FlowRecord& r) { return number(r.status); }},
    Field{"SRC_COUNTRY_CODE", [](const FlowRecord& r) { return number(r.src_country); }},
    Field{"DST_COUNTRY_CODE", [](const FlowRecord& r) { return number(r.dst_country); }},
    Field{"SRC_ASN", [](const FlowRecord& r) { return number(r.src_asn); }},
    Field{"DST_ASN", [](const FlowRecord& r) { return number(r.dst_asn); }},
    Field{"SRC2DST_TCP_FLAGS", [](const FlowRecord& r) { return number(r.src2dst_tcp_flags); }},
    Field{"DST2SRC_TCP_FLAGS", [](const FlowRecord& r) { return number(r.dst2src_tcp_flags); }},
    Field{"SCORE", [](const FlowRecord& r) { return number(r.score); }},
    Field{"CLIENT_NW_LATENCY_US", [](const FlowRecord& r) { return number(r.client_latency_us); }},
    Field{"SERVER_NW_LATENCY_US", [](const FlowRecord& r) { return number(r.server_latency_us); }},
    Field{"SRC2DST_RETRANSMISSIONS", [](const FlowRecord& r) { return number(r.src2dst_retransmissions); }},
    Field{"DST2SRC_RETRANSMISSIONS", [](const FlowRecord& r) { return number(r.dst2src_retransmissions); }},
    Field{"SRC2DST_OUT_OF_ORDER", [](const FlowRecord& r) { return number(r.src2dst_out_of_order); }},
    Field{"DST2SRC_OUT_OF_ORDER", [](const FlowRecord& r) { return number(r.dst2src_out_of_order); }},
    Field{"END_REASON", [](const FlowRecord& r) { return number(r.end_reason); }},
};
static_assert(kFields.size() < kNoField);

}  // namespace

std::vector<FieldId> fields_in_column_order() {
  std::vector<FieldId> out;
  for (const auto& column : flow_columns()) {
    FieldId id = kNoField;
    for (size_t i = 0; i < kFields.size(); ++i)
      if (kFields[i].column == column.name) id = static_cast<FieldId>(i);
    out.push_back(id);
  }
  return out;
}

FieldCell field_cell(const FlowRecord& record, FieldId id) {
  return kFields[id].get(record);
}

}  // namespace netmeter::history
