#include "notify/notify_config.hpp"

#include <algorithm>
#include <charconv>

#include "notify/url.hpp"

namespace netmeter::notify {

namespace {

// ntopng 6.x's endpoint modules (scripts/lua/modules/notifications/endpoints/*.lua) declare these.
constexpr ParamSpec kWebhook[] = {
    {"webhook_url", false, false},
    {"webhook_sharedsecret", true, true},
    {"webhook_username", true, false},
    {"webhook_password", true, true},
};
constexpr ParamSpec kSyslog[] = {
    {"syslog_alert_format", false, false},
    {"syslog_protocol", true, false},
    {"syslog_host", false, false},  // ntopng's local syslog(3) when absent: netmeter always sends
    {"syslog_port", true, false},
};
constexpr ParamSpec kEmail[] = {
    {"smtp_server", false, false},  {"email_sender", false, false}, {"smtp_port", true, false},
    {"smtp_username", true, false}, {"smtp_password", true, true},
};
constexpr ParamSpec kEmailRecipient[] = {
    {"email_recipient", false, false},
    {"cc", true, false},
};

constexpr size_t kMaxValueBytes = 1024;

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

bool plausible_address(std::string_view text) {
  auto at = text.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
         text.find_first_of(" <>,;\"") == std::string_view::npos;
}

/// Known, mandatory and clean parameters; empty optional ones are dropped.
std::optional<std::string> keep_known(std::span<const ParamSpec> specs, ParamMap& params) {
  for (const auto& param : params) {
    const std::string& name =
        param.first;  // not a structured binding: clang 14's lambdas cannot capture those
    const std::string& value = param.second;
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& s) { return s.name == name; });
    if (spec == specs.end()) return "unknown parameter " + name;
    if (value.size() > kMaxValueBytes) return name + " is longer than 1024 bytes";
    if (has_control(value)) return name + " contains control characters";
  }
  ParamMap kept;
  for (const auto& spec : specs) {
    auto it = params.find(spec.name);
    if (it == params.end() || it->second.empty()) {
      if (!spec.optional) return "missing mandatory parameter " + std::string(spec.name);
      continue;
    }
    kept.emplace(it->first, it->second);
  }
  params = std::move(kept);
  return std::nullopt;
}

std::optional<std::string> check_port(const ParamMap& params, std::string_view name) {
  auto it = params.find(name);
  if (it != params.end() && !parse_port(it->second))
    return std::string(name) + " must be a port number 1..65535";
  return std::nullopt;
}

std::optional<std::string> check_webhook(const ParamMap& p) {
  if (!parse_web_url(p.at("webhook_url"))) return "webhook_url must be an http:// or https:// URL";
  return std::nullopt;
}

std::optional<std::string> check_syslog(const ParamMap& p) {
  const std::string& format = p.at("syslog_alert_format");
  if (format != "json" && format != "plaintextrfc")
    return "syslog_alert_format must be json or plaintextrfc (RFC 5424 either way)";
  if (auto it = p.find("syslog_protocol"); it != p.end() && it->second != "udp" && it->second != "tcp")
    return "syslog_protocol must be udp or tcp";
  if (p.at("syslog_host").find_first_of(" /@") != std::string::npos)
    return "syslog_host must be a host name or address";
  return check_port(p, "syslog_port");
}

std::optional<std::string> check_email(const ParamMap& p) {
  if (!parse_smtp_server(p.at("smtp_server")))
    return "smtp_server must be host, smtp://host[:port] or smtps://host[:port]";
  if (!plausible_address(p.at("email_sender"))) return "email_sender must be an e-mail address";
  return check_port(p, "smtp_port");
}

}  // namespace

std::string_view endpoint_key(EndpointKind kind) {
  switch (kind) {
    case EndpointKind::Webhook:
      return "webhook";
    case EndpointKind::Syslog:
      return "syslog";
    case EndpointKind::Email:
      return "email";
  }
  return "";
}

std::optional<EndpointKind> endpoint_kind(std::string_view key) {
  for (auto kind : {EndpointKind::Webhook, EndpointKind::Syslog, EndpointKind::Email})
    if (endpoint_key(kind) == key) return kind;
  return std::nullopt;
}

std::span<const ParamSpec> endpoint_params(EndpointKind kind) {
  switch (kind) {
    case EndpointKind::Webhook:
      return kWebhook;
    case EndpointKind::Syslog:
      return kSyslog;
    case EndpointKind::Email:
      return kEmail;
  }
  return {};
}

std::span<const ParamSpec> recipient_params(EndpointKind kind) {
  if (kind == EndpointKind::Email) return kEmailRecipient;
  return {};
}

std::optional<std::string> validate_endpoint_params(EndpointKind kind, ParamMap& params) {
  ParamMap copy = params;
  if (auto e = keep_known(endpoint_params(kind), copy)) return e;
  std::optional<std::string> error;
  switch (kind) {
    case EndpointKind::Webhook:
      error = check_webhook(copy);
      break;
    case EndpointKind::Syslog:
      error = check_syslog(copy);
      break;
    case EndpointKind::Email:
      error = check_email(copy);
      break;
  }
  if (!error) params = std::move(copy);
  return error;
}

std::optional<std::string> validate_recipient_params(EndpointKind kind, ParamMap& params) {
  ParamMap copy = params;
  if (auto e = keep_known(recipient_params(kind), copy)) return e;
  for (const char* name : {"email_recipient", "cc"}) {
    auto it = copy.find(name);
    if (it != copy.end() && !plausible_address(it->second))
      return std::string(name) + " must be an e-mail address";
  }
  params = std::move(copy);
  return std::nullopt;
}

bool RecipientConfig::wants(const alerts::Alert& alert, int category) const {
  if (alert.severity < minimum_severity) return false;
  auto has = [](const std::vector<int>& ids, int wanted) {
    return ids.empty() || std::find(ids.begin(), ids.end(), wanted) != ids.end();
  };
  return has(check_entities, static_cast<int>(alert.entity)) && has(check_categories, category);
}

std::optional<std::vector<int>> parse_id_list(std::string_view text) {
  std::vector<int> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    int value = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || value < 0 || value > 255)
      return std::nullopt;
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string format_id_list(const std::vector<int>& ids) {
  std::string out;
  for (int id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

}  // namespace netmeter::notify
