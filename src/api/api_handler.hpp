#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

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
  /// Server directories (data directory, working directory ...) that must never appear in an answer:
  /// error texts that contain one have it replaced, whatever produced them.
  std::vector<std::string> private_paths;
};

/// The one http::Handler of netmeter: picks the dialect by path prefix and decides from the request
/// head alone — before a byte of the body is read — whether the request may go on: route lookup,
/// authentication, permission, CSRF and Origin checks. Then it reads the parameters and calls the
/// route. Every answer it produces, errors included, is JSON in the dialect's format.
class ApiHandler final : public http::Handler {
 public:
  /// `routes` and `auth` must outlive the handler.
  ApiHandler(const RouteTree& routes, auth::AuthService& auth, HandlerOptions options = {});

  http::BodyPolicy body_policy(const http::RequestHead& head) override;
  http::Response handle(http::Request& request) override;
  http::Response error_response(int status, std::string_view message, const http::RequestHead* head) override;

  /// What body_policy learnt about a request, kept in Request::state for handle().
  struct Admission {
    RouteTree::Match match;
    std::optional<auth::Principal> principal;  ///< unset on routes that need no credentials
    bool preflight = false;                    ///< a CORS preflight, answered without credentials
  };

 private:
  /// The admission of a request, or the answer that refuses it.
  std::variant<Admission, http::Response> admit_head(const http::RequestHead& head, Dialect dialect);
  /// Authenticates the request and checks `need`, CSRF and Origin: the principal (nullopt for
  /// Need::none), or the error response.
  std::variant<std::optional<auth::Principal>, http::Response> admit(const http::RequestHead& head, Need need,
                                                                     Dialect dialect);
  http::Response dispatch(http::Request& request, Admission& admission, Dialect dialect);
  /// The most body bytes a request to `route` may carry (null: no route, e.g. a 405 or discovery).
  uint64_t body_limit(const Route* route) const;
  /// Headers every answer carries, and no server path in an error text.
  void finish(http::Response& response, std::string_view path) const;

  const RouteTree& routes_;
  auth::AuthService& auth_;
  HandlerOptions options_;
};

/// The value of cookie `name` in a Cookie header, or empty.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace netmeter::api
