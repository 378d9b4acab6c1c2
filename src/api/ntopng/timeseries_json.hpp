#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netmeter::api::ntopng {

/// The tags of an ntopng `ts_query` ("ifid:0,host:10.0.0.1,protocol:TLS"), in order; a value may hold
/// colons (an IPv6 host): only the first one splits. nullopt when an item has no name or no colon.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_ts_query(std::string_view text);

/// One series of ntopng's ts.lua answer: `{id, data, statistics}` for the amounts counted in each point
/// (bytes or packets per step), written as rates per second over `step` seconds, as ntopng's counter
/// series are (whole values as integers). statistics: `total` (the amounts' exact sum), `average`, `min_val`,
/// `max_val`, `min_val_idx`, `max_val_idx` and `95th_percentile` (nearest rank) of the rates; only `total`
/// and `average` when there is no point.
boost::json::object series_json(std::string_view id, const std::vector<uint64_t>& amounts, int64_t step);

}  // namespace netmeter::api::ntopng
