#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "http/detail/body_budget.hpp"
#include "http/detail/transport_error.hpp"
#include "http/handler.hpp"
#include "http/request.hpp"

namespace netmeter::http {

/// Takes a request body piece by piece: into memory, into one file, or through the multipart parser into
/// fields and files. Files it created are removed on destruction unless `finish` handed them over.
class BodyReceiver {
 public:
  virtual ~BodyReceiver() = default;
  virtual std::optional<TransportError> feed(std::span<const char> data) = 0;
  /// The body is complete: moves what was received into `request`.
  virtual std::optional<TransportError> finish(Request& request) = 0;
};

struct MadeReceiver {
  std::unique_ptr<BodyReceiver> receiver;  ///< null when `error` is set
  std::optional<TransportError> error;
};

/// The receiver for a policy and a request head. `max_bytes` is the resolved body limit (it bounds an
/// in-memory reservation; the transport enforces it). Bytes kept in memory (in-memory bodies, multipart
/// text fields) are taken from `lease`, which must outlive the receiver and the request it fills: when
/// the server-wide budget is exhausted the answer is 503.
MadeReceiver make_body_receiver(const BodyPolicy& policy, const RequestHead& head, uint64_t max_bytes,
                                BodyLease& lease);

}  // namespace netmeter::http
