#include "http/response.hpp"

#include <array>

#include "http/sanitise.hpp"

namespace netmeter::http {
namespace {

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool compressible_type(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ')
    type.remove_suffix(1);
  if (starts_with_icase(type, "text/")) return true;
  static constexpr std::array<std::string_view, 6> kTypes = {"application/json", "application/javascript",
                                                             "application/xml",  "application/csv",
                                                             "image/svg+xml",    "application/x-ndjson"};
  for (auto t : kTypes) {
    if (iequals(type, t)) return true;
  }
  return type.size() > 5 && iequals(type.substr(type.size() - 5), "+json");
}

}  // namespace

void Waker::wake() const {
  if (target_) target_->wake();
}

Response::Response(int status_code, std::string_view content_type, std::string body_text)
    : status(status_code), body(std::move(body_text)) {
  set_header("Content-Type", content_type);
}

bool Response::set_header(std::string_view name, std::string_view value) {
  if (!is_header_name(name)) return false;
  headers_.set(std::string(name), sanitise_header_value(value));
  return true;
}

bool Response::add_header(std::string_view name, std::string_view value) {
  if (!is_header_name(name)) return false;
  headers_.add(std::string(name), sanitise_header_value(value));
  return true;
}

void Response::set_attachment(std::string_view file_name) {
  headers_.set("Content-Disposition", content_disposition_attachment(file_name));
}

bool Response::compressible() const {
  if (compress) return *compress;
  auto type = headers_.get("Content-Type");
  return type && compressible_type(*type);
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

}  // namespace netmeter::http
