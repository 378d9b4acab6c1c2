#include "decode/protocols/capwap.hpp"

namespace netmeter::decode {

namespace {
constexpr uint8_t kWbidIeee80211 = 1;
}  // namespace

// CAPWAP data channel (RFC 5415, UDP 5247): preamble, header of HLEN 4-byte words, then an 802.3 frame or
// (T bit) the binding's native frame. 802.11 frames from Cisco controllers carry their frame control bytes
// swapped, which tshark assumes by default too. DTLS-encrypted packets and later fragments end the chain.
Step CapwapDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.empty()) return Step::fail(ctx, core::Anomaly::truncated_capwap);
  if (d[0] != 0) return Step::end();  // version 0, type 0 (1: DTLS)
  if (d.size() < 8) return Step::fail(ctx, core::Anomaly::truncated_capwap);
  size_t header = (size_t{d[1]} >> 3) * 4;
  bool native = d[2] & 0x01;
  uint8_t wbid = (d[2] >> 1) & 0x1F;
  bool fragment = d[3] & 0x80;
  uint16_t fragment_offset = be16(d.data() + 6) >> 3;
  if (header < 8 || d.size() < header) return Step::fail(ctx, core::Anomaly::truncated_capwap);
  if ((fragment && fragment_offset != 0) || d.size() == header) return Step::end();
  Layer next = !native ? Layer::Ethernet : wbid == kWbidIeee80211 ? Layer::Ieee80211Swapped : Layer::End;
  if (next != Layer::End) ctx.tunnel_hint = TunnelType::Capwap;
  return {next, header};
}

}  // namespace netmeter::decode
