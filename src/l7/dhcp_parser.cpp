#include "l7/dhcp_parser.hpp"

#include <algorithm>
#include <array>

#include "l7/byte_reader.hpp"

namespace netmeter::l7 {
namespace {

constexpr size_t kSnameOffset = 44;
constexpr size_t kSnameSize = 64;
constexpr size_t kFileOffset = 108;
constexpr size_t kFileSize = 128;
constexpr size_t kFixedSize = 236;
constexpr size_t kOptionsOffset = 240;
constexpr uint32_t kMagicCookie = 0x63825363;

namespace option {
constexpr uint8_t kPad = 0;
constexpr uint8_t kHostName = 12;
constexpr uint8_t kRequestedIp = 50;
constexpr uint8_t kLeaseTime = 51;
constexpr uint8_t kOverload = 52;
constexpr uint8_t kMessageType = 53;
constexpr uint8_t kServerId = 54;
constexpr uint8_t kVendorClass = 60;
constexpr uint8_t kEnd = 255;
}  // namespace option

core::IpAddress ipv4_at(std::span<const uint8_t> m, size_t offset) {
  return core::IpAddress::v4(m.data() + offset);
}

// A fixed-size option with the wrong length is noted and ignored.
bool expect_length(std::span<const uint8_t> value, size_t size, DhcpMessage& msg) {
  if (value.size() == size) return true;
  note_problem(msg.status, ParseStatus::Malformed);
  return false;
}

void apply_option(uint8_t code, std::span<const uint8_t> value, bool main_area, DhcpMessage& msg) {
  switch (code) {
    case option::kMessageType:
      if (msg.message_type == DhcpMessageType::None && expect_length(value, 1, msg))
        msg.message_type = static_cast<DhcpMessageType>(value[0]);
      break;
    case option::kHostName:
      if (msg.host_name.empty() && !msg.host_name.truncated) msg.host_name.assign(value);
      break;
    case option::kVendorClass:
      if (msg.vendor_class.empty() && !msg.vendor_class.truncated) msg.vendor_class.assign(value);
      break;
    case option::kRequestedIp:
      if (!msg.requested_ip && expect_length(value, 4, msg))
        msg.requested_ip = core::IpAddress::v4(value.data());
      break;
    case option::kServerId:
      if (!msg.server_id && expect_length(value, 4, msg)) msg.server_id = core::IpAddress::v4(value.data());
      break;
    case option::kLeaseTime:
      if (!msg.lease_time && expect_length(value, 4, msg)) msg.lease_time = load_be32(value.data());
      break;
    case option::kOverload:
      // Only the options field may overload the others, so the fields are read at most once.
      if (main_area && expect_length(value, 1, msg)) msg.overload = value[0] & 3;
      break;
    default:
      break;
  }
}

// Reads the options in `area` up to its End option. Returns false when the area ran out before End.
bool read_options(std::span<const uint8_t> area, bool main_area, DhcpMessage& msg) {
  ByteReader r(area);
  while (!r.at_end()) {
    uint8_t code = r.u8();
    if (code == option::kPad) continue;
    if (code == option::kEnd) return true;
    uint8_t len = r.u8();
    std::span<const uint8_t> value = r.bytes(len);
    if (r.short_read()) return false;
    apply_option(code, value, main_area, msg);
  }
  return false;
}

}  // namespace

std::string_view dhcp_message_type_name(DhcpMessageType type) {
  static constexpr std::array<std::string_view, 9> kNames{"none", "DISCOVER", "OFFER",   "REQUEST", "DECLINE",
                                                          "ACK",  "NAK",      "RELEASE", "INFORM"};
  auto i = static_cast<size_t>(type);
  return i < kNames.size() ? kNames[i] : "other";
}

std::optional<DhcpMessage> parse_dhcp(std::span<const uint8_t> payload) {
  if (payload.size() < kFixedSize || (payload[0] != 1 && payload[0] != 2)) return std::nullopt;
  std::optional<DhcpMessage> out(std::in_place);
  DhcpMessage& msg = *out;
  ByteReader r(payload);
  msg.op = r.u8();
  msg.htype = r.u8();
  msg.hlen = r.u8();
  msg.hops = r.u8();
  msg.xid = r.u32();
  msg.secs = r.u16();
  msg.flags = r.u16();
  msg.ciaddr = ipv4_at(payload, 12);
  msg.yiaddr = ipv4_at(payload, 16);
  msg.siaddr = ipv4_at(payload, 20);
  msg.giaddr = ipv4_at(payload, 24);
  msg.has_mac = msg.htype == 1 && msg.hlen == 6;
  if (msg.has_mac) std::copy_n(payload.begin() + 28, 6, msg.chaddr.begin());

  if (payload.size() < kOptionsOffset) {
    msg.status = ParseStatus::Truncated;  // the cookie is cut: DHCP or BOOTP cannot be told
    return out;
  }
  if (load_be32(payload.data() + kFixedSize) != kMagicCookie) return out;  // BOOTP: vendor area, no options
  msg.has_magic_cookie = true;
  if (!read_options(payload.subspan(kOptionsOffset), true, msg))
    note_problem(msg.status, ParseStatus::Truncated);
  // RFC 2131 4.1: with overload, `file` is read before `sname`. Both lie inside the fixed header, so a
  // missing End there is tolerated rather than called truncation.
  if (msg.overload & 1) read_options(payload.subspan(kFileOffset, kFileSize), false, msg);
  if (msg.overload & 2) read_options(payload.subspan(kSnameOffset, kSnameSize), false, msg);
  return out;
}

}  // namespace netmeter::l7
