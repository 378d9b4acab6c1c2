#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

namespace netmeter::api {

/// CORS for /lua/rest/*: any origin may call with explicit credentials (Authorization header), but
/// never with cookies: `Access-Control-Allow-Origin: *` without `Allow-Credentials`, so a foreign page
/// cannot ride on a logged-in browser session.
void add_cors_headers(http::Response& response);

/// The answer to a CORS preflight `OPTIONS` (204, no credentials needed).
http::Response cors_preflight(const http::Request& request);

}  // namespace netmeter::api
