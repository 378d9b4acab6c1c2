#pragma once

#include <boost/json.hpp>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "api/allegro/stats_params.hpp"
#include "query/graph.hpp"
#include "query/interval.hpp"
#include "query/query_service.hpp"

namespace netmeter::api::allegro {

/// `[rxPackets, rxBytes, txPackets, txBytes, extra...]` (the spec's four lines, then module lines).
boost::json::array counter_array(const stats::Traffic& t, std::initializer_list<uint64_t> extra = {});

/// The counters a CSV row shows: the interval's when the request gave one, else all-time.
inline const stats::Traffic& csv_traffic(const query::TrafficValues& v, const TimeParams& t) {
  return t.requested ? v.interval : v.all_time;
}
/// Appends ",rxPackets,rxBytes,txPackets,txBytes" to a CSV row.
void csv_traffic_fields(std::string& out, const stats::Traffic& t);

/// Sets `allTime`, `interval`, `lastSecond` and `intervalPerSecond` on `o`.
void put_counters(boost::json::object& o, const query::TrafficValues& v);

/// The names of the four traffic lines, as `history.rows` gives them.
std::span<const std::string_view> traffic_rows();

/// `{"rows": [...], "dataAge": ms, "data": [ms, v1..vn, ms, ...]}`: one point per graph step with the
/// traffic of the step per second (byte and packet rates), so graphs of different resolutions compare.
boost::json::object history_object(const query::Graph& graph, bool with_data, int64_t data_age_ms);

/// Adds `history` for `ref` to `o` as `time` asks (nothing with history=false or for an unknown entity).
void put_history(boost::json::object& o, const query::QueryService& q, const query::EntityRef& ref,
                 const TimeParams& time);

/// Epoch seconds of a nanosecond time (0 stays 0).
inline int64_t epoch_s(int64_t ns) {
  return ns / 1'000'000'000;
}
/// Epoch milliseconds of a nanosecond time.
inline int64_t epoch_ms(int64_t ns) {
  return ns / 1'000'000;
}

}  // namespace netmeter::api::allegro
