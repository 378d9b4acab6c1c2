#include "api/ntopng/alert_request.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <string_view>
#include <utility>

#include "alerts/alert_types.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "core/ip_address.hpp"

namespace netmeter::api::ntopng {

namespace {

constexpr int64_t kMaxPage = 10'000;

std::optional<int64_t> whole_number(std::string_view text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

/// ntopng's tag filters are "value" or "value;op"; netmeter implements op "eq" only.
std::optional<http::Response> tag_value(const Params& params, std::string_view name, std::string& out) {
  auto raw = params.non_empty(name);
  if (!raw) return std::nullopt;
  std::string_view v = *raw;
  if (auto semi = v.find(';'); semi != std::string_view::npos) {
    if (v.substr(semi + 1) != "eq") return invalid_arguments(std::string(name) + ": only the eq operator");
    v = v.substr(0, semi);
  }
  out = std::string(v);
  return std::nullopt;
}

std::optional<http::Response> number_filter(const Params& params, std::string_view name,
                                            std::optional<int64_t>& out) {
  std::string text;
  if (auto bad = tag_value(params, name, text)) return bad;
  if (text.empty()) return std::nullopt;
  out = whole_number(text);
  if (!out) return invalid_arguments(std::string(name) + " must be a number");
  return std::nullopt;
}

std::optional<http::Response> parse_filter(const Params& p, store::AlertFilter& f) {
  auto begin = p.integer("epoch_begin", 0, INT64_MAX);
  auto end = p.integer("epoch_end", 0, INT64_MAX);
  if (begin.error) return invalid_arguments(*begin.error);
  if (end.error) return invalid_arguments(*end.error);
  if (begin.value && end.value && *begin.value <= *end.value) {  // as ntopng: ignored otherwise
    f.epoch_begin = begin.value;
    f.epoch_end = end.value;
  }
  if (auto bad = number_filter(p, "alert_id", f.alert_id)) return bad;
  if (!f.alert_id)
    if (auto bad = number_filter(p, "alert_type", f.alert_id)) return bad;
  if (auto bad = number_filter(p, "severity", f.severity)) return bad;
  if (!f.severity)
    if (auto bad = number_filter(p, "alert_severity", f.severity)) return bad;
  if (auto bad = number_filter(p, "row_id", f.row_id)) return bad;
  std::string ip;
  if (auto bad = tag_value(p, "ip", ip)) return bad;
  if (!ip.empty()) {
    auto parsed = core::IpAddress::parse(ip);
    if (!parsed) return invalid_arguments("ip is not an address");
    f.ip = parsed->to_string();
  }
  return std::nullopt;
}

/// ntopng's `sort` column names (its records' fields) and `order` (asc|desc; default desc).
std::optional<http::Response> parse_order(const Params& p, AlertQuery& q) {
  using C = store::AlertStore::SortColumn;
  static constexpr std::pair<std::string_view, C> kColumns[] = {
      {"tstamp", C::Time},      {"severity", C::Severity}, {"score", C::Score},
      {"alert_id", C::AlertId}, {"duration", C::Duration}, {"ip", C::Ip},
      {"cli_ip", C::ClientIp},  {"srv_ip", C::ServerIp}};
  if (auto sort = p.non_empty("sort")) {
    auto it = std::find_if(std::begin(kColumns), std::end(kColumns),
                           [&](const auto& c) { return c.first == *sort; });
    if (it == std::end(kColumns))
      return invalid_arguments("sort: tstamp, severity, score, alert_id, duration, ip, cli_ip or srv_ip");
    q.sort = it->second;
  }
  if (auto order = p.non_empty("order")) {
    if (*order != "asc" && *order != "desc") return invalid_arguments("order: asc or desc");
    q.descending = *order == "desc";
  }
  return std::nullopt;
}

}  // namespace

std::optional<http::Response> parse_alert_request(const Params& p, uint32_t ifid,
                                                  std::optional<alerts::Entity> entity, AlertRequest& r) {
  if (auto status = p.non_empty("status")) r.query.engaged = *status == "engaged";
  r.query.filter.ifids = std::vector<int64_t>{ifid};
  if (entity) r.query.filter.entity = static_cast<int64_t>(*entity);
  if (auto bad = parse_filter(p, r.query.filter)) return bad;
  if (auto bad = parse_order(p, r.query)) return bad;
  auto start = p.integer("start", 0, INT64_MAX);
  auto length = p.integer("length", 0, kMaxPage);
  if (start.error) return invalid_arguments(*start.error);
  if (length.error) return invalid_arguments(*length.error);
  if (start.value) r.query.offset = *start.value;
  if (length.value) r.query.length = *length.value;
  r.length_given = length.value.has_value();
  if (auto format = p.non_empty("format")) {
    if (*format != "json" && *format != "txt") return invalid_arguments("format: json or txt");
    r.csv = *format == "txt";
  }
  return std::nullopt;
}

std::string alert_type_label(alerts::Entity entity, uint16_t id) {
  const alerts::AlertType* t = alerts::find_alert_type(entity, id);
  return t ? alerts::alert_label(*t) : std::to_string(id);
}

Route alert_read_route(ApiServices& services, std::optional<alerts::Entity> entity, AlertFn fn) {
  return interface_route(
      services,
      [&services, entity, fn = std::move(fn)](NtopCall& c) {
        if (!services.alerts) return alerts_missing();
        AlertRequest r;
        if (auto bad = parse_alert_request(c.call.params, c.ifid, entity, r)) return std::move(*bad);
        return fn(c, r);
      },
      false);
}

std::pair<std::string, std::string> mac_change(const alerts::Alert& a) {
  const std::string_view info = a.info;
  const size_t arrow = info.find(" -> ");
  if (arrow == std::string_view::npos) return {"", std::string(info)};
  return {std::string(info.substr(0, arrow)), std::string(info.substr(arrow + 4))};
}

std::string mac_change_description(const alerts::Alert& a) {
  auto [old_mac, new_mac] = mac_change(a);
  return "IP " + a.ip.to_string() + " changed association from " + old_mac + " to " + new_mac;
}

http::Response alerts_missing() {
  return ntop_error(NtopRc::InternalError, "alerts are off");
}

}  // namespace netmeter::api::ntopng
