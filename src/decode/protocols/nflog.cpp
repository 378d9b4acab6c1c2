#include "decode/protocols/nflog.hpp"

namespace netmeter::decode {

namespace {
constexpr size_t kHeader = 4;  // family, version, resource id
constexpr uint16_t kPayload = 9;
constexpr uint8_t kAfInet = 2, kAfInet6 = 10;

/// TLV lengths and types are in the capturing host's byte order: the one giving a first TLV that fits wins.
bool little_endian_tlvs(Bytes d) {
  uint16_t len = le16(d.data() + kHeader);
  return len >= 4 && len <= d.size() - kHeader;
}
}  // namespace

// Linux netfilter log (LINKTYPE_NFLOG 239): a 4-byte header, then TLVs padded to 4 bytes; the payload TLV
// holds the logged IP packet (IPv4 or IPv6 by the header's family). Logs without a payload end the chain.
Step NflogDecoder::decode(Bytes d, DecodeContext& ctx) const {
  using core::Anomaly;
  if (d.size() < kHeader + 4) return Step::fail(ctx, Anomaly::truncated_nflog);
  Layer ip = d[0] == kAfInet ? Layer::Ipv4 : d[0] == kAfInet6 ? Layer::Ipv6 : Layer::End;
  bool little = little_endian_tlvs(d);
  size_t at = kHeader;
  while (at < d.size()) {
    if (d.size() - at < 4) return Step::fail(ctx, Anomaly::truncated_nflog);
    uint16_t len = little ? le16(d.data() + at) : be16(d.data() + at);
    uint16_t type = (little ? le16(d.data() + at + 2) : be16(d.data() + at + 2)) & 0x7FFF;
    if (len < 4 || len > d.size() - at) return Step::fail(ctx, Anomaly::truncated_nflog);
    if (type == kPayload) {
      if (ip == Layer::End || len == 4) return Step::end();
      return {ip, at + 4, size_t{len} - 4u};
    }
    at += (size_t{len} + 3) & ~size_t{3};
  }
  // No payload TLV: a log without packet copy, unless the snap length cut the TLVs short.
  if (at > d.size() || ctx.pkt.caplen < ctx.pkt.wire_len) return Step::fail(ctx, Anomaly::truncated_nflog);
  return Step::end();
}

}  // namespace netmeter::decode
