#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "l7/bounded_text.hpp"
#include "l7/parse_status.hpp"

namespace netmeter::l7 {

/// A domain name in presentation form: lower-cased labels joined by '.', no trailing dot, "." for the
/// root. A name is at most 255 bytes on the wire, so at most 253 characters here.
using DnsName = BoundedText<255>;

/// Compression pointers a name may follow. A legal name has at most 127 labels, so at most 127 useful
/// pointers; the limit stops pointer-to-pointer loops, the 255-byte limit stops loops through labels.
inline constexpr int kMaxDnsPointerHops = 128;

struct DnsNameRead {
  DnsName name;
  size_t next = 0;  ///< offset just after the name where it starts (after its first pointer, if any)
  ParseStatus status = ParseStatus::Ok;
};

/// Reads the possibly compressed name at `offset` of a DNS message. Bytes that are not printable ASCII
/// become '?'. On a problem, `status` says what and `name` is unspecified.
DnsNameRead read_dns_name(std::span<const uint8_t> message, size_t offset);

struct DnsNameSkip {
  size_t next = 0;
  ParseStatus status = ParseStatus::Ok;
};

/// Finds where the name at `offset` ends without following its pointers (for records whose owner name
/// is not needed).
DnsNameSkip skip_dns_name(std::span<const uint8_t> message, size_t offset);

}  // namespace netmeter::l7
