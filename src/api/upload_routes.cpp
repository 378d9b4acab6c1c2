// PCAP upload into an analysis slot: today's one-shot POST /API/system/analyze-pcap (store, then
// analyse), and the spec's three steps (docs/allegro/upload.md): POST /API/system/replay/upload
// prepares a slot, POST /API/data/pcap {"command":"start"} arms it, and the upload into it is analysed
// while it arrives. /API/data/pcap also stops and deletes slots.
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <string>

#include "api/allegro/slot_select.hpp"
#include "api/dialect.hpp"
#include "api/routes.hpp"
#include "api/upload_status.hpp"
#include "http/sanitise.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

constexpr int64_t kMaxSlotId = 65535;               // slot ids are what users' ACLs name
constexpr int64_t kMaxFileSize = int64_t{1} << 50;  // 1 PiB: an announced size beyond is a mistake

SlotControl::Actor actor_of(const auth::Principal* principal) {
  if (!principal) return {};
  return {principal->user_name, principal->has(auth::Permission::Admin)};
}

http::Response refusal(const SlotControl::Added& added) {
  return allegro_error(added.status ? added.status : 500, added.error);
}

struct PickedFile {
  std::string path;
  std::string name;
  uint64_t size = 0;
};

// The first file part (the one a followed upload reports) unless `prefer_field_file`: then the part
// named "file" when there is one.
std::optional<PickedFile> uploaded_file(const Call& call, bool prefer_field_file) {
  const auto& r = call.request;
  const http::UploadedFile* chosen = nullptr;
  for (const auto& f : r.files)
    if (!chosen || (prefer_field_file && f.field_name == "file" && chosen->field_name != "file")) chosen = &f;
  std::string name;
  if (auto n = call.params.non_empty("fileName")) name = http::sanitise_file_name(*n);
  if (chosen) {
    if (name.empty()) name = chosen->file_name;
    if (const auto* field = r.form_field("filename"); field && name.empty())
      name = http::sanitise_file_name(field->value);
    return PickedFile{chosen->path, name.empty() ? "upload.pcap" : name, chosen->size};
  }
  if (r.body_file)
    return PickedFile{r.body_file->path, name.empty() ? "upload.pcap" : name, r.body_file->size};
  return std::nullopt;
}

std::optional<uint32_t> replay_slot(const Call& call, std::optional<http::Response>& error) {
  auto slot = call.params.integer("replaySlotID", 0, kMaxSlotId);
  if (slot.error) error = allegro_error(400, *slot.error);
  if (!slot.value) return std::nullopt;
  return static_cast<uint32_t>(*slot.value);
}

// The answer to a followed upload once its body is complete: the slot analysed it meanwhile.
std::optional<http::Response> finish_followed(ApiServices& s, Call& call, uint32_t id) {
  auto file = uploaded_file(call, false);
  auto kept = s.slots->finish_stream(id, file ? file->path : std::string(), call.request.progress.get());
  if (!kept.id && kept.status == 0) return std::nullopt;  // the slot is gone
  if (!file) return allegro_error(400, "no file: send multipart/form-data with a 'file' part, or a raw body");
  if (!kept.id) return refusal(kept);
  std::string state = "analysing";
  std::string name = file->name;
  for (const auto& u : s.slots->upload_status()) {
    if (u.id != id) continue;
    state = u.state;
    name = u.file_name;  // as prepared: the analysis shows that one
  }
  json::object o;
  o["slotId"] = id;
  o["mm-id"] = ":" + std::to_string(id);
  o["fileName"] = name;
  o["fileSize"] = file->size;
  o["status"] = state;
  return json_response(201, o);
}

