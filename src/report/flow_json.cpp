#include "report/flow_json.hpp"

#include "report/analysis_report.hpp"

namespace netmeter::report {

namespace {

// Epoch seconds with microsecond precision.
double seconds(core::Timestamp t) {
  return static_cast<double>(t.micros()) / 1e6;
}

void direction(JsonWriter& w, const flow::DirectionStats& d) {
  w.begin_object().member("packets", d.packets).member("bytes", d.bytes);
  w.member("payload_bytes", d.payload_bytes).end_object();
}

void tcp_direction(JsonWriter& w, const flow::TcpDirection& d) {
  w.begin_object().member("retransmissions", d.retransmissions).member("out_of_order", d.out_of_order);
  w.member("lost", d.lost).member("zero_windows", d.zero_windows).end_object();
}

void rtt_member(JsonWriter& w, std::string_view key, int64_t ns) {
  w.key(key);
  if (ns >= 0)
    w.value(static_cast<double>(ns) / 1e6);
  else
    w.null();
}

void tcp(JsonWriter& w, const flow::TcpInfo& t) {
  w.begin_object().member("state", flow::tcp_state_name(t.state));
  w.key("client_to_server");
  tcp_direction(w, t.dir[0]);
  w.key("server_to_client");
  tcp_direction(w, t.dir[1]);
  rtt_member(w, "client_rtt_ms", t.client_rtt_ns);
  rtt_member(w, "server_rtt_ms", t.server_rtt_ns);
  w.end_object();
}

const char* detection(const flow::AppInfo& app) {
  if (app.status == flow::DpiStatus::Detected) return "dpi";
  return app.guessed ? "guessed" : "undetected";
}

}  // namespace

const FlowNames::Names& FlowNames::get(const flow::AppInfo& app) {
  uint64_t key =
      (uint64_t{app.master} << 48) | (uint64_t{app.app} << 32) | (uint64_t{app.category} << 8) | app.breed;
  auto [it, inserted] = names_.try_emplace(key);
  if (inserted)
    it->second = {classifier_.application_name(app), classifier_.category_name(app),
                  classifier_.breed_name(app)};
  return it->second;
}

const std::string& FlowNames::risks(uint64_t risk) {
  auto [it, inserted] = risks_.try_emplace(risk);
  if (inserted) {
    JsonWriter w(it->second);
    w.begin_array();
    for (const auto& name : classifier_.risk_names(risk))
      w.value(name);
    w.end_array();
  }
  return it->second;
}

void write_flow(JsonWriter& w, const flow::Flow& f, FlowNames& names) {
  const FlowNames::Names& n = names.get(f.app);
  w.begin_object();
  w.member("client_ip", f.client().ip.to_string()).member("client_port", f.client().port);
  w.member("server_ip", f.server().ip.to_string()).member("server_port", f.server().port);
  w.member("l4", l4_name(f.key.l4)).member("vlan", f.key.vlan);
  w.member("application", n.application).member("category", n.category).member("breed", n.breed);
  w.member("detection", detection(f.app));
  w.member("packets", f.packets()).member("bytes", f.bytes());
  w.member("first_seen", seconds(f.first_seen())).member("last_seen", seconds(f.last_seen()));
  w.key("client_to_server");
  direction(w, f.dir[0]);
  w.key("server_to_client");
  direction(w, f.dir[1]);
  w.member("end", flow::end_reason_name(f.end));
  if (!f.app.server_name.empty()) w.member("server_name", f.app.server_name);
  if (f.app.risk) w.key("risks").raw(names.risks(f.app.risk));
  if (f.key.l4 == 6) {
    w.key("tcp");
    tcp(w, f.tcp);
  }
  w.end_object();
}

}  // namespace netmeter::report
