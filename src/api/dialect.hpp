#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "auth/rc.hpp"
#include "http/response.hpp"

namespace netmeter::api {

/// Which API a path belongs to; decides the error format.
enum class Dialect {
  allegro,  ///< /API/...: HTTP status + {"error": "...", "status": N}
  ntopng,   ///< /lua/...: {"rc", "rc_str", "rc_str_hr", "rsp"} with the rc's HTTP status
  plain,    ///< anything else (/healthz, unknown): the Allegro-style error object
};

Dialect dialect_of(std::string_view path);
/// True for /lua/rest/...: CORS headers and preflight answers apply.
bool is_ntopng_rest(std::string_view path);

/// ntopng return codes used by netmeter (numbers from the spec).
enum class NtopRc {
  Ok = 0,
  NotFound = -1,
  InvalidInterface = -2,
  NotGranted = -3,
  InvalidHost = -4,
  InvalidArguments = -5,
  InternalError = -6,
  BadFormat = -7,
  BadContent = -8,
  PasswordMismatch = -19,
  AddUserFailed = -20,
  DeleteUserFailed = -21,
  UserAlreadyExisting = -23,
  UserDoesNotExist = -123,  // the spec gives -23 to both; sent as -23, kept apart here for the status
  EditUserFailed = -24,
};

int ntop_rc_number(NtopRc rc);
std::string_view ntop_rc_name(NtopRc rc);
/// HTTP status of an rc (COMPAT.md): 0→200, -1→404, -3→403 (401 is chosen by the caller for missing
/// credentials), -6→500, user conflicts→409, USER_DOES_NOT_EXIST→404, the rest→400.
int ntop_rc_status(NtopRc rc);

/// A JSON response with `application/json`.
http::Response json_response(int status, const boost::json::value& body);

/// `{"rc": 0, "rc_str": "OK", "rc_str_hr": "Success", "rsp": rsp}` with 200.
http::Response ntop_ok(const boost::json::value& rsp);
/// An ntopng error envelope with `rsp: []`; `status` 0 means ntop_rc_status(rc).
http::Response ntop_error(NtopRc rc, std::string_view message, int status = 0);

/// `{"error": message, "status": status}` with that status.
http::Response allegro_error(int status, std::string_view message);

/// An error for `dialect` with HTTP `status`; for ntopng the rc is derived from the status.
http::Response dialect_error(Dialect dialect, int status, std::string_view message);

/// The ntopng rc standing for an auth-module outcome; `fallback` for codes the endpoint names itself
/// (ADD_USER_FAILED, DELETE_USER_FAILED, ...).
NtopRc ntop_rc_of(auth::Rc rc, NtopRc fallback);
/// The HTTP status standing for an auth-module outcome (Allegro dialect).
int status_of(auth::Rc rc);

}  // namespace netmeter::api
