#include "core/ip_address.hpp"

#include <arpa/inet.h>

namespace netmeter::core {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);
  uint8_t buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return v4(buf);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return v6(buf);
  return std::nullopt;
}

std::string IpAddress::to_string() const {
  char out[INET6_ADDRSTRLEN] = {};
  if (version_ == 4)
    inet_ntop(AF_INET, bytes_.data(), out, sizeof out);
  else if (version_ == 6)
    inet_ntop(AF_INET6, bytes_.data(), out, sizeof out);
  return out;
}

}  // namespace netmeter::core
