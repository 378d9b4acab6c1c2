#include "api/params.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "http/header_value.hpp"
#include "http/headers.hpp"
#include "http/multipart_parser.hpp"
#include "http/sanitise.hpp"
#include "http/url.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

std::optional<std::string> scalar_text(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return std::string(v.get_string());
    case json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    case json::kind::null:
      return std::string();
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return json::serialize(v);
    default:
      return std::nullopt;
  }
}

// Collects the fields of a multipart body kept in memory.
class FieldSink final : public http::MultipartParser::Sink {
 public:
  explicit FieldSink(Params& params) : params_(params) {}
  bool on_part_begin(const http::MultipartPartHead& head) override {
    name_ = head.name;
    value_.clear();
    return true;
  }
  bool on_part_data(std::span<const char> data) override {
    value_.append(data.data(), data.size());
    return true;
  }
  bool on_part_end() override {
    if (!name_.empty()) params_.add(name_, value_);
    return true;
  }

 private:
  Params& params_;
  std::string name_;
  std::string value_;
};

}  // namespace

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    auto item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

std::optional<std::string> Params::parse(const http::Request& request) {
  if (auto problem = parse_sources(request)) return problem;
  return check_text();
}

// Every text that reaches a route is valid UTF-8: what is stored and listed again must serialise as JSON.
std::optional<std::string> Params::check_text() const {
  for (const auto& [key, value] : values_) {
    if (!http::is_valid_utf8(key)) return "a parameter name is not valid UTF-8";
    if (!http::is_valid_utf8(value)) return "parameter '" + key + "' is not valid UTF-8";
  }
  return std::nullopt;
}

std::optional<std::string> Params::parse_sources(const http::Request& request) {
  for (const auto& q : request.query)
    add(q.key, q.value);
  for (const auto& f : request.form_fields)
    add(f.name, f.value);
  if (request.body.empty()) return std::nullopt;
  auto type = http::parse_parameterized(request.header("Content-Type").value_or(""));
  if (type.value == "application/x-www-form-urlencoded") {
    for (auto& p : http::parse_query(request.body))
      add(std::move(p.key), std::move(p.value));
    return std::nullopt;
  }
  if (type.value == "multipart/form-data")
    return parse_multipart(request.body, request.header("Content-Type").value_or(""));
  // JSON is the default: clients often forget the Content-Type (ntopng documents it, curl -d sends form).
  auto first = request.body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  if (type.value.empty() || type.value == "application/json" || type.value == "text/plain")
    return parse_json(request.body);
  return "unsupported Content-Type '" + type.value + "'";
}

std::optional<std::string> Params::parse_json(std::string_view body) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 32;
  json::value v = json::parse(body, ec, {}, options);
  if (ec) return "malformed JSON body: " + ec.message();
  if (!v.is_object()) return "the JSON body must be an object";
  for (const auto& [key, value] : v.get_object()) {
    if (auto text = scalar_text(value)) {
      add(std::string(key), std::move(*text));
    } else if (value.is_array()) {
      std::string joined;
      for (const auto& item : value.get_array()) {
        auto t = scalar_text(item);
        if (!t) return "parameter '" + std::string(key) + "' must be a list of scalars";
        if (!joined.empty()) joined += ',';
        joined += *t;
      }
      add(std::string(key), std::move(joined));
    } else {
      add(std::string(key), json::serialize(value));  // an object: its JSON text, for routes that read it
    }
  }
  return std::nullopt;
}

std::optional<std::string> Params::parse_multipart(std::string_view body, std::string_view content_type) {
  auto boundary = http::MultipartParser::boundary_of(content_type);
  if (!boundary) return "multipart body without a valid boundary";
  FieldSink sink(*this);
  http::MultipartParser parser(*boundary, sink);
  if (!parser.feed(std::span<const char>(body.data(), body.size())) || !parser.finish())
    return "malformed multipart body: " + parser.error();
  return std::nullopt;
}

std::optional<std::string_view> Params::get(std::string_view key) const {
  for (const auto& [k, v] : values_)
    if (k == key) return v;
  return std::nullopt;
}

std::optional<std::string_view> Params::non_empty(std::string_view key) const {
  auto v = get(key);
  if (v && v->empty()) return std::nullopt;
  return v;
}

Params::Integer Params::integer(std::string_view key, int64_t min, int64_t max) const {
  auto text = non_empty(key);
  if (!text) return {};
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || p != text->data() + text->size() || v < min || v > max)
    return {std::nullopt, std::string(key) + " must be a whole number from " + std::to_string(min) + " to " +
                              std::to_string(max)};
  return {v, std::nullopt};
}

std::optional<bool> Params::flag(std::string_view key) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  for (std::string_view t : {"1", "true", "on", "yes"})
    if (http::iequals(*v, t)) return true;
  return false;
}

}  // namespace netmeter::api
