#pragma once

#include <string_view>

namespace netmeter::core {

/// Names the calling thread (Linux keeps 15 characters): what `top -H`, debuggers and the API's load
/// figures (`/API/stats/load`, by the part before the first '-' after "nm-") show.
void set_thread_name(std::string_view name);

}  // namespace netmeter::core
