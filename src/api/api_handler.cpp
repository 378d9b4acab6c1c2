#include "api/api_handler.hpp"

#include <boost/json.hpp>
#include <string>

#include "api/cors.hpp"
#include "api/origin_check.hpp"
#include "http/headers.hpp"
#include "http/sanitise.hpp"

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

http::Response auth_refusal(const auth::AuthFailure& failure, Dialect dialect) {
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
      break;
  }
  return dialect_error(dialect, 500, "authentication store unavailable");
}

http::Response discovery(const RouteTree::Match& match) {
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
    : routes_(routes), auth_(auth), options_(std::move(options)) {}

http::BodyPolicy ApiHandler::body_policy(const http::RequestHead& head) {
  Dialect dialect = dialect_of(head.path);
  auto admitted = admit_head(head, dialect);
  if (auto* refusal = std::get_if<http::Response>(&admitted)) {
    finish(*refusal, head.path);
    return http::BodyPolicy::rejected(std::move(*refusal));
  }
  auto& admission = std::get<Admission>(admitted);
  const Route* route = admission.match.route;
  http::BodyPolicy policy = http::BodyPolicy::in_memory(body_limit(route));
  if (route && route->body == BodyKind::upload) {
    if (options_.upload_directory.empty()) {
      auto refusal = dialect_error(dialect, 503, "uploads are not enabled");
      finish(refusal, head.path);
      return http::BodyPolicy::rejected(std::move(refusal));
    }
    policy = http::BodyPolicy::to_file(options_.upload_directory, options_.max_upload_bytes);
    if (route->body_hook) {
      BodyStart start = route->body_hook(head, admission.principal ? &*admission.principal : nullptr);
      if (start.refusal) {
        finish(*start.refusal, head.path);
        return http::BodyPolicy::rejected(std::move(*start.refusal));
      }
      policy.progress = std::move(start.progress);
    }
  }
  policy.state = std::move(admission);
  return policy;
}

uint64_t ApiHandler::body_limit(const Route* route) const {
  if (!route) return options_.max_small_body_bytes;
  switch (route->body) {
    case BodyKind::params:
      return options_.max_params_body_bytes;
    case BodyKind::upload:
      return options_.max_upload_bytes;
    case BodyKind::none:
      break;
  }
  return options_.max_small_body_bytes;
}

std::variant<ApiHandler::Admission, http::Response> ApiHandler::admit_head(const http::RequestHead& head,
                                                                           Dialect dialect) {
  // Decoded paths and query strings reach routes and stored data: text only.
  if (!http::is_valid_utf8(head.path)) return dialect_error(dialect, 400, "the path is not valid UTF-8");
  Admission admission;
  if (is_ntopng_rest(head.path) && head.method == "OPTIONS") {
    admission.preflight = true;
    return admission;
  }
  admission.match = routes_.find(head.method, head.path);
  const auto& match = admission.match;
  if (!match.path_found) return dialect_error(dialect, 404, "no such resource");
  // A body announced larger than the route takes is refused before anything else is looked at.
  if (uint64_t limit = body_limit(match.route); head.content_length && *head.content_length > limit)
    return dialect_error(dialect, 413, "request body larger than " + std::to_string(limit) + " bytes");
  bool discovery = dialect == Dialect::allegro && head.method == "OPTIONS" && !match.route;
  // Credentials come before the method check: who has none learns nothing from 405 and Allow.
  Need need = match.route ? match.route->need
                          : (match.protected_node || discovery ? Need::authenticated : Need::none);
  auto admitted = admit(head, need, dialect);
  if (auto* refusal = std::get_if<http::Response>(&admitted)) return std::move(*refusal);
  admission.principal = std::move(std::get<std::optional<auth::Principal>>(admitted));
  if (match.route && match.route->before_body) {
    if (auto refusal = match.route->before_body(head)) return std::move(*refusal);
  }
  if (!match.route && !discovery) {
    auto allowed = match.allowed;
    if (dialect == Dialect::allegro) allowed.push_back("OPTIONS");
    auto r = dialect_error(dialect, 405, "method " + head.method + " not allowed here");
    r.set_header("Allow", join(allowed));
    return r;
  }
  return admission;
}

http::Response ApiHandler::handle(http::Request& request) {
  Dialect dialect = dialect_of(request.path);
  http::Response response;
  auto* admission = std::any_cast<Admission>(&request.state);
  try {
    if (!admission) {
      response = dialect_error(dialect, 500, "internal error");
    } else if (admission->preflight) {
      response = cors_preflight(request);
    } else {
      response = dispatch(request, *admission, dialect);
    }
  } catch (const std::exception&) {
    response = dialect_error(dialect, 500, "internal error");
  }
  finish(response, request.path);
  return response;
}

void ApiHandler::finish(http::Response& response, std::string_view path) const {
  if (is_ntopng_rest(path)) add_cors_headers(response);
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  if (response.status < 400 || response.stream) return;
  for (const auto& dir : options_.private_paths) {
    if (dir.size() < 2) continue;
    for (size_t at = response.body.find(dir); at != std::string::npos; at = response.body.find(dir, at))
      response.body.replace(at, dir.size(), "<server>");
  }
}

http::Response ApiHandler::dispatch(http::Request& request, Admission& admission, Dialect dialect) {
  auto& match = admission.match;
  const auth::Principal* principal = admission.principal ? &*admission.principal : nullptr;
  if (!match.route) return discovery(match);
  Call call{request, principal, {}, std::move(match.params)};
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
  if (!outcome) return auth_refusal(outcome.error(), dialect);
  std::optional<auth::Principal> principal = std::move(outcome).value();
  if (auto p = permission_of(need); p && !principal->has(*p))
    return dialect_error(dialect, 403,
                         "permission '" + std::string(auth::permission_name(*p)) + "' required");
  if (is_safe_method(head.method)) return principal;
  if (principal->requires_csrf() && !auth::check_csrf(*principal, head.header("X-CSRF-Token").value_or("")))
    return dialect_error(dialect, 403, "missing or wrong X-CSRF-Token for a cookie-authenticated request");
  // Browsers add cached Basic credentials and cookies to cross-site forms by themselves; tokens they never
  // add.
  if (principal->method != auth::AuthMethod::Token && !same_origin(head))
    return dialect_error(dialect, 403, "cross-site request refused: Origin or Referer names another site");
  return principal;
}

http::Response ApiHandler::error_response(int status, std::string_view message,
                                          const http::RequestHead* head) {
  Dialect dialect = head ? dialect_of(head->path) : Dialect::plain;
  auto r = dialect_error(dialect, status, message.empty() ? http::reason_phrase(status) : message);
  finish(r, head ? std::string_view(head->path) : std::string_view());
  return r;
}

}  // namespace netmeter::api
