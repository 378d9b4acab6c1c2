#include "auth/rc.hpp"

namespace netmeter::auth {

std::string_view rc_name(Rc rc) {
  switch (rc) {
    case Rc::Ok:
      return "OK";
    case Rc::NotFound:
      return "NOT_FOUND";
    case Rc::NotGranted:
      return "NOT_GRANTED";
    case Rc::InvalidArguments:
      return "INVALID_ARGUMENTS";
    case Rc::InternalError:
      return "INTERNAL_ERROR";
    case Rc::PasswordMismatch:
      return "PASSWORD_MISMATCH";
    case Rc::UserAlreadyExisting:
      return "USER_ALREADY_EXISTING";
    case Rc::LastAdmin:
      return "LAST_ADMIN";
  }
  return "INTERNAL_ERROR";
}

}  // namespace netmeter::auth
