#pragma once

#include <cstdint>
#include <string_view>

#include "history/flow_record.hpp"
#include "stats/connection_update.hpp"

namespace netmeter::geo {
class GeoDb;
}

namespace netmeter::history {

/// Copies what a connection update says about its flow into `record` (cumulative counters, times,
/// endpoints with the client as source, application, risk, TCP quality, end reason). Leaves alone what
/// the update does not carry: interface id, geolocation, score, status.
void apply_update(FlowRecord& record, const stats::ConnectionUpdate& update);

/// Adds the country and ASN of the update's client (source) and server (destination) from `geo`
/// (unknown stays 0).
void add_geolocation(FlowRecord& record, const stats::ConnectionUpdate& update, const geo::GeoDb& geo);

/// Two ASCII letters as FlowRecord stores a country ("US" → 'U' << 8 | 'S'); 0 for anything else.
uint16_t country_code_number(std::string_view code);

}  // namespace netmeter::history
