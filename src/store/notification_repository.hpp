#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// One parameter of an endpoint or recipient, as ntopng names it (`webhook_url`, `smtp_password`, ...).
/// A `secret` value is stored as the caller gives it: the caller encrypts it first.
struct NotificationParam {
  std::string name;
  std::string value;
  bool secret = false;
};

struct EndpointRecord {
  int64_t id = 0;
  std::string name;  ///< ntopng's endpoint_conf_name, unique
  std::string key;   ///< ntopng's endpoint_key: webhook, syslog, email
  std::vector<NotificationParam> params;
};

struct RecipientRecord {
  int64_t id = 0;
  std::string name;  ///< ntopng's recipient_name, unique
  int64_t endpoint_id = 0;
  int64_t minimum_severity = 0;
  std::string check_categories;  ///< comma-separated ids; empty: every category
  std::string check_entities;    ///< comma-separated ids; empty: every entity
  std::vector<NotificationParam> params;
};

/// The notification tables (migration 5), used through a locked connection. Names are unique: adding or
/// renaming to a taken name fails with a constraint error.
class NotificationRepository {
 public:
  explicit NotificationRepository(Connection& conn) : conn_(conn) {}

  Result<int64_t> add_endpoint(const EndpointRecord& endpoint);
  /// Replaces the name and every parameter of endpoint `endpoint.id`; false when there is none.
  Result<bool> update_endpoint(const EndpointRecord& endpoint);
  /// Deletes the endpoint and its recipients; false when there was none.
  Result<bool> remove_endpoint(int64_t id);
  Result<std::vector<EndpointRecord>> endpoints();

  Result<int64_t> add_recipient(const RecipientRecord& recipient);
  Result<bool> update_recipient(const RecipientRecord& recipient);
  Result<bool> remove_recipient(int64_t id);
  Result<std::vector<RecipientRecord>> recipients();

  /// Deletes every endpoint and recipient (ntopng's delete/endpoints.lua).
  Status remove_all_endpoints();
  /// Deletes every recipient (ntopng's delete/recipients.lua).
  Status remove_all_recipients();

 private:
  Status write_endpoint_params(int64_t id, const std::vector<NotificationParam>& params);
  Status write_recipient_params(int64_t id, const std::vector<NotificationParam>& params);
  Result<std::vector<NotificationParam>> read_params(std::string_view sql, int64_t id);

  Connection& conn_;
};

}  // namespace netmeter::store
