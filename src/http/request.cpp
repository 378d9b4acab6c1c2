#include "http/request.hpp"

namespace netmeter::http {

std::optional<std::string_view> RequestHead::query_value(std::string_view key) const {
  for (const auto& p : query) {
    if (p.key == key) return std::string_view(p.value);
  }
  return std::nullopt;
}

std::vector<std::string_view> RequestHead::query_values(std::string_view key) const {
  std::vector<std::string_view> out;
  for (const auto& p : query) {
    if (p.key == key) out.emplace_back(p.value);
  }
  return out;
}

const FormField* Request::form_field(std::string_view name) const {
  for (const auto& f : form_fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace netmeter::http