http::Response analyze_pcap(ApiServices& s, Call& call) {
  if (!s.slots) return allegro_error(503, "no analysis slots in this process");
  std::optional<http::Response> error;
  std::optional<uint32_t> wanted = replay_slot(call, error);
  if (error) return std::move(*error);
  if (call.request.progress) {
    // The slot analysed this body while it arrived.
    if (!wanted) return allegro_error(500, "a followed upload without its slot");
    if (auto followed = finish_followed(s, call, *wanted)) return std::move(*followed);
    return allegro_error(409, "slot " + std::to_string(*wanted) + " was deleted during the upload");
  }
  auto file = uploaded_file(call, true);
  if (!file) return allegro_error(400, "no file: send multipart/form-data with a 'file' part, or a raw body");
  if (file->size == 0) return allegro_error(400, "the uploaded file is empty");
  auto added = s.slots->add_upload(file->path, file->name, wanted);
  if (!added.id) return refusal(added);
  if (call.principal) s.slots->set_owner(*added.id, call.principal->user_name);
  json::object o;
  o["slotId"] = *added.id;
  o["mm-id"] = ":" + std::to_string(*added.id);
  o["fileName"] = file->name;
  o["fileSize"] = file->size;
  o["status"] = "analysing";
  return json_response(201, o);
}

// Before a possibly huge body is stored: a slot prepared for it follows it as it arrives; otherwise,
// would it find a slot at all?
BodyStart upload_head(ApiServices& s, const http::RequestHead& head, const auth::Principal* principal) {
  if (!s.slots) return {allegro_error(503, "no analysis slots in this process"), nullptr};
  std::optional<uint32_t> wanted;
  if (auto v = head.query_value("replaySlotID"); v && !v->empty()) {
    uint64_t id = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
    if (ec != std::errc() || p != v->data() + v->size() || id > static_cast<uint64_t>(kMaxSlotId))
      return {
          allegro_error(400, "replaySlotID must be a whole number from 0 to " + std::to_string(kMaxSlotId)),
          nullptr};
    wanted = static_cast<uint32_t>(id);
  }
  if (wanted) {
    if (principal && !principal->may_see_interface(*wanted))
      return {allegro_error(403, "slot not allowed"), nullptr};
    auto streamed = s.slots->stream_upload(*wanted, actor_of(principal));
    if (streamed.applies) {
      if (!streamed.progress)
        return {allegro_error(streamed.status ? streamed.status : 500, streamed.error), nullptr};
      return {std::nullopt, std::move(streamed.progress)};
    }
  }
  if (auto refused = s.slots->refuse_upload(wanted))
    return {allegro_error(refused->status, refused->error), nullptr};
  return {};
}

http::Response prepare(ApiServices& s, Call& call) {
  if (!s.slots) return allegro_error(503, "no analysis slots in this process");
  const auto& p = call.params;
  SlotControl::UploadSpec spec;
  if (auto n = p.non_empty("fileName")) spec.file_name = http::sanitise_file_name(*n);
  if (spec.file_name.empty()) return allegro_error(400, "fileName is required");
  auto size = p.integer("fileSize", 0, kMaxFileSize);
  if (size.error) return allegro_error(400, *size.error);
  spec.file_size = static_cast<uint64_t>(size.value.value_or(0));
  auto slot = p.integer("replaySlotID", 0, kMaxSlotId);
  if (slot.error) return allegro_error(400, *slot.error);
  if (slot.value) spec.slot_id = static_cast<uint32_t>(*slot.value);
  spec.force_slot_id = p.flag("forceSlotID").value_or(false);
  spec.record_packets = p.flag("useReplayBuffer").value_or(false);
  if (spec.slot_id && call.principal && !call.principal->may_see_interface(*spec.slot_id)) {
    if (spec.force_slot_id) return allegro_error(403, "slot not allowed");
    spec.slot_id.reset();
  }
  auto added = s.slots->prepare_upload(spec, actor_of(call.principal));
  if (!added.id) return refusal(added);
  if (call.principal && !call.principal->may_see_interface(*added.id)) {
    s.slots->delete_slot(*added.id, {{}, true});
    return allegro_error(403, "no free slot this user may see");
  }
  json::object o;
  o["slotId"] = *added.id;
  o["replaySlotID"] = *added.id;
  o["mm-id"] = ":" + std::to_string(*added.id);
  o["fileName"] = spec.file_name;
  o["fileSize"] = spec.file_size;
  o["state"] = "prepared";
  return json_response(200, o);
}

