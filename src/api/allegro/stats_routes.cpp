// /API/stats/interfaces, interfacesError, processing, pcap and reset (docs/api.md "Slots and interfaces").
#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/counters_json.hpp"
#include "api/allegro/stats_route.hpp"
#include "api/upload_status.hpp"
#include "history/export_queue.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;

namespace {

json::object interface_json(const StatsCall& c) {
  const SlotInfo& info = c.slot.slot->info();
  const SlotStatus st = c.slot.slot->status();
  const query::InterfaceSummary s = c.query().interface(c.time.interval);
  json::object o;
  o["id"] = info.id;
  o["name"] = info.name;
  o["live"] = st.live;
  o["linkType"] = st.link_type;
  // A capture file has no link to lose; a live source is up while it delivers.
  o["linkDetected"] = st.state == SlotStatus::State::running || !st.live;
  o["speed"] = nullptr;  // not known from libpcap
  put_counters(o, s.traffic);
  o["drops"] = json::object{{"kernel", st.kernel_drops}, {"interface", st.interface_drops}};
  put_history(o, c.query(), query::EntityRef{}, c.time);
  return o;
}

// The slots the caller may see, as upload_status lists them (prepared ones too), by id.
std::vector<SlotControl::UploadStatus> visible_uploads(ApiServices& s, const Call& call) {
  std::vector<SlotControl::UploadStatus> out;
  if (!s.slots) return out;
  for (auto& u : s.slots->upload_status())
    if (!call.principal || call.principal->may_see_interface(u.id)) out.push_back(std::move(u));
  return out;
}

/// A slot's flows on their way to the history store (docs/history.md "Counters").
json::object slot_export_json(const history::SlotExportCounters& c) {
  return {{"queued", c.queued},   {"exported", c.stored},       {"dropped", c.dropped},
          {"batches", c.batches}, {"errors", c.failed_batches}, {"lastError", c.last_error}};
}

/// The whole export queue's counters (every slot's).
json::object export_json(const history::ExportCounters& c) {
  json::object o =
      slot_export_json({c.queued, c.stored, c.dropped, c.batches, c.failed_batches, c.last_error});
  o["deleted"] = c.deleted;
  o["pending"] = c.pending;
  return o;
}

json::object processing_json(ApiServices& services, const SlotInfo& info,
                             const SlotControl::UploadStatus* upload,
                             const history::ExportCounters* exports) {
  json::object o;
  o["id"] = info.id;
  o["name"] = info.name;
  o["uploaded"] = info.uploaded;
  if (exports) {
    auto it = exports->slots.find(static_cast<uint16_t>(info.id));
    o["historyExport"] =
        slot_export_json(it != exports->slots.end() ? it->second : history::SlotExportCounters{});
  }
  if (upload) {
    // The upload's own view: state (prepared ... failed), bytes received of the announced size.
    o["upload"] = upload_status_json(services, *upload);
  }
  auto slot = services.slots->data(info.id);
  if (!slot) {
    if (upload) o["state"] = upload->state;
    return o;
  }
  const SlotStatus st = slot->status();
  o["state"] = st.state == SlotStatus::State::running ? "running" : "finished";
  o["live"] = st.live;
  o["startedAt"] = st.started_unix_ms;
  o["packetsRead"] = st.packets_read;
  if (const query::QueryService* q = slot->query()) {
    const query::InterfaceSummary s = q->interface();
    o["packets"] = s.traffic.all_time.packets();
    o["bytes"] = s.traffic.all_time.bytes();
    o["packetsPerSecond"] = s.traffic.last_second.packets();
    o["bytesPerSecond"] = s.traffic.last_second.bytes();
    o["packetTime"] = s.newest_second;
  }
  if (!st.live) {
    double pct = st.file_bytes_total ? 100.0 * static_cast<double>(st.file_bytes_done) /
                                           static_cast<double>(st.file_bytes_total)
                                     : 0.0;
    if (st.state == SlotStatus::State::finished) pct = 100.0;
    o["progressPercent"] = pct;
  }
  return o;
}

}  // namespace

void register_stats_routes(RouteTree& tree, ApiServices& s) {
  tree.add("GET", "/API/stats/interfaces", stats_route(s, [](StatsCall& c) {
             return json_response(200, json::object{{"interfaces", json::array{interface_json(c)}}});
           }));
  tree.add("GET", "/API/stats/interfacesError", stats_route(s, [](StatsCall& c) {
             const SlotStatus st = c.slot.slot->status();
             json::object o{{"id", c.slot_id()},
                            {"name", c.slot.slot->info().name},
                            {"kernelDrops", st.kernel_drops},
                            {"interfaceDrops", st.interface_drops}};
             return json_response(200, json::object{{"interfaces", json::array{std::move(o)}}});
           }));
  tree.add("GET", "/API/stats/processing",
           {[&s](Call& call) {
              json::array slots;
              std::optional<history::ExportCounters> exports;
              if (s.history_export) exports = s.history_export->counters();
              auto uploads = visible_uploads(s, call);
              for (const auto& u : uploads) {
                auto slot = s.slots->data(u.id);
                SlotInfo info = slot ? slot->info() : SlotInfo{u.id, u.file_name, true};
                // A three-step upload shows its upload state, others keep "running"/"finished".
                bool three_step = !slot || u.state == "prepared" || u.state == "waiting" ||
                                  u.state == "receiving" || u.state == "stopped" || u.state == "failed";
                json::object o =
                    processing_json(s, info, u.uploaded ? &u : nullptr, exports ? &*exports : nullptr);
                if (three_step) o["state"] = u.state;
                slots.push_back(std::move(o));
              }
              json::object answer{{"slots", std::move(slots)}};
              // Every slot's flows together: for those who see every slot.
              if (exports && call.principal && call.principal->role == auth::Role::Admin)
                answer["historyExport"] = export_json(*exports);
              return json_response(200, std::move(answer));
            },
            Need::read_stats, BodyKind::none});
  tree.add("GET", "/API/stats/pcap",
           {[&s](Call& call) {
              json::array slots;
              for (const auto& u : visible_uploads(s, call))
                slots.push_back(upload_status_json(s, u));
              return json_response(200, json::object{{"slots", std::move(slots)}});
            },
            Need::read_stats, BodyKind::none});
  Route reset = stats_route(
      s,
      [](StatsCall& c) {
        if (!c.slot.slot->reset_statistics()) return allegro_error(409, "the slot keeps no statistics");
        return json_response(200, json::object{{"reset", true}, {"id", c.slot_id()}});
      },
      false);
  reset.need = Need::admin;
  reset.body = BodyKind::params;
  tree.add("POST", "/API/stats/reset", std::move(reset));
}

}  // namespace netmeter::api::allegro
