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

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    // Lead byte: how many continuation bytes follow, and the range the second byte must lie in (which
    // rules out overlong forms, surrogates and code points above U+10FFFF).
    int more = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (end - p <= more) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i <= more; ++i)
      if ((p[i] & 0xC0) != 0x80) return false;
    p += more + 1;
  }
  return true;
}

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
