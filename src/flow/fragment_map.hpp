#pragma once

#include <cstdint>
#include <vector>

#include "core/ip_address.hpp"
#include "core/timestamp.hpp"
#include "decode/decoded_packet.hpp"

namespace netmeter::flow {

/// Lets later IP fragments (which carry no ports) join the flow of their first fragment: the first
/// fragment records its ports under (addresses, protocol, IP id); later ones look them up. Fixed-size and
/// direct-mapped, so a busy link overwrites old entries instead of growing; an entry is trusted for
/// `kMaxAgeNs` of packet time. The slots are allocated when the first fragment arrives.
class FragmentMap {
 public:
  static constexpr int64_t kMaxAgeNs = 30 * core::kNanosPerSecond;

  explicit FragmentMap(size_t slots = 8192);

  /// For a first fragment: remembers its ports. For a later one: fills in the ports of the first and
  /// returns true, or returns false when the first fragment was not seen.
  bool resolve(decode::DecodedPacket& pkt);

 private:
  struct Entry {
    core::IpAddress src;
    core::IpAddress dst;
    uint32_t id = 0;
    uint16_t vlan = 0;
    uint8_t proto = 0;
    bool used = false;
    uint16_t src_port = 0;
    uint16_t dst_port = 0;
    core::Timestamp seen;
  };
  Entry& slot_for(const decode::DecodedPacket& pkt);

  std::vector<Entry> entries_;
  size_t mask_;
};

}  // namespace netmeter::flow
