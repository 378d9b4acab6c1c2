#pragma once

#include <string>

namespace netmeter::http {

/// A request the transport cannot complete: the status to answer (0: the connection is gone, answer
/// nothing) and a message for Handler::error_response.
struct TransportError {
  int status = 400;
  std::string message;  ///< for the client
  std::string detail;   ///< for the log only (e.g. a path and errno text)
};

}  // namespace netmeter::http
