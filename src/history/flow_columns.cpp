#include "history/flow_columns.hpp"

#include <array>

namespace netmeter::history {
namespace {

using T = ColumnType;

constexpr std::array kColumns{
    ColumnInfo{"FLOW_ID", T::UInt64},
    ColumnInfo{"IP_PROTOCOL_VERSION", T::UInt8},
    ColumnInfo{"FIRST_SEEN", T::DateTime},
    ColumnInfo{"LAST_SEEN", T::DateTime},
    ColumnInfo{"VLAN_ID", T::UInt16},
    ColumnInfo{"PACKETS", T::UInt64},
    ColumnInfo{"TOTAL_BYTES", T::UInt64},
    ColumnInfo{"SRC2DST_BYTES", T::UInt64},
    ColumnInfo{"DST2SRC_BYTES", T::UInt64},
    ColumnInfo{"SRC2DST_PACKETS", T::UInt64, false},
    ColumnInfo{"DST2SRC_PACKETS", T::UInt64, false},
    ColumnInfo{"PROTOCOL", T::UInt8},
    ColumnInfo{"IPV4_SRC_ADDR", T::Ipv4},
    ColumnInfo{"IPV6_SRC_ADDR", T::Ipv6},
    ColumnInfo{"IP_SRC_PORT", T::UInt16},
    ColumnInfo{"IPV4_DST_ADDR", T::Ipv4},
    ColumnInfo{"IPV6_DST_ADDR", T::Ipv6},
    ColumnInfo{"IP_DST_PORT", T::UInt16},
    ColumnInfo{"L7_PROTO", T::UInt16},
    ColumnInfo{"L7_PROTO_MASTER", T::UInt16},
    ColumnInfo{"L7_CATEGORY", T::UInt16},
    ColumnInfo{"L7_BREED", T::UInt8, false},
    ColumnInfo{"FLOW_RISK", T::UInt64},
    ColumnInfo{"INFO", T::String},
    ColumnInfo{"INTERFACE_ID", T::UInt16},
    ColumnInfo{"STATUS", T::UInt16},
    ColumnInfo{"SRC_COUNTRY_CODE", T::UInt16},
    ColumnInfo{"DST_COUNTRY_CODE", T::UInt16},
    ColumnInfo{"SRC_ASN", T::UInt32},
    ColumnInfo{"DST_ASN", T::UInt32},
    ColumnInfo{"SRC2DST_TCP_FLAGS", T::UInt8},
    ColumnInfo{"DST2SRC_TCP_FLAGS", T::UInt8},
    ColumnInfo{"SCORE", T::UInt16},
    ColumnInfo{"CLIENT_NW_LATENCY_US", T::UInt32},
    ColumnInfo{"SERVER_NW_LATENCY_US", T::UInt32},
    ColumnInfo{"SRC2DST_RETRANSMISSIONS", T::UInt32, false},
    ColumnInfo{"DST2SRC_RETRANSMISSIONS", T::UInt32, false},
    ColumnInfo{"SRC2DST_OUT_OF_ORDER", T::UInt32, false},
    ColumnInfo{"DST2SRC_OUT_OF_ORDER", T::UInt32, false},
    ColumnInfo{"END_REASON", T::UInt8, false},
};

}  // namespace

std::span<const ColumnInfo> flow_columns() {
  return kColumns;
}

std::optional<ColumnInfo> find_flow_column(std::string_view name) {
  for (const auto& c : kColumns)
    if (c.name == name) return c;
  return std::nullopt;
}

bool is_numeric(ColumnType type) {
  return type != ColumnType::String && type != ColumnType::Ipv6;
}

bool is_summable(ColumnType type) {
  return type == ColumnType::UInt8 || type == ColumnType::UInt16 || type == ColumnType::UInt32 ||
         type == ColumnType::UInt64;
}

}  // namespace netmeter::history
