#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cidr.hpp"
#include "core/ip_address.hpp"

namespace netmeter::alerts {

/// IP blacklists (FireHOL `.netset`/`.ipset`, Spamhaus DROP): one address or CIDR block per line, `#` and
/// `;` start comments. Built once at start-up, then read-only: a lookup is a binary search in a sorted
/// table of non-overlapping ranges, so the blacklisted-flow check costs O(log n) per flow.
class Blacklist {
 public:
  struct LoadResult {
    size_t entries = 0;                ///< blocks added
    size_t skipped = 0;                ///< lines that are neither blank, a comment nor an address or block
    std::optional<std::string> error;  ///< the file could not be read
  };

  /// Adds the blocks of list `name` written in `text`.
  LoadResult add_text(std::string_view name, std::string_view text);
  /// Adds the blocks of the file at `path`; its name (file name without extension) names the list.
  LoadResult add_file(const std::filesystem::path& path);
  /// Sorts and merges what was added; call once before lookups.
  void seal();

  /// The name of a list holding `ip`, or null.
  const std::string* find(const core::IpAddress& ip) const;
  bool empty() const { return ranges_.empty(); }
  size_t ranges() const { return ranges_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  struct Range {
    core::IpAddress first;
    core::IpAddress last;
    uint32_t list = 0;  ///< index in names_
  };
  void add(const core::Cidr& block, uint32_t list);

  std::vector<std::string> names_;
  std::vector<Range> ranges_;
};

}  // namespace netmeter::alerts
