#include "api/origin_check.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace netmeter::api {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "scheme://authority" of an absolute URL, lower-cased; empty when it is not one.
std::string origin_of(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return {};
  auto authority_end = url.find_first_of("/?#", scheme_end + 3);
  return lower(url.substr(0, authority_end));
}

// The authority without the scheme's default port: "host:443" and "host" are the same https origin.
std::string without_default_port(std::string origin) {
  for (std::string_view suffix : {std::string_view("https://"), std::string_view("http://")}) {
    if (!origin.starts_with(suffix)) continue;
    std::string_view port = suffix == "https://" ? ":443" : ":80";
    if (origin.ends_with(port)) origin.resize(origin.size() - port.size());
  }
  return origin;
}

std::string own_origin(const http::RequestHead& head) {
  auto host = head.header("Host");
  if (!host || host->empty()) return {};
  return without_default_port(std::string(head.tls ? "https://" : "http://") + lower(*host));
}

}  // namespace

bool same_origin(const http::RequestHead& head) {
  std::string claimed;
  if (auto origin = head.header("Origin")) {
    claimed = lower(*origin);
    if (claimed == "null") return false;
  } else if (auto referer = head.header("Referer")) {
    claimed = origin_of(*referer);
    if (claimed.empty()) return false;  // a Referer that is no absolute URL names no origin of ours
  } else {
    return true;
  }
  std::string own = own_origin(head);
  return !own.empty() && without_default_port(origin_of(claimed)) == own;
}

}  // namespace netmeter::api
