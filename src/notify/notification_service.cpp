#include "notify/notification_service.hpp"

#include <algorithm>

#include "notify/sender.hpp"
#include "store/database.hpp"
#include "store/notification_repository.hpp"

namespace netmeter::notify {

namespace {

using Status = Change::Status;
constexpr size_t kMaxNameBytes = 128;
/// ntopng's MAX_NUM_RECIPIENTS; endpoints are bounded alike, each having a thread.
constexpr size_t kMaxEntries = 64;

bool is_secret(EndpointKind kind, std::string_view name) {
  for (const auto& spec : endpoint_params(kind))
    if (spec.name == name) return spec.secret;
  return false;
}

std::optional<std::string> check_name(const std::string& name, const char* what) {
  if (name.empty()) return std::string(what) + " is required";
  if (name.size() > kMaxNameBytes) return std::string(what) + " is longer than 128 bytes";
  if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    return std::string(what) + " contains control characters";
  return std::nullopt;
}

Change store_failure(const store::Error& e, const char* what) {
  if (e.message.find("UNIQUE") != std::string::npos)
    return Change::fail(Status::Conflict, std::string(what) + " with that name exists already");
  return Change::fail(Status::StoreError, "the configuration could not be stored");
}

std::vector<store::NotificationParam> plain_params(const ParamMap& params) {
  std::vector<store::NotificationParam> out;
  for (const auto& [name, value] : params)
    out.push_back({name, value, false});
  return out;
}

std::vector<store::NotificationParam> sealed_params(const SecretBox& box, EndpointKind kind,
                                                    const ParamMap& params) {
  std::vector<store::NotificationParam> out;
  for (const auto& [name, value] : params) {
    const bool secret = is_secret(kind, name);
    out.push_back({name, secret ? box.seal(value) : value, secret});
  }
  return out;
}

store::RecipientRecord to_record(const RecipientConfig& r);

}  // namespace

std::optional<NotificationService::Snapshot> NotificationService::read() {
  auto conn = db_.lock();
  store::NotificationRepository repo(conn);
  auto endpoints = repo.endpoints();
  auto recipients = repo.recipients();
  if (!endpoints || !recipients) return std::nullopt;
  Snapshot s;
  for (const auto& e : *endpoints) {
    auto kind = endpoint_kind(e.key);
    if (!kind) continue;
    EndpointConfig c{e.id, e.name, *kind, {}};
    for (const auto& p : e.params) {
      // A secret that no longer opens (the key file was replaced) is left out: the endpoint works
      // without it until an admin sets it again.
      if (!p.secret)
        c.params[p.name] = p.value;
      else if (auto clear = box_.unseal(p.value))
        c.params[p.name] = *clear;
    }
    s.endpoints.push_back(std::move(c));
  }
  for (const auto& r : *recipients) {
    RecipientConfig c;
    c.id = r.id;
    c.name = r.name;
    c.endpoint_id = r.endpoint_id;
    c.minimum_severity = static_cast<alerts::Severity>(r.minimum_severity);
    c.check_categories = parse_id_list(r.check_categories).value_or(std::vector<int>{});
    c.check_entities = parse_id_list(r.check_entities).value_or(std::vector<int>{});
    for (const auto& p : r.params)
      c.params[p.name] = p.value;
    s.recipients.push_back(std::move(c));
  }
  return s;
}

std::optional<std::string> NotificationService::load() {
  std::lock_guard lock(mutex_);
  auto s = read();
  if (!s) return "the notification configuration cannot be read";
  dispatcher_.configure(s->endpoints, s->recipients);
  return std::nullopt;
}

Change NotificationService::apply(Change change) {
  if (change.status != Status::Ok) return change;
  auto s = read();
  if (!s) return Change::fail(Status::StoreError, "the configuration could not be read back");
  dispatcher_.configure(s->endpoints, s->recipients);
  return change;
}

template <typename Fn>
auto NotificationService::with_repo(Fn fn) {
  auto conn = db_.lock();
  store::NotificationRepository repo(conn);
  return fn(repo);
}

Change NotificationService::add_endpoint(const std::string& name, const std::string& key, ParamMap params) {
  if (auto e = check_name(name, "endpoint_conf_name")) return Change::fail(Status::Invalid, *e);
  auto kind = endpoint_kind(key);
  if (!kind) return Change::fail(Status::Invalid, "endpoint_key must be webhook, syslog or email");
  if (auto e = validate_endpoint_params(*kind, params)) return Change::fail(Status::Invalid, *e);
  std::lock_guard lock(mutex_);
  auto s = read();
  if (!s) return Change::fail(Status::StoreError, "the configuration could not be read");
  if (s->endpoints.size() >= kMaxEntries) return Change::fail(Status::Invalid, "at most 64 endpoints");
  store::EndpointRecord record{0, name, key, sealed_params(box_, *kind, params)};
  auto id = with_repo([&](store::NotificationRepository& repo) { return repo.add_endpoint(record); });
  if (!id) return store_failure(id.error(), "an endpoint");
  return apply({Status::Ok, *id, {}});
}

Change NotificationService::edit_endpoint(int64_t id, const std::string& name, ParamMap params) {
  if (auto e = check_name(name, "endpoint_conf_name")) return Change::fail(Status::Invalid, *e);
  std::lock_guard lock(mutex_);
  auto s = read();
  if (!s) return Change::fail(Status::StoreError, "the configuration could not be read");
  auto old =
      std::find_if(s->endpoints.begin(), s->endpoints.end(), [&](const auto& e) { return e.id == id; });
  if (old == s->endpoints.end()) return Change::fail(Status::NotFound, "no endpoint with that endpoint_id");
  for (auto& [pname, value] : params) {
    if (value != kMasked || !is_secret(old->kind, pname)) continue;
    auto stored = old->params.find(pname);
    value = stored == old->params.end() ? std::string() : stored->second;  // masked and never set: none
  }
  if (auto e = validate_endpoint_params(old->kind, params)) return Change::fail(Status::Invalid, *e);
  store::EndpointRecord record{id, name, std::string(endpoint_key(old->kind)),
                               sealed_params(box_, old->kind, params)};
  auto done = with_repo([&](store::NotificationRepository& repo) { return repo.update_endpoint(record); });
  if (!done) return store_failure(done.error(), "an endpoint");
  if (!*done) return Change::fail(Status::NotFound, "no endpoint with that endpoint_id");
  return apply({Status::Ok, id, {}});
}

Change NotificationService::delete_endpoint(int64_t id) {
  std::lock_guard lock(mutex_);
  auto done = with_repo([&](store::NotificationRepository& repo) { return repo.remove_endpoint(id); });
  if (!done) return store_failure(done.error(), "an endpoint");
  if (!*done) return Change::fail(Status::NotFound, "no endpoint with that endpoint_id");
  return apply({Status::Ok, id, {}});
}

Change NotificationService::delete_all_endpoints() {
  std::lock_guard lock(mutex_);
  auto done = with_repo([](store::NotificationRepository& repo) { return repo.remove_all_endpoints(); });
  if (!done) return store_failure(done.error(), "an endpoint");
  return apply({});
}

std::vector<EndpointView> NotificationService::endpoints() {
  std::lock_guard lock(mutex_);
  auto s = read();
  std::vector<EndpointView> out;
  if (!s) return out;
  for (auto& e : s->endpoints) {
    for (auto& [name, value] : e.params)
      if (is_secret(e.kind, name)) value = std::string(kMasked);
    int n = static_cast<int>(std::count_if(s->recipients.begin(), s->recipients.end(),
                                           [&](const auto& r) { return r.endpoint_id == e.id; }));
    out.push_back({std::move(e), dispatcher_.counters(e.id), n});
  }
  return out;
}

Change NotificationService::check_recipient(RecipientConfig& r, const Snapshot& s) {
  if (auto e = check_name(r.name, "recipient_name")) return Change::fail(Status::Invalid, *e);
  auto endpoint = std::find_if(s.endpoints.begin(), s.endpoints.end(),
                               [&](const auto& e) { return e.id == r.endpoint_id; });
  if (endpoint == s.endpoints.end())
    return Change::fail(Status::Invalid, "no endpoint with that endpoint_id");
  if (auto e = validate_recipient_params(endpoint->kind, r.params)) return Change::fail(Status::Invalid, *e);
  return {};
}

namespace {
store::RecipientRecord to_record(const RecipientConfig& r) {
  return {r.id,
          r.name,
          r.endpoint_id,
          static_cast<int64_t>(r.minimum_severity),
          format_id_list(r.check_categories),
          format_id_list(r.check_entities),
          plain_params(r.params)};
}
}  // namespace

Change NotificationService::add_recipient(RecipientConfig r) {
  std::lock_guard lock(mutex_);
  auto s = read();
  if (!s) return Change::fail(Status::StoreError, "the configuration could not be read");
  if (auto c = check_recipient(r, *s); c.status != Status::Ok) return c;
  if (s->recipients.size() >= kMaxEntries) return Change::fail(Status::Invalid, "at most 64 recipients");
  auto id = with_repo([&](store::NotificationRepository& repo) { return repo.add_recipient(to_record(r)); });
  if (!id) return store_failure(id.error(), "a recipient");
  return apply({Status::Ok, *id, {}});
}

Change NotificationService::edit_recipient(RecipientConfig r) {
  std::lock_guard lock(mutex_);
  auto s = read();
  if (!s) return Change::fail(Status::StoreError, "the configuration could not be read");
  if (std::none_of(s->recipients.begin(), s->recipients.end(), [&](const auto& x) { return x.id == r.id; }))
    return Change::fail(Status::NotFound, "no recipient with that recipient_id");
  if (auto c = check_recipient(r, *s); c.status != Status::Ok) return c;
  auto done =
      with_repo([&](store::NotificationRepository& repo) { return repo.update_recipient(to_record(r)); });
  if (!done) return store_failure(done.error(), "a recipient");
  if (!*done) return Change::fail(Status::NotFound, "no recipient with that recipient_id");
  return apply({Status::Ok, r.id, {}});
}

Change NotificationService::delete_recipient(int64_t id) {
  std::lock_guard lock(mutex_);
  auto done = with_repo([&](store::NotificationRepository& repo) { return repo.remove_recipient(id); });
  if (!done) return store_failure(done.error(), "a recipient");
  if (!*done) return Change::fail(Status::NotFound, "no recipient with that recipient_id");
  return apply({Status::Ok, id, {}});
}

Change NotificationService::delete_all_recipients() {
  std::lock_guard lock(mutex_);
  auto done = with_repo([](store::NotificationRepository& repo) { return repo.remove_all_recipients(); });
  if (!done) return store_failure(done.error(), "a recipient");
  return apply({});
}

std::vector<RecipientConfig> NotificationService::recipients() {
  std::lock_guard lock(mutex_);
  auto s = read();
  return s ? std::move(s->recipients) : std::vector<RecipientConfig>{};
}

Change NotificationService::test_recipient(int64_t id) {
  std::optional<Snapshot> s;
  {
    std::lock_guard lock(mutex_);
    s = read();
  }
  if (!s) return Change::fail(Status::StoreError, "the configuration could not be read");
  auto r =
      std::find_if(s->recipients.begin(), s->recipients.end(), [&](const auto& x) { return x.id == id; });
  if (r == s->recipients.end()) return Change::fail(Status::NotFound, "no recipient with that recipient_id");
  auto e = std::find_if(s->endpoints.begin(), s->endpoints.end(),
                        [&](const auto& x) { return x.id == r->endpoint_id; });
  if (e == s->endpoints.end()) return Change::fail(Status::NotFound, "the recipient's endpoint is gone");
  auto sender = make_sender(*e, dispatcher_.options().retry.timeout);
  if (!sender) return Change::fail(Status::Invalid, "the endpoint's configuration is not usable");
  if (auto error = sender->send_test(r->params)) return Change::fail(Status::Invalid, *error);
  return {Status::Ok, id, {}};
}

}  // namespace netmeter::notify
