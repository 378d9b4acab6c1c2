#include "decode/protocols/enc.hpp"

namespace netmeter::decode {

namespace {
constexpr size_t kHeader = 12;  // address family, SPI, flags
}  // namespace

// OpenBSD IPsec encapsulating interface (DLT_ENC 109): a 12-byte header, then the IP packet as it was
// before encryption or after decryption.
Step EncDecoder::decode(Bytes d, DecodeContext& ctx) const {
  if (d.size() < kHeader) return Step::fail(ctx, core::Anomaly::truncated_enc);
  return {Layer::IpAuto, kHeader};
}

}  // namespace netmeter::decode
