#pragma once

#include <optional>

#include "http/detail/transport_error.hpp"
#include "http/request.hpp"

namespace netmeter::http {

/// Fills `path`, `raw_query` and `query` from `target`, and checks what HTTP/1.x requires of a request
/// head beyond its syntax: version 1.0 or 1.1 (else 505), one Host field in HTTP/1.1, a valid target.
std::optional<TransportError> complete_head(RequestHead& head);

/// True when the client waits for "100 Continue" before sending the body.
bool expects_continue(const RequestHead& head);

}  // namespace netmeter::http
