#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/ip_address.hpp"
#include "l7/dns_name.hpp"
#include "l7/dns_type.hpp"
#include "l7/parse_status.hpp"

namespace netmeter::l7 {

struct DnsHeader {
  uint16_t id = 0;
  bool qr = false;  ///< response
  uint8_t opcode = 0;
  bool aa = false;
  bool tc = false;
  bool rd = false;
  bool ra = false;
  uint8_t rcode = 0;
  uint16_t qdcount = 0;
  uint16_t ancount = 0;
  uint16_t nscount = 0;
  uint16_t arcount = 0;
};

struct DnsQuestion {
  DnsName name;
  uint16_t qtype = 0;
  uint16_t qclass = 0;  ///< as on the wire: mDNS sets the top bit (unicast response wanted)
};

/// An A or AAAA record of the answer section.
struct DnsAddressRecord {
  DnsName owner;  ///< the name the address answers for (the end of a CNAME chain, usually)
  core::IpAddress address;
  uint32_t ttl = 0;
};

/// What the parser reads of a DNS message: the header, the first question and the answer section.
/// The authority and additional sections are not read.
struct DnsMessage {
  static constexpr size_t kMaxAddresses = 8;

  DnsHeader header;
  /// The first question was read whole. A name whose qtype was cut off is still in `question.name`.
  bool has_question = false;
  DnsQuestion question;
  std::array<DnsAddressRecord, kMaxAddresses> addresses{};
  uint8_t address_count = 0;     ///< entries used in `addresses`
  uint16_t address_records = 0;  ///< A/AAAA answers seen, including those beyond kMaxAddresses
  uint16_t cname_count = 0;      ///< CNAME answers seen
  uint16_t answers_read = 0;     ///< answer records read completely
  /// Ok when the questions and all `ancount` answers were read; otherwise what stopped the parser.
  ParseStatus status = ParseStatus::Ok;

  std::span<const DnsAddressRecord> address_list() const { return {addresses.data(), address_count}; }
};

/// Parses a DNS message carried over UDP (the whole UDP payload). nullopt when it is shorter than the
/// 12-byte header; anything else gives a message whose `status` tells how far the parser got.
std::optional<DnsMessage> parse_dns(std::span<const uint8_t> payload);

/// Parses the DNS message at the start of a DNS-over-TCP segment: a 2-byte length, then the message.
/// Only the first message is read; a length below the header size gives nullopt.
std::optional<DnsMessage> parse_dns_tcp(std::span<const uint8_t> payload);

}  // namespace netmeter::l7
