#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "api/dialect.hpp"
#include "api/route_tree.hpp"
#include "auth/auth_service.hpp"
#include "http/handler.hpp"

namespace netmeter::api {

struct HandlerOptions {
  uint64_t max_params_body_bytes = 1 << 20;   ///< JSON / form bodies
  uint64_t max_small_body_bytes = 16 * 1024;  ///< routes that take no parameters from the body
  std::string upload_directory;               ///< BodyKind::upload routes; empty: such bodies get 503
  uint64_t max_upload_bytes = uint64_t{64} << 30;
};

/// The one http::Handler of netmeter: picks the dialect by path prefix, authenticates through the auth
/// module, checks the route's permission and CSRF, reads the parameters and calls the route. Every
/// answer it produces, errors included, is JSON in the dialect's format.
class ApiHandler final : public http::Handler {
 public:
  /// `routes` and `auth` must outlive the handler.
  ApiHandler(const RouteTree& routes, auth::AuthService& auth, HandlerOptions options = {});

  http::BodyPolicy body_policy(const http::RequestHead& head) override;
  http::Response handle(http::Request& request) override;
  http::Response error_response(int status, std::string_view message, const http::RequestHead* head) override;

 private:
  http::Response dispatch(http::Request& request, Dialect dialect);
  /// Authenticates the request and checks `need` and CSRF: the principal (nullopt for Need::none), or
  /// the error response.
  std::variant<std::optional<auth::Principal>, http::Response> admit(const http::RequestHead& head, Need need,
                                                                     Dialect dialect);
  http::Response discovery(const http::Request& request, const RouteTree::Match& match, Dialect dialect);

  const RouteTree& routes_;
  auth::AuthService& auth_;
  HandlerOptions options_;
};

/// The value of cookie `name` in a Cookie header, or empty.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace netmeter::api
