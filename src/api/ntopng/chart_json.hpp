#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netmeter::api::ntopng {

/// One slice of an ntopng pie chart (`{label, value[, duration][, url]}`).
struct Slice {
  std::string label;
  uint64_t value = 0;
  std::optional<int64_t> duration;  ///< seconds; host l7 stats only
  std::string url;                  ///< empty: none
};

/// ntopng's `stats_utils.collapse_stats(slices, keep, threshold_pct)`: sorted by value, descending (ties by
/// label), the first `keep` slices always shown, the others only when at least `threshold_pct` % of the
/// total, and the rest summed into a final `{"label":"Other","value":n}` that is appended, even at 0,
/// whenever there is at least one slice.
boost::json::array collapse_stats(std::vector<Slice> slices, size_t keep, double threshold_pct);

/// ntopng's DSCP class of a DSCP value: "cs0".."cs7", "le" or "unknown".
std::string dscp_class(uint8_t dscp);
/// ntopng's label of a class ("Best Effort (CS0)" ... "LE", "Unknown").
std::string dscp_class_label(const std::string& cls);

}  // namespace netmeter::api::ntopng
