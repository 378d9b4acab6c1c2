#include "api/ntopng/alert_csv.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "alerts/alert_service.hpp"
#include "alerts/alert_types.hpp"
#include "api/common/alert_select.hpp"
#include "api/common/csv_body.hpp"
#include "api/dialect.hpp"
#include "core/ip_protocol.hpp"
#include "query/name_resolver.hpp"

namespace netmeter::api::ntopng {

using alerts::Alert;
using alerts::Entity;

namespace {

constexpr int64_t kBatch = 1000;

constexpr std::string_view kCommon =
    "family|tstamp|alert_id|alert_name|alert_category|score|severity|duration|count";
constexpr std::string_view kFlow =
    "|cli_ip|cli_port|srv_ip|srv_port|vlan_id|proto|l7_proto|info|flow_risk|bpf";
constexpr std::string_view kHost = "|ip|vlan_id|role|value|threshold|msg";
constexpr std::string_view kInterface = "|ifid|value|threshold|msg";
constexpr std::string_view kMac = "|address|device_type|name|ip|vlan_id|description";

/// One text field: quoted as csv_field quotes (and formula-guarded), and also when it holds the `|`.
void text(std::string& out, std::string_view field) {
  out.push_back('|');
  if (field.find('|') == std::string_view::npos) return csv_field(out, field);
  out.push_back('"');
  for (char ch : field) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

void number(std::string& out, int64_t value) {
  out.push_back('|');
  csv_number(out, value);
}

void common(std::string& out, const Alert& a) {
  const alerts::AlertType* t = alerts::find_alert_type(a.entity, a.type_id);
  out.append(alerts::entity_name(a.entity));
  number(out, a.begin_s);
  number(out, a.type_id);
  text(out, alert_type_label(a.entity, a.type_id));
  number(out, t ? static_cast<int64_t>(t->category) : 0);
  number(out, a.score);
  number(out, static_cast<int64_t>(a.severity));
  number(out, a.end_s ? a.duration_s() : 0);
  number(out, 1);
}

std::string threshold_message(const Alert& a, bool percent) {
  const char* unit = percent ? "%" : "";
  std::string label = alert_type_label(a.entity, a.type_id);
  return label + " [" + std::to_string(a.value) + unit + " > " + std::to_string(a.threshold) + unit + "]";
}

void row(std::string& out, const Alert& a, const query::NameResolver& names) {
  common(out, a);
  if (a.entity == Entity::Flow) {
    text(out, a.client.ip.to_string());
    number(out, a.client.port);
    text(out, a.server.ip.to_string());
    number(out, a.server.port);
    number(out, a.vlan);
    text(out, core::ip_protocol_name(a.l4));
    text(out, names.application(a.l7_master, a.l7_app));
    text(out, a.info);
    text(out, std::to_string(a.flow_risk));
    text(out, alert_bpf(a));
  } else if (a.entity == Entity::Host) {
    text(out, a.ip.to_string());
    number(out, a.vlan);
    text(out, a.is_attacker ? "attacker" : "victim");
    number(out, static_cast<int64_t>(a.value));
    number(out, static_cast<int64_t>(a.threshold));
    text(out, a.ip.to_string() + " " + threshold_message(a, false));
  } else if (a.entity == Entity::Mac) {
    text(out, mac_change(a).second);
    number(out, 0);
    text(out, a.ip.to_string());
    text(out, a.ip.to_string());
    number(out, a.vlan);
    text(out, mac_change_description(a));
  } else {
    number(out, a.ifid);
    number(out, static_cast<int64_t>(a.value));
    number(out, static_cast<int64_t>(a.threshold));
    text(out, threshold_message(a, true));
  }
  out.append("\r\n");
}

}  // namespace

http::Response alert_csv(ApiServices& services, const NtopCall& c, Entity entity, const AlertRequest& r) {
  std::string header(kCommon);
  header += entity == Entity::Flow   ? kFlow
            : entity == Entity::Host ? kHost
            : entity == Entity::Mac  ? kMac
                                     : kInterface;
  AlertQuery q = r.query;
  int64_t left = r.length_given ? q.length : INT64_MAX;
  auto rows = [service = services.alerts, slot = c.slot, q, left, visible = c.visible()](
                  std::string& out, size_t want) mutable {
    while (out.size() < want && left > 0) {
      q.length = std::min(left, kBatch);
      auto page = select_alerts(*service, q, visible);
      if (!page || page->page.empty()) return false;
      slot->query()->read([&](const stats::StatsStore&, const query::NameResolver& names) {
        for (const Alert& a : page->page)
          row(out, a, names);
      });
      q.offset += static_cast<int64_t>(page->page.size());
      left -= static_cast<int64_t>(page->page.size());
      if (static_cast<int64_t>(page->page.size()) < q.length) return false;
    }
    return left > 0;
  };
  return csv_response(header, std::move(rows), std::string(alerts::entity_name(entity)) + "_alerts.csv");
}

}  // namespace netmeter::api::ntopng
