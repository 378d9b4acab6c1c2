#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "filter/expression.hpp"

namespace netmeter::filter {

/// Most libpcap primitives (host, net, port, portrange, proto, ether, VLAN ID tests) to_bpf() writes for
/// one number of VLAN tags. pcap_compile's time grows with the square of the filter's size: at this
/// limit, with the three VLAN segments, it takes about 0.1 s here (docs/filter.md).
inline constexpr size_t kMaxBpfPrimitives = 32;

/// The expression as a libpcap filter for Ethernet frames (DLT_EN10MB) as they are stored in a capture
/// file or the ring buffer, or nullopt when it cannot be expressed: it uses dpi, or it needs more than
/// kMaxBpfPrimitives primitives (evaluate such filters with Filter::matches instead). The filter matches
/// untagged frames and frames with one or two VLAN tags (TPID 0x8100, 0x88a8 or 0x9100) and gives the
/// answer Filter::matches gives on the frame's subject; docs/filter.md lists where the two can differ
/// (IPv6 extension headers, tunnels, later fragments, truncated frames, three or more tags). Do not
/// install it as a kernel filter on a Linux interface that strips VLAN tags.
std::optional<std::string> to_bpf(const Expression& expression);

}  // namespace netmeter::filter
