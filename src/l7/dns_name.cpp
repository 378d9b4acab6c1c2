#include "l7/dns_name.hpp"

namespace netmeter::l7 {
namespace {

constexpr size_t kMaxWireLength = 255;
constexpr uint8_t kPointerBits = 0xC0;

}  // namespace

DnsNameRead read_dns_name(std::span<const uint8_t> message, size_t offset) {
  DnsNameRead out;
  size_t pos = offset;
  size_t next = 0;  // 0 until the first pointer: a name never ends at offset 0
  size_t wire_length = 0;
  int hops = 0;
  auto fail = [&out](ParseStatus status) {
    out.status = status;
    return out;
  };
  for (;;) {
    if (pos >= message.size()) return fail(ParseStatus::Truncated);
    uint8_t len = message[pos];
    if ((len & kPointerBits) == kPointerBits) {
      if (pos + 1 >= message.size()) return fail(ParseStatus::Truncated);
      if (next == 0) next = pos + 2;
      size_t target = static_cast<size_t>(len & 0x3F) << 8 | message[pos + 1];
      // A pointer outside the message is garbage, not a cut capture: pointers point back in practice.
      if (++hops > kMaxDnsPointerHops || target >= message.size()) return fail(ParseStatus::Malformed);
      pos = target;
      continue;
    }
    if ((len & kPointerBits) != 0) return fail(ParseStatus::Malformed);  // 0x40, 0x80: obsolete label types
    wire_length += len + 1u;
    if (wire_length > kMaxWireLength) return fail(ParseStatus::Malformed);
    if (len == 0) break;
    if (pos + 1 + len > message.size()) return fail(ParseStatus::Truncated);
    if (!out.name.empty()) out.name.push('.');
    out.name.append(message.subspan(pos + 1, len), /*lower=*/true);
    pos += 1 + len;
  }
  if (out.name.empty()) out.name.push('.');
  out.next = next != 0 ? next : pos + 1;
  return out;
}

DnsNameSkip skip_dns_name(std::span<const uint8_t> message, size_t offset) {
  size_t pos = offset;
  size_t wire_length = 0;
  for (;;) {
    if (pos >= message.size()) return {0, ParseStatus::Truncated};
    uint8_t len = message[pos];
    if ((len & kPointerBits) == kPointerBits) {
      if (pos + 1 >= message.size()) return {0, ParseStatus::Truncated};
      return {pos + 2, ParseStatus::Ok};
    }
    if ((len & kPointerBits) != 0) return {0, ParseStatus::Malformed};
    wire_length += len + 1u;
    if (wire_length > kMaxWireLength) return {0, ParseStatus::Malformed};
    if (len == 0) return {pos + 1, ParseStatus::Ok};
    pos += 1 + len;
  }
}

}  // namespace netmeter::l7
