#pragma once

#include <cstdint>
#include <string>

namespace netmeter::stats {

/// ntopng's labels for the class selectors ("Best Effort (CS0)" ... "Network Control (CS7)"), the usual
/// names of the assured (AF11 ... AF43) and expedited forwarding classes, else "DSCP n".
std::string dscp_name(uint8_t dscp);

}  // namespace netmeter::stats
