#pragma once

#include <string>
#include <string_view>

#include "store/expected.hpp"

namespace netmeter::auth {

/// Outcome codes of user, token and session management, named after ntopng's rc strings where one
/// applies (`rc_name`). The API layer maps them to HTTP statuses and envelopes.
enum class Rc {
  Ok,                   // OK
  NotFound,             // NOT_FOUND: no such user / token / session
  NotGranted,           // NOT_GRANTED: e.g. a token wider than its owner
  InvalidArguments,     // INVALID_ARGUMENTS: bad name, short password, bad CIDR, ...
  InternalError,        // INTERNAL_ERROR: the store failed
  PasswordMismatch,     // PASSWORD_MISMATCH: wrong old password, or confirmation differs
  UserAlreadyExisting,  // USER_ALREADY_EXISTING
  LastAdmin,            // no ntopng code: would leave no enabled admin (ntopng: DELETE/EDIT_USER_FAILED)
};

/// The ntopng-style name: "OK", "NOT_FOUND", ..., "LAST_ADMIN".
std::string_view rc_name(Rc rc);

/// A failed operation: the code and a human-readable reason (safe to show to the caller).
struct Failure {
  Rc rc = Rc::InternalError;
  std::string message;
};

using store::unexpected;

template <typename T>
using Result = store::Expected<T, Failure>;
using Status = store::Expected<void, Failure>;

inline store::Unexpected<Failure> fail(Rc rc, std::string message) {
  return {Failure{rc, std::move(message)}};
}

}  // namespace netmeter::auth
