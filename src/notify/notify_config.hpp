#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/alert.hpp"

namespace netmeter::notify {

/// ntopng's endpoint keys netmeter delivers to.
enum class EndpointKind { Webhook, Syslog, Email };
std::string_view endpoint_key(EndpointKind kind);
std::optional<EndpointKind> endpoint_kind(std::string_view key);

/// Parameters by ntopng's names (`webhook_url`, `syslog_port`, `smtp_password`, ...), clear text.
using ParamMap = std::map<std::string, std::string, std::less<>>;

/// One parameter an endpoint (or its recipients) takes, as ntopng's endpoint modules declare them.
struct ParamSpec {
  std::string_view name;
  bool optional = false;
  bool secret = false;  ///< stored encrypted, never shown back
};
/// What endpoints of `kind` take (endpoint_params of ntopng's module).
std::span<const ParamSpec> endpoint_params(EndpointKind kind);
/// What recipients of an endpoint of `kind` take (recipient_params: email_recipient and cc for email).
std::span<const ParamSpec> recipient_params(EndpointKind kind);

struct EndpointConfig {
  int64_t id = 0;
  std::string name;  ///< endpoint_conf_name
  EndpointKind kind = EndpointKind::Webhook;
  ParamMap params;
};

struct RecipientConfig {
  int64_t id = 0;
  std::string name;  ///< recipient_name
  int64_t endpoint_id = 0;
  alerts::Severity minimum_severity = alerts::Severity::Notice;  ///< ntopng's default for recipients
  std::vector<int> check_categories;  ///< ntopng's alert category ids; empty: every category
  std::vector<int> check_entities;    ///< ntopng's alert entity ids; empty: every entity
  ParamMap params;

  /// Whether `alert` (of category `category`) goes to this recipient, as ntopng filters notifications.
  bool wants(const alerts::Alert& alert, int category) const;
};

/// Checks `params` for an endpoint of `kind` and keeps only the known ones: a missing mandatory
/// parameter, an unknown one, a bad port, URL, protocol or format, or a control character is the error
/// text (never a crash). `params` is changed only on success.
std::optional<std::string> validate_endpoint_params(EndpointKind kind, ParamMap& params);
std::optional<std::string> validate_recipient_params(EndpointKind kind, ParamMap& params);

/// "1,4" → {1, 4}; nullopt when an element is not a whole number in [0, 255].
std::optional<std::vector<int>> parse_id_list(std::string_view text);
std::string format_id_list(const std::vector<int>& ids);

}  // namespace netmeter::notify
