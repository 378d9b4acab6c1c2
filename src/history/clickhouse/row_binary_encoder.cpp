#include "history/clickhouse/row_binary_encoder.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "history/flow_columns.hpp"

namespace netmeter::history::clickhouse {
namespace {

static_assert(std::endian::native == std::endian::little, "RowBinary is little-endian; so is this writer");

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_bytes16(std::string& out, const std::array<uint8_t, 16>& bytes) {
  out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

struct FieldSpec {
  std::string_view column;
  ColumnType type;
  RowBinaryEncoder::FieldWriter write;
};

using T = ColumnType;
using F = FlowRecord;
using S = std::string;

constexpr FieldSpec kFields[] = {
    {"FLOW_ID", T::UInt64, [](const F& f, S& o) { put<uint64_t>(o, f.flow_id); }},
    {"IP_PROTOCOL_VERSION", T::UInt8, [](const F& f, S& o) { put<uint8_t>(o, f.ip_version); }},
    {"FIRST_SEEN", T::DateTime, [](const F& f, S& o) { put<uint32_t>(o, f.first_seen); }},
    {"LAST_SEEN", T::DateTime, [](const F& f, S& o) { put<uint32_t>(o, f.last_seen); }},
    {"VLAN_ID", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.vlan); }},
    {"PACKETS", T::UInt64, [](const F& f, S& o) { put<uint64_t>(o, f.packets()); }},
    {"TOTAL_BYTES", T::UInt64, [](const F& f, S& o) { put<uint64_t>(o, f.total_bytes()); }},
    {"SRC2DST_BYTES", T::UInt64, [](const F& f, S& o) { put<uint64_t>(o, f.src2dst_bytes); }},
    {"DST2SRC_BYTES", T::UInt64, [](const F& f, S& o) { put<uint64_t>(o, f.dst2src_bytes); }},
    {"SRC2DST_PACKETS", T::UInt64, [](const F& f, S& o) { put<uint64_t>(o, f.src2dst_packets); }},
    {"DST2SRC_PACKETS", T::UInt64, [](const F& f, S& o) { put<uint64_t>(o, f.dst2src_packets); }},
    {"PROTOCOL", T::UInt8, [](const F& f, S& o) { put<uint8_t>(o, f.protocol); }},
    {"IPV4_SRC_ADDR", T::Ipv4, [](const F& f, S& o) { put<uint32_t>(o, f.ipv4_src); }},
    {"IPV6_SRC_ADDR", T::Ipv6, [](const F& f, S& o) { put_bytes16(o, f.ipv6_src); }},
    {"IP_SRC_PORT", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.src_port); }},
    {"IPV4_DST_ADDR", T::Ipv4, [](const F& f, S& o) { put<uint32_t>(o, f.ipv4_dst); }},
    {"IPV6_DST_ADDR", T::Ipv6, [](const F& f, S& o) { put_bytes16(o, f.ipv6_dst); }},
    {"IP_DST_PORT", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.dst_port); }},
    {"L7_PROTO", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.l7_proto); }},
    {"L7_PROTO_MASTER", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.l7_master); }},
    {"L7_CATEGORY", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.l7_category); }},
    {"L7_BREED", T::UInt8, [](const F& f, S& o) { put<uint8_t>(o, f.l7_breed); }},
    {"FLOW_RISK", T::UInt64, [](const F& f, S& o) { put<uint64_t>(o, f.flow_risk); }},
    {"INFO", T::String, [](const F& f, S& o) { put_row_binary_string(o, f.info); }},
    {"INTERFACE_ID", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.interface_id); }},
    {"STATUS", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.status); }},
    {"SRC_COUNTRY_CODE", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.src_country); }},
    {"DST_COUNTRY_CODE", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.dst_country); }},
    {"SRC_ASN", T::UInt32, [](const F& f, S& o) { put<uint32_t>(o, f.src_asn); }},
    {"DST_ASN", T::UInt32, [](const F& f, S& o) { put<uint32_t>(o, f.dst_asn); }},
    {"SRC2DST_TCP_FLAGS", T::UInt8, [](const F& f, S& o) { put<uint8_t>(o, f.src2dst_tcp_flags); }},
    {"DST2SRC_TCP_FLAGS", T::UInt8, [](const F& f, S& o) { put<uint8_t>(o, f.dst2src_tcp_flags); }},
    {"SCORE", T::UInt16, [](const F& f, S& o) { put<uint16_t>(o, f.score); }},
    {"CLIENT_NW_LATENCY_US", T::UInt32, [](const F& f, S& o) { put<uint32_t>(o, f.client_latency_us); }},
    {"SERVER_NW_LATENCY_US", T::UInt32, [](const F& f, S& o) { put<uint32_t>(o, f.server_latency_us); }},
    {"SRC2DST_RETRANSMISSIONS", T::UInt32,
     [](const F& f, S& o) { put<uint32_t>(o, f.src2dst_retransmissions); }},
    {"DST2SRC_RETRANSMISSIONS", T::UInt32,
     [](const F& f, S& o) { put<uint32_t>(o, f.dst2src_retransmissions); }},
    {"SRC2DST_OUT_OF_ORDER", T::UInt32, [](const F& f, S& o) { put<uint32_t>(o, f.src2dst_out_of_order); }},
    {"DST2SRC_OUT_OF_ORDER", T::UInt32, [](const F& f, S& o) { put<uint32_t>(o, f.dst2src_out_of_order); }},
    {"END_REASON", T::UInt8, [](const F& f, S& o) { put<uint8_t>(o, f.end_reason); }},
};

const FieldSpec& field_for(const ColumnInfo& column) {
  for (const auto& field : kFields)
    if (field.column == column.name) {
      if (field.type != column.type)
        throw std::logic_error("RowBinaryEncoder: column " + std::string(column.name) + " changed type");
      return field;
    }
  throw std::logic_error("RowBinaryEncoder: no writer for column " + std::string(column.name));
}

}  // namespace

RowBinaryEncoder::RowBinaryEncoder() {
  for (const auto& column : flow_columns())
    writers_.push_back(field_for(column).write);
}

void RowBinaryEncoder::append(const FlowRecord& flow, std::string& out) const {
  for (auto write : writers_)
    write(flow, out);
}

std::string RowBinaryEncoder::encode(std::span<const FlowRecord> batch) const {
  std::string body;
  encode_into(batch, body);
  return body;
}

void RowBinaryEncoder::encode_into(std::span<const FlowRecord> batch, std::string& out) const {
  size_t estimate = 0;
  for (const auto& flow : batch)
    estimate += 176 + flow.info.size();  // 172 fixed bytes, the length (LEB128), the text
  out.clear();
  out.reserve(estimate);
  for (const auto& flow : batch)
    append(flow, out);
}

void put_row_binary_string(std::string& out, std::string_view text) {
  uint64_t length = text.size();  // LEB128 length, then the bytes
  do {
    auto byte = static_cast<uint8_t>(length & 0x7f);
    length >>= 7;
    if (length != 0) byte |= 0x80;
    out += static_cast<char>(byte);
  } while (length != 0);
  out += text;
}

}  // namespace netmeter::history::clickhouse
