#include "api/dialect.hpp"

#include <boost/json.hpp>

namespace netmeter::api {

namespace json = boost::json;

Dialect dialect_of(std::string_view path) {
  if (path == "/API" || path.starts_with("/API/")) return Dialect::allegro;
  if (path == "/lua" || path.starts_with("/lua/")) return Dialect::ntopng;
  return Dialect::plain;
}

bool is_ntopng_rest(std::string_view path) {
  return path.starts_with("/lua/rest/") || path.starts_with("/lua/pro/rest/");
}

int ntop_rc_number(NtopRc rc) {
  return rc == NtopRc::UserDoesNotExist ? -23 : static_cast<int>(rc);
}

std::string_view ntop_rc_name(NtopRc rc) {
  switch (rc) {
    case NtopRc::Ok:
      return "OK";
    case NtopRc::NotFound:
      return "NOT_FOUND";
    case NtopRc::InvalidInterface:
      return "INVALID_INTERFACE";
    case NtopRc::NotGranted:
      return "NOT_GRANTED";
    case NtopRc::InvalidHost:
      return "INVALID_HOST";
    case NtopRc::InvalidArguments:
      return "INVALID_ARGUMENTS";
    case NtopRc::InternalError:
      return "INTERNAL_ERROR";
    case NtopRc::BadFormat:
      return "BAD_FORMAT";
    case NtopRc::BadContent:
      return "BAD_CONTENT";
    case NtopRc::PasswordMismatch:
      return "PASSWORD_MISMATCH";
    case NtopRc::AddUserFailed:
      return "ADD_USER_FAILED";
    case NtopRc::DeleteUserFailed:
      return "DELETE_USER_FAILED";
    case NtopRc::UserAlreadyExisting:
      return "USER_ALREADY_EXISTING";
    case NtopRc::UserDoesNotExist:
      return "USER_DOES_NOT_EXIST";
    case NtopRc::EditUserFailed:
      return "EDIT_USER_FAILED";
  }
  return "INTERNAL_ERROR";
}

int ntop_rc_status(NtopRc rc) {
  switch (rc) {
    case NtopRc::Ok:
      return 200;
    case NtopRc::NotFound:
    case NtopRc::UserDoesNotExist:
      return 404;
    case NtopRc::NotGranted:
      return 403;
    case NtopRc::InternalError:
      return 500;
    case NtopRc::PasswordMismatch:  // a request error, not a conflict with stored state
      return 400;
    case NtopRc::AddUserFailed:
    case NtopRc::DeleteUserFailed:
    case NtopRc::UserAlreadyExisting:
    case NtopRc::EditUserFailed:
      return 409;
    default:
      return 400;
  }
}

http::Response json_response(int status, const json::value& body) {
  return http::Response(status, "application/json", json::serialize(body));
}

http::Response ntop_ok(const json::value& rsp) {
  json::object o;
  o["rc"] = 0;
  o["rc_str"] = "OK";
  o["rc_str_hr"] = "Success";
  o["rsp"] = rsp;
  return json_response(200, o);
}

http::Response ntop_error(NtopRc rc, std::string_view message, int status) {
  json::object o;
  o["rc"] = ntop_rc_number(rc);
  o["rc_str"] = ntop_rc_name(rc);
  o["rc_str_hr"] = message;
  o["rsp"] = json::array();
  return json_response(status != 0 ? status : ntop_rc_status(rc), o);
}

http::Response allegro_error(int status, std::string_view message) {
  json::object o;
  o["error"] = message;
  o["status"] = status;
  return json_response(status, o);
}

namespace {

NtopRc rc_for_status(int status) {
  switch (status) {
    case 401:
    case 403:
      return NtopRc::NotGranted;
    case 404:
    case 405:
      return NtopRc::NotFound;
    case 400:
    case 408:
    case 413:
    case 415:
    case 431:
      return NtopRc::InvalidArguments;
    default:
      return NtopRc::InternalError;
  }
}

}  // namespace

http::Response dialect_error(Dialect dialect, int status, std::string_view message) {
  if (dialect == Dialect::ntopng) return ntop_error(rc_for_status(status), message, status);
  return allegro_error(status, message);
}

NtopRc ntop_rc_of(auth::Rc rc, NtopRc fallback) {
  switch (rc) {
    case auth::Rc::Ok:
      return NtopRc::Ok;
    case auth::Rc::NotGranted:
      return NtopRc::NotGranted;
    case auth::Rc::InvalidArguments:
      return NtopRc::InvalidArguments;
    case auth::Rc::InternalError:
      return NtopRc::InternalError;
    case auth::Rc::PasswordMismatch:
      return NtopRc::PasswordMismatch;
    case auth::Rc::UserAlreadyExisting:
      return NtopRc::UserAlreadyExisting;
    case auth::Rc::NotFound:
      return NtopRc::UserDoesNotExist;
    case auth::Rc::LastAdmin:
      return fallback;
  }
  return fallback;
}

int status_of(auth::Rc rc) {
  switch (rc) {
    case auth::Rc::Ok:
      return 200;
    case auth::Rc::NotFound:
      return 404;
    case auth::Rc::NotGranted:
      return 403;
    case auth::Rc::InvalidArguments:
    case auth::Rc::PasswordMismatch:
      return 400;
    case auth::Rc::UserAlreadyExisting:
    case auth::Rc::LastAdmin:
      return 409;
    case auth::Rc::InternalError:
      return 500;
  }
  return 500;
}

}  // namespace netmeter::api
