#include "capture/pcapng_reader.hpp"

#include <algorithm>
#include <cstring>

#include "capture/pcap_record.hpp"

namespace netmeter::capture {

namespace {

constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint32_t kIdb = 1, kObsoletePacket = 2, kSimplePacket = 3, kEnhancedPacket = 6;
constexpr uint16_t kOptEnd = 0, kOptTsResol = 9, kOptTsOffset = 14;

uint32_t host32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

uint64_t pow10(unsigned e) {
  uint64_t v = 1;
  while (e-- > 0)
    v *= 10;
  return v;
}

}  // namespace

int64_t pcapng_ticks_to_ns(const PcapngInterface& iface, uint64_t ticks) {
  uint64_t seconds, nanos;
  if (iface.decimal) {
    uint64_t per_second = pow10(iface.exponent);
    seconds = ticks / per_second;
    uint64_t frac = ticks % per_second;
    nanos = iface.exponent <= 9 ? frac * pow10(9 - iface.exponent) : frac / pow10(iface.exponent - 9);
  } else {
    unsigned e = iface.exponent;
    seconds = e == 0 ? ticks : ticks >> e;
    uint64_t frac = e == 0 ? 0 : ticks & ((uint64_t{1} << e) - 1);
    // frac < 2^e; keep the product below 2^64 by dropping the low bits of finer resolutions.
    nanos =
        e <= 34 ? (frac * core::kNanosPerSecond) >> e : ((frac >> (e - 34)) * core::kNanosPerSecond) >> 34;
  }
  constexpr int64_t kMaxOffset = int64_t{1} << 40;
  int64_t s = static_cast<int64_t>(std::min<uint64_t>(seconds, kMaxPacketSeconds)) +
              std::clamp(iface.offset_s, -kMaxOffset, kMaxOffset);
  if (s < 0) return 0;
  if (s >= kMaxPacketSeconds) return kMaxPacketSeconds * core::kNanosPerSecond;
  return s * core::kNanosPerSecond + static_cast<int64_t>(nanos);
}

uint16_t PcapngReader::u16(size_t at) const {
  uint16_t v;
  std::memcpy(&v, block_.data() + at, 2);
  return swapped_ ? __builtin_bswap16(v) : v;
}
uint32_t PcapngReader::u32(size_t at) const {
  uint32_t v;
  std::memcpy(&v, block_.data() + at, 4);
  return swapped_ ? __builtin_bswap32(v) : v;
}
uint64_t PcapngReader::u64(size_t at) const {
  return (uint64_t{u32(at)} << 32) | u32(at + 4);  // high word first, as pcapng timestamps are stored
}

bool PcapngReader::fail(const std::string& what) {
  error_ = "pcapng block at offset " + std::to_string(block_offset_) + ": " + what;
  return false;
}

PcapngReader::Block PcapngReader::read_block() {
  block_offset_ = offset_;
  uint8_t head[12];
  size_t got = std::fread(head, 1, 8, file_);
  if (got == 0 && std::feof(file_))
    return in_section_ ? Block::End : (fail("not a pcapng file"), Block::Error);
  if (got < 8) return fail("file ends inside a block header"), Block::Error;
  uint32_t type = host32(head);
  if (type == kShbType) {
    // The byte-order magic after the length says how to read the length itself.
    if (std::fread(head + 8, 1, 4, file_) < 4) return fail("file ends inside a section header"), Block::Error;
    uint32_t magic = host32(head + 8);
    if (magic == kByteOrderMagic) {
      swapped_ = false;
    } else if (magic == __builtin_bswap32(kByteOrderMagic)) {
      swapped_ = true;
    } else {
      return fail("bad byte-order magic in the section header"), Block::Error;
    }
  } else if (!in_section_) {
    return fail("not a pcapng file (no section header block first)"), Block::Error;
  }
  uint32_t total = host32(head + 4);
  if (swapped_) {
    total = __builtin_bswap32(total);
    type = __builtin_bswap32(type);
  }
  size_t already = type == kShbType ? 4 : 0;
  if (total < 12 + already || total % 4 != 0)
    return fail("block total length " + std::to_string(total) + " is invalid"), Block::Error;
  if (total > kMaxBlockBytes)
    return fail("block total length " + std::to_string(total) + " exceeds the 64 MiB limit"), Block::Error;
  block_.resize(total - 8);  // body and the trailing length copy
  if (already) std::memcpy(block_.data(), head + 8, 4);
  if (std::fread(block_.data() + already, 1, block_.size() - already, file_) < block_.size() - already)
    return fail("file ends inside a block of " + std::to_string(total) + " bytes"), Block::Error;
  if (u32(block_.size() - 4) != total)
    return fail("trailing block length differs from the leading one"), Block::Error;
  block_.resize(block_.size() - 4);
  type_ = type;
  offset_ += total;
  return Block::Read;
}

bool PcapngReader::parse_section() {
  if (block_.size() < 16) return fail("section header too short");
  if (u16(4) != 1) return fail("unsupported pcapng major version " + std::to_string(u16(4)));
  in_section_ = true;
  ++sections_;
  interfaces_.clear();  // interface ids are per section
  return true;
}

bool PcapngReader::parse_interface() {
  if (block_.size() < 8) return fail("interface description too short");
  PcapngInterface iface;
  iface.dlt = u16(0);
  iface.snaplen = u32(4);
  for (size_t at = 8; at + 4 <= block_.size();) {
    uint16_t code = u16(at), len = u16(at + 2);
    size_t value = at + 4;
    if (code == kOptEnd) break;
    if (value + len > block_.size()) return fail("interface option runs past its block");
    if (code == kOptTsResol && len >= 1) {
      uint8_t r = block_[value];
      iface.decimal = !(r & 0x80);
      iface.exponent = r & 0x7F;
      if (iface.decimal ? iface.exponent > 19 : iface.exponent > 63)
        return fail("if_tsresol " + std::to_string(r) + " is out of range");
    } else if (code == kOptTsOffset && len >= 8) {
      iface.offset_s = static_cast<int64_t>(u64(value));
    }
    at = value + ((len + 3u) & ~3u);
  }
  interfaces_.push_back(iface);
  return true;
}

bool PcapngReader::finish_packet(uint32_t interface, uint64_t ticks, uint32_t caplen, uint32_t wire_len,
                                 size_t data_at, PcapngPacket& out) {
  if (interface >= interfaces_.size())
    return fail("packet names interface " + std::to_string(interface) + ", only " +
                std::to_string(interfaces_.size()) + " described");
  if (data_at + caplen > block_.size())
    return fail("captured length " + std::to_string(caplen) + " runs past its block");
  out.interface = interface;
  out.ts_ns = pcapng_ticks_to_ns(interfaces_[interface], ticks);
  out.caplen = caplen;
  out.wire_len = wire_len;
  out.data = block_.data() + data_at;
  return true;
}

bool PcapngReader::parse_enhanced(PcapngPacket& out) {
  if (block_.size() < 20) return fail("enhanced packet block too short");
  return finish_packet(u32(0), u64(4), u32(12), u32(16), 20, out);
}

bool PcapngReader::parse_obsolete(PcapngPacket& out) {
  if (block_.size() < 20) return fail("packet block too short");
  return finish_packet(u16(0), u64(4), u32(12), u32(16), 20, out);
}

bool PcapngReader::parse_simple(PcapngPacket& out) {
  if (block_.size() < 4) return fail("simple packet block too short");
  if (interfaces_.empty()) return fail("simple packet block before any interface description");
  uint32_t wire_len = u32(0);
  uint32_t caplen = std::min<uint32_t>(wire_len, static_cast<uint32_t>(block_.size() - 4));
  if (interfaces_[0].snaplen != 0) caplen = std::min(caplen, interfaces_[0].snaplen);
  return finish_packet(0, 0, caplen, wire_len, 4, out);
}

PcapngReader::Status PcapngReader::next(PcapngPacket& out) {
  for (;;) {
    switch (read_block()) {
      case Block::End:
        return Status::End;
      case Block::Error:
        return Status::Error;
      case Block::Read:
        break;
    }
    bool ok = true;
    switch (type_) {
      case kShbType:
        ok = parse_section();
        break;
      case kIdb:
        ok = parse_interface();
        break;
      case kEnhancedPacket:
        if (!parse_enhanced(out)) return Status::Error;
        return Status::Packet;
      case kSimplePacket:
        if (!parse_simple(out)) return Status::Error;
        return Status::Packet;
      case kObsoletePacket:
        if (!parse_obsolete(out)) return Status::Error;
        return Status::Packet;
      default:
        break;  // name resolution, statistics, secrets, custom blocks: not needed
    }
    if (!ok) return Status::Error;
  }
}

}  // namespace netmeter::capture
