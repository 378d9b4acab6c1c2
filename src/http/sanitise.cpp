#include "http/sanitise.hpp"

namespace netmeter::http {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_tchar(char c) {
  static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return is_alnum(c) || extra.find(c) != std::string_view::npos;
}

std::string_view base_name(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

// Keeps `allowed` characters, replaces the others with '_', drops leading dots and spaces, caps the size.
template <typename Allowed>
std::string filter_name(std::string_view name, Allowed allowed) {
  constexpr size_t kMaxName = 200;
  std::string out;
  for (char c : base_name(name)) {
    if (out.size() >= kMaxName) break;
    if (out.empty() && (c == '.' || c == ' ')) continue;
    out.push_back(allowed(c) ? c : '_');
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

}  // namespace

bool is_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

std::string sanitise_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) continue;
    out.push_back(c);
  }
  size_t first = out.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  size_t last = out.find_last_not_of(" \t");
  return out.substr(first, last - first + 1);
}

std::string sanitise_file_name(std::string_view name) {
  return filter_name(name,
                     [](char c) { return is_alnum(c) || c == '.' || c == '-' || c == '_' || c == ' '; });
}

std::string content_disposition_attachment(std::string_view file_name) {
  std::string safe =
      filter_name(file_name, [](char c) { return is_alnum(c) || c == '.' || c == '-' || c == '_'; });
  if (safe.empty()) safe = "download";
  return "attachment; filename=\"" + safe + "\"";
}

}  // namespace netmeter::http
