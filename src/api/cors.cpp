#include "api/cors.hpp"

namespace netmeter::api {

void add_cors_headers(http::Response& response) {
  response.set_header("Access-Control-Allow-Origin", "*");
  response.set_header("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After");
}

http::Response cors_preflight(const http::Request& /*request*/) {
  http::Response r(204);
  add_cors_headers(r);
  r.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  r.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-CSRF-Token");
  r.set_header("Access-Control-Max-Age", "600");
  return r;
}

}  // namespace netmeter::api
