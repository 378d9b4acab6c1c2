#include "l7/dns_parser.hpp"

#include <algorithm>

#include "l7/byte_reader.hpp"

namespace netmeter::l7 {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kQuestionFixedSize = 4;  // qtype, qclass
constexpr size_t kRecordFixedSize = 10;   // type, class, ttl, rdlength
constexpr uint16_t kClassMask = 0x7FFF;   // mDNS uses the top bit of the class as a cache-flush flag
constexpr uint16_t kClassIn = 1;

DnsHeader read_header(std::span<const uint8_t> m) {
  DnsHeader h;
  h.id = load_be16(&m[0]);
  uint8_t f1 = m[2];
  uint8_t f2 = m[3];
  h.qr = (f1 & 0x80) != 0;
  h.opcode = (f1 >> 3) & 0x0F;
  h.aa = (f1 & 0x04) != 0;
  h.tc = (f1 & 0x02) != 0;
  h.rd = (f1 & 0x01) != 0;
  h.ra = (f2 & 0x80) != 0;
  h.rcode = f2 & 0x0F;
  h.qdcount = load_be16(&m[4]);
  h.ancount = load_be16(&m[6]);
  h.nscount = load_be16(&m[8]);
  h.arcount = load_be16(&m[10]);
  return h;
}

std::nullopt_t stop(DnsMessage& msg, ParseStatus problem) {
  note_problem(msg.status, problem);
  return std::nullopt;
}

// Reads the question section; returns the offset after it, or nullopt with `msg.status` set.
std::optional<size_t> read_questions(std::span<const uint8_t> m, DnsMessage& msg) {
  size_t pos = kHeaderSize;
  for (uint32_t i = 0; i < msg.header.qdcount; ++i) {
    size_t next = 0;
    if (i == 0) {
      DnsNameRead name = read_dns_name(m, pos);
      if (name.status != ParseStatus::Ok) return stop(msg, name.status);
      msg.question.name = name.name;
      next = name.next;
    } else {
      DnsNameSkip skip = skip_dns_name(m, pos);
      if (skip.status != ParseStatus::Ok) return stop(msg, skip.status);
      next = skip.next;
    }
    if (m.size() - next < kQuestionFixedSize) return stop(msg, ParseStatus::Truncated);
    if (i == 0) {
      msg.question.qtype = load_be16(&m[next]);
      msg.question.qclass = load_be16(&m[next + 2]);
      msg.has_question = true;
    }
    pos = next + kQuestionFixedSize;
  }
  return pos;
}

// Records one A or AAAA answer whose owner name starts at `owner_offset`.
void add_address(std::span<const uint8_t> m, size_t owner_offset, std::span<const uint8_t> rdata,
                 uint32_t ttl, DnsMessage& msg) {
  ++msg.address_records;
  if (msg.address_count == DnsMessage::kMaxAddresses) return;
  DnsNameRead owner = read_dns_name(m, owner_offset);
  if (owner.status != ParseStatus::Ok) {
    note_problem(msg.status, owner.status);
    return;
  }
  DnsAddressRecord& rec = msg.addresses[msg.address_count++];
  rec.owner = owner.name;
  rec.address = rdata.size() == 4 ? core::IpAddress::v4(rdata.data()) : core::IpAddress::v6(rdata.data());
  rec.ttl = ttl;
}

void read_answers(std::span<const uint8_t> m, size_t pos, DnsMessage& msg) {
  for (uint32_t i = 0; i < msg.header.ancount; ++i) {
    DnsNameSkip owner = skip_dns_name(m, pos);
    if (owner.status != ParseStatus::Ok) return note_problem(msg.status, owner.status);
    if (m.size() - owner.next < kRecordFixedSize) return note_problem(msg.status, ParseStatus::Truncated);
    ByteReader r(m.subspan(owner.next));
    uint16_t type = r.u16();
    uint16_t rclass = r.u16() & kClassMask;
    uint32_t ttl = r.u32();
    uint16_t rdlength = r.u16();
    std::span<const uint8_t> rdata = r.bytes(rdlength);
    if (r.short_read()) return note_problem(msg.status, ParseStatus::Truncated);
    bool address_type = type == dns_type::kA || type == dns_type::kAaaa;
    if (address_type && rclass == kClassIn) {
      if (rdlength == (type == dns_type::kA ? 4 : 16))
        add_address(m, pos, rdata, ttl, msg);
      else
        note_problem(msg.status, ParseStatus::Malformed);  // the framing holds: read on
    }
    if (type == dns_type::kCname) ++msg.cname_count;
    ++msg.answers_read;
    pos = owner.next + kRecordFixedSize + rdlength;
  }
}

}  // namespace

std::optional<DnsMessage> parse_dns(std::span<const uint8_t> payload) {
  if (payload.size() < kHeaderSize) return std::nullopt;
  std::optional<DnsMessage> out(std::in_place);  // built in place: the message is ~2.5 KB
  DnsMessage& msg = *out;
  msg.header = read_header(payload);
  if (std::optional<size_t> answers = read_questions(payload, msg)) read_answers(payload, *answers, msg);
  return out;
}

std::optional<DnsMessage> parse_dns_tcp(std::span<const uint8_t> payload) {
  if (payload.size() < 2) return std::nullopt;
  size_t length = load_be16(payload.data());
  if (length < kHeaderSize) return std::nullopt;
  std::span<const uint8_t> message = payload.subspan(2, std::min(length, payload.size() - 2));
  return parse_dns(message);
}

}  // namespace netmeter::l7
