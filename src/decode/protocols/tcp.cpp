#include "decode/protocols/tcp.hpp"

namespace netmeter::decode {

Step TcpDecoder::decode(Bytes d, DecodeContext& ctx) const {
  using core::Anomaly;
  if (d.size() < 20) return Step::fail(ctx, Anomaly::truncated_tcp);
  auto& p = ctx.pkt;
  // The fixed header is there, so the segment belongs to its connection even when the data offset is
  // impossible; only the payload length is then unknown.
  p.has_l4 = true;
  p.src_port = be16(d.data());
  p.dst_port = be16(d.data() + 2);
  p.tcp_seq = be32(d.data() + 4);
  p.tcp_ack = be32(d.data() + 8);
  p.tcp_flags = d[13];
  p.tcp_window = be16(d.data() + 14);
  p.l4_offset = static_cast<uint32_t>(ctx.offset);
  size_t header = static_cast<size_t>(d[12] >> 4) * 4;
  if (header < 20 || header > ctx.l4_len) return Step::fail(ctx, Anomaly::bad_tcp_header_length);
  p.payload_len = static_cast<uint32_t>(ctx.l4_len - header);
  // Options cut off by the snap length are a capture artefact, not a malformed packet.
  return Step::end();
}

}  // namespace netmeter::decode
