#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "alerts/alert.hpp"
#include "notify/notify_config.hpp"

namespace netmeter::notify {

/// One alert for one recipient of an endpoint.
struct Delivery {
  alerts::Alert alert;
  int64_t recipient_id = 0;
  ParamMap recipient_params;  ///< email_recipient and cc for e-mail
};

/// Delivers batches to one endpoint. Each call is one attempt bounded by the sender's timeout as a
/// whole (resolve, connect, TLS, writes, replies): it never blocks longer.
class Sender {
 public:
  virtual ~Sender() = default;
  /// How many deliveries one call takes at most (ntopng: 10 alerts per webhook POST, one syslog line
  /// each, up to 100 per e-mail).
  virtual size_t max_batch() const = 0;
  /// nullopt when delivered; otherwise why not.
  virtual std::optional<std::string> send(std::span<const Delivery> batch) = 0;
  /// A test message to the endpoint (ntopng's "test" action): an empty webhook POST, a syslog line, an
  /// e-mail to `recipient_params`' address.
  virtual std::optional<std::string> send_test(const ParamMap& recipient_params) = 0;
};

/// The sender for `endpoint` (clear-text params), each attempt bounded by `timeout`.
std::unique_ptr<Sender> make_sender(const EndpointConfig& endpoint, std::chrono::milliseconds timeout);

std::unique_ptr<Sender> make_webhook_sender(const EndpointConfig& endpoint,
                                            std::chrono::milliseconds timeout);
std::unique_ptr<Sender> make_syslog_sender(const EndpointConfig& endpoint, std::chrono::milliseconds timeout);
std::unique_ptr<Sender> make_email_sender(const EndpointConfig& endpoint, std::chrono::milliseconds timeout);

}  // namespace netmeter::notify
