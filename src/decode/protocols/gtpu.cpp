#include "decode/protocols/gtpu.hpp"

#include "decode/dispatch.hpp"

namespace netmeter::decode {

namespace {
constexpr uint8_t kGpdu = 0xFF;
constexpr uint8_t kExtension = 0x04;
constexpr uint8_t kOptionalFields = 0x07;  // extension, sequence number or N-PDU number present
}  // namespace

// GTP-U version 1: only G-PDUs carry user IP packets; signalling messages end the chain.
Step GtpuDecoder::decode(Bytes d, DecodeContext& ctx) const {
  using core::Anomaly;
  if (d.size() < 8) return Step::fail(ctx, Anomaly::truncated_gtpu);
  if ((d[0] >> 5) != 1 || !(d[0] & 0x10)) return Step::fail(ctx, Anomaly::bad_gtpu_version);
  if (d[1] != kGpdu) return Step::end();
  size_t header = 8;
  if (d[0] & kOptionalFields) {
    if (d.size() < 12) return Step::fail(ctx, Anomaly::truncated_gtpu);
    header = 12;
    uint8_t next_extension = (d[0] & kExtension) ? d[11] : 0;
    while (next_extension != 0) {
      if (d.size() < header + 1) return Step::fail(ctx, Anomaly::truncated_gtpu);
      size_t len = size_t{d[header]} * 4;
      if (len == 0 || d.size() < header + len) return Step::fail(ctx, Anomaly::truncated_gtpu);
      next_extension = d[header + len - 1];
      header += len;
    }
  }
  if (d.size() <= header) return Step::end();
  ctx.tunnel_hint = TunnelType::GtpU;
  return {layer_for_ip_version(d[header]), header};
}

}  // namespace netmeter::decode
