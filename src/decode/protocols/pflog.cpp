#include "decode/protocols/pflog.hpp"

namespace netmeter::decode {

namespace {
constexpr size_t kMinHeader = 61;  // PFLOG_REAL_HDRLEN of the oldest layout
}  // namespace

// OpenBSD/FreeBSD pf log (DLT_PFLOG 117): the header's first byte is its length, padded to 4 bytes; the
// logged IP packet follows (its version nibble tells IPv4 from IPv6: address family numbers differ by OS).
Step PflogDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.empty()) return Step::fail(ctx, core::Anomaly::truncated_pflog);
  size_t header = (size_t{d[0]} + 3) & ~size_t{3};
  if (d[0] < kMinHeader || d.size() < header) return Step::fail(ctx, core::Anomaly::truncated_pflog);
  return {Layer::IpAuto, header};
}

}  // namespace netmeter::decode
