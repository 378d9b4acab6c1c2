// The packet ring buffers (docs/ringbuffer.md): /API/data/modules/capture/buffer (list, suspend) and the
// extraction of /API/data/modules/capture?fromCaptureBuffer=true.
#include <boost/json.hpp>
#include <charconv>
#include <chrono>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/slot_select.hpp"
#include "api/common/capture_exports.hpp"
#include "api/common/filter_param.hpp"
#include "api/common/ring_extraction.hpp"
#include "api/common/visibility.hpp"
#include "api/dialect.hpp"
#include "filter/parser.hpp"
#include "http/sanitise.hpp"
#include "ringbuffer/ring_recorder.hpp"

namespace netmeter::api::allegro {

namespace json = boost::json;

namespace {

constexpr int64_t kLatestMicros = 4'102'444'800ll * 1'000'000;  // 2100-01-01
constexpr int64_t kMaxSlotId = 65535;

json::object buffer_json(uint32_t slot_id, const ringbuffer::RingRecorder& r) {
  const ringbuffer::RecorderStatus st = r.status();
  json::object o;
  o["id"] = slot_id;
  o["mm-id"] = ":" + std::to_string(slot_id);
  o["size"] = st.max_bytes;
  o["used"] = st.store.used_bytes;
  o["packets"] = st.store.packets;
  o["segments"] = st.store.segments;
  o["drops"] = st.drops;
  o["packetsWritten"] = st.packets_written;
  o["isSuspended"] = st.suspended;
  o["snapLength"] = st.snaplen;
  if (st.store.packets > 0) {
    o["firstPacketTime"] = st.store.oldest_ns / 1000;  // microseconds, as the extraction's times
    o["lastPacketTime"] = st.store.newest_ns / 1000;
  }
  return o;
}

http::Response list_buffers(ApiServices& s, Call& call) {
  json::array out;
  if (s.slots)
    for (const SlotInfo& info : s.slots->list()) {
      if (call.principal && !call.principal->may_see_interface(info.id)) continue;
      auto slot = s.slots->data(info.id);
      if (const auto* r = slot ? slot->ring_buffer() : nullptr) out.push_back(buffer_json(info.id, *r));
    }
  return json_response(200, json::object{{"buffers", std::move(out)}});
}

std::optional<uint32_t> slot_id_of(std::string_view text) {
  int64_t v = -1;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0 || v > kMaxSlotId) return std::nullopt;
  return static_cast<uint32_t>(v);
}

http::Response change_buffer(ApiServices& s, Call& call) {
  auto id = slot_id_of(call.path_param("id"));
  if (!id) return allegro_error(404, "no such capture buffer");
  auto slot = s.slots ? s.slots->data(*id) : nullptr;
  if (!slot || !slot->ring_buffer()) return allegro_error(404, "no such capture buffer");
  boost::system::error_code ec;
  json::value body = json::parse(call.request.body, ec);
  if (ec || !body.is_object())
    return allegro_error(400, "send a JSON object: {\"command\": \"changeConfig\", ...}");
  const auto& o = body.as_object();
  const auto* command = o.if_contains("command");
  if (!command || !command->is_string() || command->as_string() != "changeConfig")
    return allegro_error(400, "unknown command: only \"changeConfig\" is supported");
  const auto* config = o.if_contains("config");
  const json::value* suspended =
      config && config->is_object() ? config->as_object().if_contains("isSuspended") : nullptr;
  if (!suspended || !suspended->is_bool())
    return allegro_error(400, "config.isSuspended must be true or false");
  slot->suspend_ring_buffer(suspended->as_bool());
  return json_response(200, buffer_json(*id, *slot->ring_buffer()));
}

int64_t now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string_view> either(const Params& p, std::string_view a, std::string_view b) {
  auto v = p.non_empty(a);
  return v ? v : p.non_empty(b);
}

// captureToMedia=true: the extraction goes to a file under <data-dir>/exports/, written by a thread of
// its own; the answer names it (`fileName`, sanitised, may choose the name).
http::Response export_to_media(ApiServices& s, Call& call, uint32_t slot_id, int64_t start_us,
                               const std::string& end_text, ringbuffer::ExtractRequest q) {
  std::string base = "slot" + std::to_string(slot_id) + "-" + std::to_string(start_us) + "-" + end_text;
  if (auto n = call.params.non_empty("fileName")) {
    std::string clean = http::sanitise_file_name(*n);
    for (char& c : clean)
      if (c == ' ') c = '_';
    if (!clean.empty()) base = clean;
  }
  auto started = s.exports->start(call.principal->user_name, base, s.slots->data(slot_id), std::move(q));
  if (!started.name) return allegro_error(started.status, started.error);
  return json_response(202, json::object{{"fileName", *started.name},
                                         {"status", "writing"},
                                         {"url", "/API/data/modules/capture/exports/" + *started.name}});
}

json::object export_json(const CaptureExports::Item& e) {
  json::object o{{"fileName", e.name},
                 {"owner", e.owner},
                 {"size", e.bytes},
                 {"status", !e.error.empty() ? "failed"
                            : e.complete     ? "complete"
                                             : "writing"}};
  if (e.packets) o["packets"] = e.packets;
  if (!e.error.empty()) o["error"] = e.error;
  return o;
}

void register_export_routes(RouteTree& tree, ApiServices& s) {
  if (!s.exports) return;
  CaptureExports& exports = *s.exports;
  tree.add("GET", "/API/data/modules/capture/exports",
           {[&exports](Call& call) {
              json::array out;
              for (const auto& e : exports.list(*call.principal))
                out.push_back(export_json(e));
              return json_response(200, json::object{{"exports", std::move(out)}});
            },
            Need::pcap, BodyKind::none});
  tree.add("GET", "/API/data/modules/capture/exports/:name",
           {[&exports](Call& call) {
              std::string name(call.path_param("name"));
              auto body = exports.open(name, *call.principal);
              if (!body) return allegro_error(404, "no such complete export");
              http::Response r(200);
              r.set_header("Content-Type", "application/vnd.tcpdump.pcap");
              r.set_attachment(name);
              r.compress = true;
              r.stream = std::move(body);
              return r;
            },
            Need::pcap, BodyKind::none});
  tree.add("DELETE", "/API/data/modules/capture/exports/:name",
           {[&exports](Call& call) {
              std::string name(call.path_param("name"));
              if (!exports.remove(name, *call.principal)) return allegro_error(404, "no such export");
              return json_response(200, json::object{{"deleted", name}});
            },
            Need::pcap, BodyKind::none});
}

/// What both the extraction and the replay read from the parameters: the time range (startTime/starttime,
/// endTime/endtime or now, timespan), snapPacketLength, expression, bpf, and the caller's networks.
struct RingRequest {
  ringbuffer::ExtractRequest request;
  int64_t start_us = 0;
  std::string end_text = "end";  ///< for names: the end in microseconds, or "end"
};

std::optional<http::Response> ring_request(const Call& call, RingRequest& out) {
  const Params& p = call.params;
  ringbuffer::ExtractRequest& q = out.request;
  int64_t end_us = INT64_MAX / 1000;
  if (auto e = either(p, "endTime", "endtime")) {
    if (*e == "now")
      end_us = now_micros();
    else if (auto v = parse_epoch_micros(*e))
      end_us = *v;
    else
      return allegro_error(400, "endTime must be microseconds since the epoch, or now");
  }
  int64_t start_us = 0;
  if (auto b = either(p, "startTime", "starttime")) {
    auto v = parse_epoch_micros(*b);
    if (!v) return allegro_error(400, "startTime must be microseconds since the epoch");
    start_us = *v;
  } else if (auto span = p.integer("timespan", 1, 10ll * 366 * 86400); span.error) {
    return allegro_error(400, *span.error);
  } else if (span.value && end_us != INT64_MAX / 1000) {
    start_us = end_us - *span.value * 1'000'000;
  }
  if (start_us > end_us) return allegro_error(400, "startTime is after endTime");
  q.from_ns = start_us * 1000;
  q.to_ns = end_us == INT64_MAX / 1000 ? INT64_MAX : end_us * 1000 + 999;
  if (auto snap = p.integer("snapPacketLength", 1, 262144); snap.error)
    return allegro_error(400, *snap.error);
  else if (snap.value)
    q.snaplen = static_cast<uint32_t>(*snap.value);
  if (auto text = p.non_empty("expression")) {
    auto parsed = filter::parse(*text);
    if (!parsed) return allegro_error(400, "expression: " + parsed.error.to_string());
    q.filter = std::make_shared<filter::Filter>(*parsed.expression);
    q.prefilter = ringbuffer::Prefilter(*parsed.expression);
  }
  q.bpf = std::string(p.get("bpf").value_or(""));
  q.visible = visible_to(call.principal);
  out.start_us = start_us;
  if (end_us != INT64_MAX / 1000) out.end_text = std::to_string(end_us);
  return std::nullopt;
}

// POST /API/stats/ringBufferReplay: a time range (and filter) of a slot's ring buffer analysed in a new
// slot, owned by the caller (who may stop and delete it like an upload).
http::Response ring_buffer_replay(ApiServices& s, Call& call) {
  if (!s.slots) return allegro_error(404, "no analysis slots in this process");
  if (!call.principal->has(auth::Permission::Pcap))
    return allegro_error(403, "replaying packets needs the pcap right as well");
  uint32_t from = 0;
  if (auto mm = call.params.non_empty("mm-id")) {
    auto parsed = parse_mm_id(*mm);
    if (!parsed) return allegro_error(400, "mm-id must be :<slot id>");
    from = *parsed;
  }
  if (!call.principal->may_see_interface(from)) return allegro_error(404, "no such slot");
  std::optional<uint32_t> wanted;
  if (auto v = call.params.integer("replaySlotID", 1, kMaxSlotId); v.error)
    return allegro_error(400, *v.error);
  else if (v.value)
    wanted = static_cast<uint32_t>(*v.value);
  RingRequest rr;
  if (auto bad = ring_request(call, rr)) return std::move(*bad);
  SlotControl::Actor actor{call.principal->user_name, call.principal->has(auth::Permission::Admin)};
  auto added = s.slots->replay_ring_buffer(from, std::move(rr.request), wanted, actor);
  if (!added.id) return allegro_error(added.status ? added.status : 500, added.error);
  return json_response(201, json::object{{"slotId", *added.id},
                                         {"mm-id", ":" + std::to_string(*added.id)},
                                         {"sourceSlotId", from},
                                         {"status", "analysing"}});
}

}  // namespace

