#include "api/allegro/counters_json.hpp"

#include <array>

#include "api/common/csv_body.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 4> kTrafficRows = {"rxPackets", "rxBytes", "txPackets", "txBytes"};

}  // namespace

json::array counter_array(const stats::Traffic& t, std::initializer_list<uint64_t> extra) {
  json::array a;
  a.reserve(4 + extra.size());
  a.emplace_back(t.rx_packets);
  a.emplace_back(t.rx_bytes);
  a.emplace_back(t.tx_packets);
  a.emplace_back(t.tx_bytes);
  for (uint64_t v : extra)
    a.emplace_back(v);
  return a;
}

void csv_traffic_fields(std::string& out, const stats::Traffic& t) {
  for (uint64_t v : {t.rx_packets, t.rx_bytes, t.tx_packets, t.tx_bytes}) {
    out.push_back(',');
    csv_number(out, v);
  }
}

void put_counters(json::object& o, const query::TrafficValues& v) {
  o["allTime"] = counter_array(v.all_time);
  o["interval"] = counter_array(v.interval);
  o["lastSecond"] = counter_array(v.last_second);
  o["intervalPerSecond"] = counter_array(v.interval_per_second);
}

std::span<const std::string_view> traffic_rows() {
  return kTrafficRows;
}

json::object history_object(const query::Graph& graph, bool with_data, int64_t data_age_ms) {
  json::object h;
  json::array rows;
  for (std::string_view r : kTrafficRows)
    rows.emplace_back(r);
  h["rows"] = std::move(rows);
  h["dataAge"] = data_age_ms;
  h["timespan"] = graph.step;
  if (!with_data) return h;
  json::array data;
  data.reserve(graph.points.size() * 5);
  const uint64_t step = static_cast<uint64_t>(graph.step > 0 ? graph.step : 1);
  for (const query::GraphPoint& p : graph.points) {
    data.emplace_back(p.time_ms);
    data.emplace_back(p.value.rx_packets / step);
    data.emplace_back(p.value.rx_bytes / step);
    data.emplace_back(p.value.tx_packets / step);
    data.emplace_back(p.value.tx_bytes / step);
  }
  h["data"] = std::move(data);
  return h;
}

void put_history(json::object& o, const query::QueryService& q, const query::EntityRef& ref,
                 const TimeParams& time) {
  if (!time.history) return;
  auto graph = q.graph(ref, time.graph);
  if (!graph) return;
  const int64_t age_ms = graph->end * 1000;
  o["history"] = history_object(*graph, time.history_data, age_ms);
}

}  // namespace netmeter::api::allegro
