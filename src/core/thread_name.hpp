#pragma once

#include <string_view>

namespace netmeter::core {

/// Names the calling thread (Linux keeps 15 characters): what `top -H`, debuggers and the API's load
/// figures (`/API/stats/load`, by the part before the first '-' after "nm-") show.
void set_thread_name(std::string_view name);

/// Sets the calling thread's nice value (Linux schedules threads one by one): file analyses run below the
/// API, so the API answers promptly however busy the analysis keeps the cores. Best effort; 0 is the
/// default.
void set_thread_nice(int nice);

}  // namespace netmeter::core