http::Response capture_from_buffer(ApiServices& s, Call& call, uint32_t slot_id,
                                   std::optional<StreamLimit::Ticket> ticket) {
  const Params& p = call.params;
  const bool to_media = p.flag("captureToMedia").value_or(false);
  if (to_media && !s.exports) return allegro_error(400, "captureToMedia is not available in this process");
  if (auto b = p.integer("captureBufferSlotId", 0, kMaxSlotId); b.error || b.value.value_or(0) != 0)
    return allegro_error(b.error ? 400 : 404, b.error ? *b.error : "each slot has one capture buffer: 0");
  RingRequest rr;
  if (auto bad = ring_request(call, rr)) return std::move(*bad);
  ringbuffer::ExtractRequest q = std::move(rr.request);
  const int64_t start_us = rr.start_us;
  const std::string& end_text = rr.end_text;
  if (to_media) return export_to_media(s, call, slot_id, start_us, end_text, std::move(q));
  auto opened = open_ring_extraction(s.slots->data(slot_id), std::move(q), std::move(ticket));
  if (!opened.body) return allegro_error(opened.status, opened.error);
  http::Response r(200);
  r.set_header("Content-Type", "application/vnd.tcpdump.pcap");
  r.set_attachment("netmeter-slot" + std::to_string(slot_id) + "-" + std::to_string(start_us) + "-" +
                   end_text + ".pcap");
  r.compress = true;  // when the client asks for gzip
  r.stream = std::move(opened.body);
  return r;
}

std::optional<int64_t> parse_epoch_micros(std::string_view text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0 || v > kLatestMicros) return std::nullopt;
  return v;
}

void register_capture_buffer_routes(RouteTree& tree, ApiServices& s) {
  tree.add("GET", "/API/data/modules/capture/buffer",
           {[&s](Call& call) { return list_buffers(s, call); }, Need::pcap, BodyKind::none});
  tree.add("POST", "/API/data/modules/capture/buffer/:id",
           {[&s](Call& call) { return change_buffer(s, call); }, Need::admin, BodyKind::params});
  register_export_routes(tree, s);
  tree.add("POST", "/API/stats/ringBufferReplay",
           {[&s](Call& call) { return ring_buffer_replay(s, call); }, Need::upload, BodyKind::params});
}

}  // namespace netmeter::api::allegro
