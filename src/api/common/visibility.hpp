#pragma once

#include <functional>

#include "auth/principal.hpp"
#include "core/ip_address.hpp"

namespace netmeter::api {

/// Which addresses the caller may see, as a copyable function for query::ListRequest::visible (it
/// outlives the request: CSV bodies and asynchronous queries keep it); empty when the caller sees every
/// network. Both dialects filter their lists, objects and counts through this one function.
std::function<bool(const core::IpAddress&)> visible_to(const auth::Principal* principal);

/// Whether `principal` (null: a route without credentials) may see `address`.
bool may_see_address(const auth::Principal* principal, const core::IpAddress& address);

}  // namespace netmeter::api
