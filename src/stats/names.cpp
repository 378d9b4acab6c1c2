#include <cstdio>

#include "stats/keys.hpp"
#include "stats/packet_view.hpp"

namespace netmeter::stats {

std::string mac_to_string(MacKey mac) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", unsigned(mac >> 40 & 0xFF),
                unsigned(mac >> 32 & 0xFF), unsigned(mac >> 24 & 0xFF), unsigned(mac >> 16 & 0xFF),
                unsigned(mac >> 8 & 0xFF), unsigned(mac & 0xFF));
  return buf;
}

const char* size_bin_name(int bin) {
  static constexpr const char* kNames[kSizeBins] = {"0-63",    "64",       "65-127",    "128-255",
                                                    "256-511", "512-1023", "1024-1518", "1519+"};
  return bin >= 0 && bin < kSizeBins ? kNames[bin] : "?";
}

}  // namespace netmeter::stats
