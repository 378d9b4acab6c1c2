#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/params.hpp"
#include "http/response.hpp"
#include "query/graph.hpp"
#include "query/list_request.hpp"

namespace netmeter::api::allegro {

/// The time parameters every statistics resource takes (docs/api.md "Time"): `starttime`/`endtime`
/// (epoch seconds), `timespan` (seconds per graph point), `values` (maximum points), `history`,
/// `skiphistorydata`.
struct TimeParams {
  query::Interval interval;
  bool requested = false;  ///< starttime or endtime given
  query::GraphRequest graph;
  bool history = true;       ///< include the `history` object
  bool history_data = true;  ///< include its `data` (false: skiphistorydata=true)
};

/// A list's sort key as clients spell it.
struct SortName {
  std::string_view name;
  query::SortKey key;
};

/// The list parameters: `sort`, `reverse`, `page` (0-based), `count`, `csv`, and a text `filter`.
struct ListParams {
  query::ListRequest request;
  bool csv = false;
  std::string filter;
};

struct ListLimits {
  size_t default_count = 10;
  size_t max_count = 100;
};

/// The sort names every traffic list knows: bytes, rxbytes, txbytes, packets, rxpackets, txpackets, bps,
/// rxbps, txbps, pps, firstActivity, activity.
std::span<const SortName> traffic_sort_names();

/// Parses the time parameters; a 400 in the Allegro format when one is malformed.
std::optional<http::Response> parse_time(const Params& params, TimeParams& out);

/// Parses the list parameters (after parse_time: the interval decides the counters `bytes` sorts on).
/// `sorts` are the list's own names besides traffic_sort_names(); an unknown name is a 400.
std::optional<http::Response> parse_list(const Params& params, const TimeParams& time,
                                         std::span<const SortName> sorts, ListLimits limits, ListParams& out);

}  // namespace netmeter::api::allegro
