#pragma once

#include "http/request.hpp"

namespace netmeter::api {

/// Whether a request may change state on the strength of credentials a browser adds by itself (cached
/// HTTP Basic, the session cookie): true when its `Origin` header, or without one its `Referer`, names
/// this server's own origin (`https://` or `http://` per the connection, then the Host header), and
/// when it carries neither (curl and scripts send none). `Origin: null` (sandboxed frames, some
/// redirects) is foreign.
bool same_origin(const http::RequestHead& head);

}  // namespace netmeter::api
