#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "api/ntopng/chart_json.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/route_tree.hpp"

namespace netmeter::api::ntopng {

/// ntopng's per-packet wire overhead (preamble 8 + FCS 4 + inter-frame gap 12) in interface bytes.
constexpr uint64_t kPacketOverhead = 24;

/// ntopng's `secondsToTime`: "< 1 sec", "00:25 sec", "03:10 min", "02:00:05", "1 day, 00:00:07",
/// "2 years, 3 days, 01:00:00".
std::string seconds_to_time(int64_t seconds);

/// What `get/interface/data.lua` answers besides the interface's statistics.
struct DataContext {
  int64_t now_s = 0;     ///< wall clock, epoch seconds
  int64_t uptime_s = 0;  ///< since the daemon started
};

/// The `get/interface/data.lua` object of one interface.
boost::json::object interface_data(const NtopCall& c, const DataContext& ctx);

/// Whether the interface keeps every flow until it goes (a capture file: ntopng does not purge flows
/// of pcap files), so that finished flows still count as "active".
bool keeps_finished_flows(const NtopCall& c);

/// The addresses of the live network interface `name` as "ip/prefix" (none for capture files).
std::vector<std::string> interface_addresses(const std::string& name);

}  // namespace netmeter::api::ntopng
