#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/ip_address.hpp"
#include "l7/bounded_text.hpp"
#include "l7/parse_status.hpp"

namespace netmeter::l7 {

/// DHCP message type (option 53), with the wire values. Values without a name here are legal too.
enum class DhcpMessageType : uint8_t {
  None = 0,  ///< no option 53: plain BOOTP, or the option is missing
  Discover = 1,
  Offer = 2,
  Request = 3,
  Decline = 4,
  Ack = 5,
  Nak = 6,
  Release = 7,
  Inform = 8,
};

/// "DISCOVER", "OFFER", ..., "INFORM"; "none" for None and "other" for values past INFORM.
std::string_view dhcp_message_type_name(DhcpMessageType type);

/// A BOOTP / DHCPv4 message (RFC 951, 2131, 2132).
struct DhcpMessage {
  uint8_t op = 0;  ///< 1 BOOTREQUEST, 2 BOOTREPLY
  uint8_t htype = 0;
  uint8_t hlen = 0;
  uint8_t hops = 0;
  uint32_t xid = 0;
  uint16_t secs = 0;
  uint16_t flags = 0;
  core::IpAddress ciaddr;
  core::IpAddress yiaddr;
  core::IpAddress siaddr;
  core::IpAddress giaddr;
  bool has_mac = false;  ///< htype 1 (Ethernet) with hlen 6: `chaddr` holds the client's MAC address
  std::array<uint8_t, 6> chaddr{};
  bool has_magic_cookie = false;  ///< DHCP rather than plain BOOTP: the options were read

  DhcpMessageType message_type = DhcpMessageType::None;
  std::optional<core::IpAddress> requested_ip;  ///< option 50
  std::optional<core::IpAddress> server_id;     ///< option 54
  std::optional<uint32_t> lease_time;           ///< option 51, seconds
  BoundedText<64> host_name;                    ///< option 12
  BoundedText<64> vendor_class;                 ///< option 60
  uint8_t overload = 0;                         ///< option 52: 1 `file`, 2 `sname`, 3 both carry options
  /// Ok when the options ended with an End option inside the captured bytes.
  ParseStatus status = ParseStatus::Ok;
};

/// Parses a BOOTP/DHCP message (the UDP payload). nullopt when it is shorter than the fixed 236-byte
/// BOOTP header or `op` is neither request nor reply. Of repeated options the first one counts.
std::optional<DhcpMessage> parse_dhcp(std::span<const uint8_t> payload);

}  // namespace netmeter::l7
