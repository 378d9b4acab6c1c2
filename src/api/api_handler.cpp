#include "api/api_handler.hpp"

#include <boost/json.hpp>
#include <string>

#include "api/cors.hpp"
#include "http/headers.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

bool is_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

std::optional<auth::Permission> permission_of(Need need) {
  switch (need) {
    case Need::read_stats:
      return auth::Permission::ReadStats;
    case Need::pcap:
      return auth::Permission::Pcap;
    case Need::upload:
      return auth::Permission::Upload;
    case Need::admin:
      return auth::Permission::Admin;
    default:
      return std::nullopt;
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

http::Response unauthorized(Dialect dialect, std::string_view message) {
  auto r = dialect_error(dialect, 401, message);
  r.set_header("WWW-Authenticate", "Basic realm=\"netmeter\"");
  return r;
}

}  // namespace

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = header.find(';');
    auto pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      auto value = pair.substr(eq + 1);
      while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
      return value;
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

ApiHandler::ApiHandler(const RouteTree& routes, auth::AuthService& auth, HandlerOptions options)
    : routes_(routes), auth_(auth), options_(options) {}

http::BodyPolicy ApiHandler::body_policy(const http::RequestHead& head) {
  auto match = routes_.find(head.method, head.path);
  if (!match.path_found) return http::BodyPolicy::rejected(error_response(404, "no such resource", &head));
  if (match.route && match.route->body == BodyKind::params)
    return http::BodyPolicy::in_memory(options_.max_params_body_bytes);
  if (match.route && match.route->body == BodyKind::upload) {
    // Credentials and permission are checked before a byte of a possibly huge body is stored.
    Dialect dialect = dialect_of(head.path);
    auto admitted = admit(head, match.route->need, dialect);
    if (auto* refusal = std::get_if<http::Response>(&admitted)) {
      refusal->set_header("Cache-Control", "no-store");
      return http::BodyPolicy::rejected(std::move(*refusal));
    }
    if (options_.upload_directory.empty())
      return http::BodyPolicy::rejected(dialect_error(dialect, 503, "uploads are not enabled"));
    return http::BodyPolicy::to_file(options_.upload_directory, options_.max_upload_bytes);
  }
  return http::BodyPolicy::in_memory(options_.max_small_body_bytes);
}

http::Response ApiHandler::handle(http::Request& request) {
  Dialect dialect = dialect_of(request.path);
  bool cors = is_ntopng_rest(request.path);
  if (cors && request.method == "OPTIONS") return cors_preflight(request);
  http::Response response;
  try {
    response = dispatch(request, dialect);
  } catch (const std::exception&) {
    response = dialect_error(dialect, 500, "internal error");
  }
  if (cors) add_cors_headers(response);
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  return response;
}

http::Response ApiHandler::dispatch(http::Request& request, Dialect dialect) {
  auto match = routes_.find(request.method, request.path);
  if (!match.path_found) return dialect_error(dialect, 404, "no such resource");
  bool discovery_node = dialect == Dialect::allegro;
  if (!match.route && !(discovery_node && request.method == "OPTIONS")) {
    auto allowed = match.allowed;
    if (discovery_node) allowed.push_back("OPTIONS");
    auto r = dialect_error(dialect, 405, "method " + request.method + " not allowed here");
    r.set_header("Allow", join(allowed));
    return r;
  }
  Need need = match.route ? match.route->need : Need::authenticated;

  auto admitted = admit(request, need, dialect);
  if (auto* refusal = std::get_if<http::Response>(&admitted)) return std::move(*refusal);
  auto& principal = std::get<std::optional<auth::Principal>>(admitted);

  if (!match.route) return discovery(request, match, dialect);

  Call call{request, principal ? &*principal : nullptr, {}, std::move(match.params)};
  if (auto problem = call.params.parse(request)) return dialect_error(dialect, 400, *problem);
  return match.route->fn(call);
}

std::variant<std::optional<auth::Principal>, http::Response> ApiHandler::admit(const http::RequestHead& head,
                                                                               Need need, Dialect dialect) {
  if (need == Need::none) return std::optional<auth::Principal>{};
  auth::AuthRequest credentials;
  credentials.authorization = head.header("Authorization").value_or("");
  credentials.session_cookie = cookie_value(head.header("Cookie").value_or(""), "session");
  credentials.client_address = head.client_address;
  auto outcome = auth_.authenticator().authenticate(credentials);
  if (!outcome) {
    const auto& failure = outcome.error();
    switch (failure.reason) {
      case auth::AuthFailureReason::Missing:
        return unauthorized(dialect, "authentication required");
      case auth::AuthFailureReason::Invalid:
        return unauthorized(dialect, "invalid credentials");
      case auth::AuthFailureReason::RateLimited: {
        auto r = dialect_error(dialect, 429, "too many failed logins from this address");
        r.set_header("Retry-After", std::to_string(failure.retry_after.count()));
        return r;
      }
      case auth::AuthFailureReason::Internal:
        return dialect_error(dialect, 500, "authentication store unavailable");
    }
  }
  std::optional<auth::Principal> principal = std::move(outcome).value();
  if (auto p = permission_of(need); p && !principal->has(*p))
    return dialect_error(dialect, 403,
                         "permission '" + std::string(auth::permission_name(*p)) + "' required");
  if (principal->requires_csrf() && !is_safe_method(head.method) &&
      !auth::check_csrf(*principal, head.header("X-CSRF-Token").value_or("")))
    return dialect_error(dialect, 403, "missing or wrong X-CSRF-Token for a cookie-authenticated request");
  return principal;
}

http::Response ApiHandler::discovery(const http::Request& /*request*/, const RouteTree::Match& match,
                                     Dialect /*dialect*/) {
  json::array children;
  for (const auto& c : match.children)
    children.emplace_back(c);
  json::object o;
  o["subResources"] = std::move(children);
  auto r = json_response(200, o);
  auto allowed = match.allowed;
  allowed.push_back("OPTIONS");
  r.set_header("Allow", join(allowed));
  return r;
}

http::Response ApiHandler::error_response(int status, std::string_view message,
                                          const http::RequestHead* head) {
  Dialect dialect = head ? dialect_of(head->path) : Dialect::plain;
  auto r = dialect_error(dialect, status, message.empty() ? http::reason_phrase(status) : message);
  if (head && is_ntopng_rest(head->path)) add_cors_headers(r);
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace netmeter::api
