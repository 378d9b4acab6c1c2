#include "http/handler.hpp"

namespace netmeter::http {

BodyPolicy BodyPolicy::in_memory(std::optional<uint64_t> max_bytes) {
  BodyPolicy p;
  p.max_bytes = max_bytes;
  return p;
}

BodyPolicy BodyPolicy::to_file(std::string directory, uint64_t max_bytes) {
  BodyPolicy p;
  p.storage = Storage::file;
  p.directory = std::move(directory);
  p.max_bytes = max_bytes;
  return p;
}

BodyPolicy BodyPolicy::rejected(Response response) {
  BodyPolicy p;
  p.reject = std::move(response);
  return p;
}

BodyPolicy Handler::body_policy(const RequestHead& /*head*/) {
  return BodyPolicy::in_memory();
}

Response Handler::error_response(int status, std::string_view message, const RequestHead* /*head*/) {
  std::string text = std::to_string(status) + " " + std::string(reason_phrase(status));
  if (!message.empty()) text += ": " + std::string(message);
  text += '\n';
  return Response(status, "text/plain; charset=utf-8", std::move(text));
}

}  // namespace netmeter::http
