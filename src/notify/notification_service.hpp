#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "notify/dispatcher.hpp"
#include "notify/notify_config.hpp"
#include "notify/secret_box.hpp"

namespace netmeter::store {
class Database;
}

namespace netmeter::notify {

/// What a change of the configuration came to.
struct Change {
  enum class Status { Ok, Invalid, NotFound, Conflict, StoreError };
  Status status = Status::Ok;
  int64_t id = 0;     ///< the new endpoint's or recipient's id (add)
  std::string error;  ///< why not, for people
  static Change fail(Status s, std::string e) { return {s, 0, std::move(e)}; }
};

/// An endpoint as answers show it: secret parameters replaced by kMasked.
struct EndpointView {
  EndpointConfig config;
  EndpointCounters counters;
  int num_recipients = 0;
};

/// The value shown instead of a secret, and which, given back on edit, keeps the stored one.
inline constexpr std::string_view kMasked = "********";

/// Endpoints and recipients: validated, stored in SQLite (secrets sealed by the SecretBox), and handed to
/// the Dispatcher after each change. Thread-safe.
class NotificationService {
 public:
  NotificationService(store::Database& db, SecretBox box, Dispatcher& dispatcher)
      : db_(db), box_(std::move(box)), dispatcher_(dispatcher) {}

  /// Reads the stored configuration into the dispatcher (at start-up). The error text on failure.
  std::optional<std::string> load();

  Change add_endpoint(const std::string& name, const std::string& key, ParamMap params);
  /// New name and parameters; a secret given as kMasked keeps its stored value.
  Change edit_endpoint(int64_t id, const std::string& name, ParamMap params);
  Change delete_endpoint(int64_t id);
  Change delete_all_endpoints();
  std::vector<EndpointView> endpoints();

  Change add_recipient(RecipientConfig recipient);
  Change edit_recipient(RecipientConfig recipient);
  Change delete_recipient(int64_t id);
  Change delete_all_recipients();
  std::vector<RecipientConfig> recipients();

  /// Sends a test message through recipient `id`'s endpoint now (one attempt, bounded by the timeout).
  Change test_recipient(int64_t id);

 private:
  struct Snapshot {
    std::vector<EndpointConfig> endpoints;  ///< clear-text
    std::vector<RecipientConfig> recipients;
  };
  std::optional<Snapshot> read();  ///< nullopt on a store error
  Change apply(Change change);     ///< reconfigures the dispatcher after a successful change
  Change check_recipient(RecipientConfig& recipient, const Snapshot& snapshot);
  template <typename Fn>
  auto with_repo(Fn fn);  ///< fn(NotificationRepository&) with the database held only meanwhile

  store::Database& db_;
  SecretBox box_;
  Dispatcher& dispatcher_;
  std::mutex mutex_;  ///< one change at a time
};

}  // namespace netmeter::notify