std::optional<uint32_t> mm_slot(const Call& call, std::optional<http::Response>& error) {
  auto mm = call.params.non_empty("mm-id");
  if (!mm) mm = call.request.header("X-AllegroPackets-Multimeter-ID");
  if (!mm) {
    error = allegro_error(400, "mm-id=:<slot id> is required");
    return std::nullopt;
  }
  auto id = allegro::parse_mm_id(*mm);
  if (!id) {
    error = allegro_error(400, "mm-id must be :<slot id>");
    return std::nullopt;
  }
  // A slot the user may not see is answered as one that does not exist.
  if (call.principal && !call.principal->may_see_interface(*id)) {
    error = allegro_error(404, "no slot " + std::to_string(*id));
    return std::nullopt;
  }
  return id;
}

http::Response slot_command(ApiServices& s, Call& call, std::string_view command) {
  if (!s.slots) return allegro_error(404, "no such slot");
  std::optional<http::Response> error;
  auto id = mm_slot(call, error);
  if (!id) return std::move(*error);
  SlotControl::Added done;
  std::string state;
  if (command == "start") {
    done = s.slots->start_upload(*id, actor_of(call.principal));
    state = "waiting";
  } else if (command == "stop") {
    done = s.slots->stop_slot(*id, actor_of(call.principal));
    state = "stopped";
  } else if (command == "delete") {
    done = s.slots->delete_slot(*id, actor_of(call.principal));
    state = "deleted";
  } else {
    return allegro_error(400, "command must be start, stop or delete");
  }
  if (!done.id) return refusal(done);
  return json_response(200,
                       json::object{{"slotId", *id}, {"mm-id", ":" + std::to_string(*id)}, {"state", state}});
}

}  // namespace

json::object upload_status_json(ApiServices& s, const SlotControl::UploadStatus& u) {
  json::object o;
  o["id"] = u.id;
  o["mm-id"] = ":" + std::to_string(u.id);
  o["state"] = u.state;
  o["fileName"] = u.file_name;
  o["fileSize"] = u.file_size;
  o["bytesReceived"] = u.bytes_received;
  o["bytesAnalysed"] = u.bytes_analysed;
  o["uploaded"] = u.uploaded;
  if (!u.owner.empty()) o["owner"] = u.owner;
  uint64_t packets = 0;
  if (auto slot = s.slots ? s.slots->data(u.id) : nullptr) {
    packets = slot->status().packets_read;
    if (const query::QueryService* q = slot->query()) packets = q->interface().traffic.all_time.packets();
  }
  o["packetsAnalysed"] = packets;
  double pct = 0;
  if (u.state == "finished") {
    pct = 100;
  } else if (uint64_t total = std::max(u.file_size, u.bytes_received); total > 0) {
    // An announced size that is too small does not make a running upload look done.
    pct = std::min(100.0, 100.0 * static_cast<double>(u.bytes_analysed) / static_cast<double>(total));
  }
  o["progressPercent"] = pct;
  if (!u.error.empty()) o["error"] = u.error;
  return o;
}

void register_upload_routes(RouteTree& tree, ApiServices& s) {
  Route upload{[&s](Call& call) { return analyze_pcap(s, call); },
               Need::upload,
               BodyKind::upload,
               {},
               [&s](const http::RequestHead& head, const auth::Principal* principal) {
                 return upload_head(s, head, principal);
               }};
  tree.add("POST", "/API/system/analyze-pcap", upload);
  tree.add("PUT", "/API/system/analyze-pcap", upload);

  tree.add("POST", "/API/system/replay/upload",
           {[&s](Call& call) { return prepare(s, call); }, Need::upload, BodyKind::params});
  tree.add("POST", "/API/data/pcap",
           {[&s](Call& call) {
              auto command = call.params.non_empty("command");
              if (!command) return allegro_error(400, "command must be start, stop or delete");
              return slot_command(s, call, *command);
            },
            Need::upload, BodyKind::params});
  tree.add("DELETE", "/API/data/pcap",
           {[&s](Call& call) { return slot_command(s, call, "delete"); }, Need::upload, BodyKind::params});
}

}  // namespace netmeter::api
