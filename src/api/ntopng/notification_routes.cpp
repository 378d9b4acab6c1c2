// ntopng's notification endpoints and recipients (docs/ntopng/notifications.md): add/edit/delete/get of
// endpoints (webhook, syslog, email) and recipients, the spec's delete/endpoints.lua and
// delete/recipients.lua (everything, back to factory defaults), and a test delivery. Administrators only,
// reading too, as ntopng's notifications capability. Secrets are never answered: "********" stands for them.
#include <boost/json.hpp>
#include <initializer_list>
#include <string>
#include <string_view>

#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"
#include "notify/notification_service.hpp"

namespace netmeter::api::ntopng {

namespace {

namespace json = boost::json;
using notify::Change;
using notify::NotificationService;

/// Every endpoint and recipient parameter ntopng names for the kinds netmeter delivers to; which of them
/// an endpoint takes is its kind's business (one of another kind is an unknown parameter there).
constexpr std::string_view kParamNames[] = {
    "webhook_url",     "webhook_sharedsecret", "webhook_username", "webhook_password", "syslog_alert_format",
    "syslog_protocol", "syslog_host",          "syslog_port",      "smtp_server",      "email_sender",
    "smtp_port",       "smtp_username",        "smtp_password",    "email_recipient",  "cc",
};
constexpr std::string_view kRecipientParamNames[] = {"email_recipient", "cc"};

template <size_t N>
notify::ParamMap collect(const Params& params, const std::string_view (&names)[N]) {
  notify::ParamMap out;
  for (auto name : names)
    if (auto v = params.get(name)) out.emplace(std::string(name), std::string(*v));
  return out;
}

http::Response answer(const Change& c, json::value ok) {
  switch (c.status) {
    case Change::Status::Ok:
      return ntop_ok(ok);
    case Change::Status::StoreError:
      return ntop_error(NtopRc::InternalError, c.error);
    default:
      return invalid_arguments(c.error);
  }
}

struct Id {
  int64_t value = 0;
  std::optional<http::Response> error;
};
Id required_id(const Params& params, std::string_view name) {
  auto n = params.integer(name, 0, INT32_MAX);
  if (n.error) return {0, invalid_arguments(*n.error)};
  if (!n.value) return {0, invalid_arguments(std::string(name) + " is required")};
  return {*n.value, std::nullopt};
}

json::object endpoint_json(const notify::EndpointView& v) {
  json::object conf;
  for (const auto& [name, value] : v.config.params)
    conf[name] = value;
  conf["endpoint_conf_name"] = v.config.name;
  json::object stats{{"sent", v.counters.sent},
                     {"failed", v.counters.failed},
                     {"dropped", v.counters.dropped},
                     {"queued", v.counters.queued}};
  return {{"endpoint_id", v.config.id},
          {"endpoint_conf_name", v.config.name},
          {"endpoint_key", std::string(notify::endpoint_key(v.config.kind))},
          {"endpoint_conf", std::move(conf)},
          {"num_recipients", v.num_recipients},
          {"stats", std::move(stats)}};
}

json::array id_array(const std::vector<int>& ids) {
  json::array out;
  for (int id : ids)
    out.push_back(id);
  return out;
}

json::object recipient_json(const notify::RecipientConfig& r,
                            const std::vector<notify::EndpointView>& endpoints) {
  json::object params;
  for (const auto& [name, value] : r.params)
    params[name] = value;
  json::object o{{"recipient_id", r.id},
                 {"recipient_name", r.name},
                 {"endpoint_id", r.endpoint_id},
                 {"minimum_severity", static_cast<int>(r.minimum_severity)},
                 {"check_categories", id_array(r.check_categories)},
                 {"check_entities", id_array(r.check_entities)},
                 {"recipient_params", std::move(params)}};
  for (const auto& e : endpoints) {
    if (e.config.id != r.endpoint_id) continue;
    o["endpoint_conf_name"] = e.config.name;
    o["endpoint_key"] = std::string(notify::endpoint_key(e.config.kind));
  }
  return o;
}

/// The recipient fields of an add or edit; an error answer when one is malformed.
std::optional<http::Response> parse_recipient(const Params& p, notify::RecipientConfig& r) {
  auto endpoint = required_id(p, "endpoint_id");
  if (endpoint.error) return std::move(endpoint.error);
  r.endpoint_id = endpoint.value;
  r.name = std::string(p.get("recipient_name").value_or(""));
  auto severity = p.integer("recipient_minimum_severity", 0, 8);
  if (severity.error) return invalid_arguments(*severity.error);
  if (severity.value) {
    if (*severity.value == 7) return invalid_arguments("recipient_minimum_severity 7 is not a severity");
    r.minimum_severity = static_cast<alerts::Severity>(*severity.value);
  }
  for (auto [name, out] : {std::pair{"recipient_check_categories", &r.check_categories},
                           std::pair{"recipient_check_entities", &r.check_entities}}) {
    auto ids = notify::parse_id_list(p.get(name).value_or(""));
    if (!ids) return invalid_arguments(std::string(name) + " must be a comma-separated list of ids");
    *out = std::move(*ids);
  }
  r.params = collect(p, kRecipientParamNames);
  return std::nullopt;
}

Route admin(NotificationService& service, std::function<http::Response(NotificationService&, Call&)> fn) {
  return {[&service, fn](Call& call) { return fn(service, call); }, Need::admin, BodyKind::params};
}

http::Response add_endpoint(NotificationService& s, Call& call) {
  const Params& p = call.params;
  auto name = p.get("endpoint_conf_name");
  auto key = p.get("endpoint_key");
  if (!key || key->empty()) return invalid_arguments("endpoint_key is required (webhook, syslog or email)");
  Change c = s.add_endpoint(std::string(name.value_or("")), std::string(*key), collect(p, kParamNames));
  return answer(c, json::object{{"endpoint_id", c.id}});
}

http::Response edit_endpoint(NotificationService& s, Call& call) {
  auto id = required_id(call.params, "endpoint_id");
  if (id.error) return std::move(*id.error);
  auto name = call.params.get("endpoint_conf_name");
  return answer(s.edit_endpoint(id.value, std::string(name.value_or("")), collect(call.params, kParamNames)),
                json::array());
}

http::Response delete_endpoint(NotificationService& s, Call& call) {
  auto id = required_id(call.params, "endpoint_id");
  if (id.error) return std::move(*id.error);
  return answer(s.delete_endpoint(id.value), json::array());
}

http::Response get_endpoints(NotificationService& s, Call&) {
  json::array out;
  for (const auto& e : s.endpoints())
    out.push_back(endpoint_json(e));
  return ntop_ok(out);
}

http::Response add_recipient(NotificationService& s, Call& call) {
  notify::RecipientConfig r;
  if (auto bad = parse_recipient(call.params, r)) return std::move(*bad);
  Change c = s.add_recipient(std::move(r));
  return answer(c, json::object{{"recipient_id", c.id}});
}

http::Response edit_recipient(NotificationService& s, Call& call) {
  auto id = required_id(call.params, "recipient_id");
  if (id.error) return std::move(*id.error);
  notify::RecipientConfig r;
  if (auto bad = parse_recipient(call.params, r)) return std::move(*bad);
  r.id = id.value;
  return answer(s.edit_recipient(std::move(r)), json::array());
}

http::Response delete_recipient(NotificationService& s, Call& call) {
  auto id = required_id(call.params, "recipient_id");
  if (id.error) return std::move(*id.error);
  return answer(s.delete_recipient(id.value), json::array());
}

http::Response get_recipients(NotificationService& s, Call&) {
  auto endpoints = s.endpoints();
  json::array out;
  for (const auto& r : s.recipients())
    out.push_back(recipient_json(r, endpoints));
  return ntop_ok(out);
}

http::Response test_recipient(NotificationService& s, Call& call) {
  auto id = required_id(call.params, "recipient_id");
  if (id.error) return std::move(*id.error);
  return answer(s.test_recipient(id.value), json::array());
}

}  // namespace

void register_notification_routes(RouteTree& tree, ApiServices& services) {
  if (!services.notifications) return;
  NotificationService& s = *services.notifications;
  add_ntopng(tree, "POST", "add/endpoint.lua", admin(s, add_endpoint));
  add_ntopng(tree, "POST", "edit/endpoint.lua", admin(s, edit_endpoint));
  add_ntopng(tree, "POST", "delete/endpoint.lua", admin(s, delete_endpoint));
  add_ntopng_read(tree, "get/endpoints.lua", admin(s, get_endpoints));
  add_ntopng(tree, "POST", "add/recipient.lua", admin(s, add_recipient));
  add_ntopng(tree, "POST", "edit/recipient.lua", admin(s, edit_recipient));
  add_ntopng(tree, "POST", "delete/recipient.lua", admin(s, delete_recipient));
  add_ntopng_read(tree, "get/recipients.lua", admin(s, get_recipients));
  add_ntopng(tree, "POST", "test/recipient.lua", admin(s, test_recipient));
  // The spec's resets are GET; POST is taken too, as for ntopng's other REST scripts.
  add_ntopng_read(tree, "delete/endpoints.lua", admin(s, [](NotificationService& n, Call&) {
                    return answer(n.delete_all_endpoints(), json::array());
                  }));
  add_ntopng_read(tree, "delete/recipients.lua", admin(s, [](NotificationService& n, Call&) {
                    return answer(n.delete_all_recipients(), json::array());
                  }));
}

}  // namespace netmeter::api::ntopng
