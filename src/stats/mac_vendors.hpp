#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "stats/keys.hpp"

namespace netmeter::stats {

/// Organisation names of MAC address blocks (IEEE OUI /24 and the MA-M /28 and MA-S /36 assignments),
/// read from Wireshark's `manuf` file, which Debian ships in the libwireshark-data package.
class MacVendors {
 public:
  /// Debian's copy of the file.
  static constexpr const char* kDefaultPath = "/usr/share/wireshark/manuf";

  /// Reads a manuf-format file; nullptr with `error` set when it cannot be read or holds no entry.
  static std::shared_ptr<const MacVendors> load(const std::string& path, std::string& error);
  /// Parses manuf-format text (lines "00:00:0C<TAB>Cisco<TAB>Cisco Systems, Inc", "XX:..:00/28<TAB>...").
  static std::shared_ptr<const MacVendors> parse(std::string_view text);

  /// The organisation that owns the block of `mac` (longest prefix); empty when unknown.
  std::string_view lookup(MacKey mac) const;
  size_t size() const { return by_prefix_[0].size() + by_prefix_[1].size() + by_prefix_[2].size(); }

 private:
  void add(MacKey prefix, int bits, std::string name);

  /// Per prefix length 24, 28, 36: the masked address → the organisation's name.
  std::unordered_map<MacKey, std::string> by_prefix_[3];
};

}  // namespace netmeter::stats
