#pragma once

#include <cstdint>
#include <string>

namespace netmeter::dpi {

/// Application-detection settings. Files are nDPI's own formats; empty means nDPI's built-in defaults.
struct DpiConfig {
  bool enabled = true;
  std::string protos_file;
  std::string categories_file;
  std::string risky_domains_file;
  std::string ja3_file;
  std::string sha1_file;
  /// A flow still unclassified after this many packets gives up (nDPI's reference reader: 80 and 24).
  uint32_t max_tcp_packets = 80;
  uint32_t max_udp_packets = 24;
  /// Other L4 protocols have no limit in the reference reader; a bound keeps a long ICMP flow cheap.
  uint32_t max_other_packets = 1000;
};

}  // namespace netmeter::dpi
