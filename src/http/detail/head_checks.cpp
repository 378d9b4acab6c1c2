#include "http/detail/head_checks.hpp"

#include "http/url.hpp"

namespace netmeter::http {

std::optional<TransportError> complete_head(RequestHead& head) {
  if (head.version != 10 && head.version != 11) return TransportError{505, "only HTTP/1.0 and HTTP/1.1"};
  size_t hosts = head.headers.get_all("Host").size();
  if (hosts > 1 || (head.version == 11 && hosts == 0)) {
    return TransportError{400, "an HTTP/1.1 request needs exactly one Host header"};
  }
  auto target = parse_target(head.target);
  if (!target) return TransportError{400, "invalid request target"};
  head.path = std::move(target->path);
  head.raw_query = std::move(target->raw_query);
  head.query = parse_query(head.raw_query);
  return std::nullopt;
}

bool expects_continue(const RequestHead& head) {
  auto expect = head.header("Expect");
  return head.version == 11 && expect && iequals(*expect, "100-continue") && head.has_body();
}

}  // namespace netmeter::http
