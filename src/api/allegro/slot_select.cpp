#include "api/allegro/slot_select.hpp"

#include <charconv>
#include <string>
#include <string_view>

#include "api/dialect.hpp"

namespace netmeter::api::allegro {

namespace {

constexpr uint32_t kNoSlot = UINT32_MAX;

uint32_t default_slot(ApiServices& services, const auth::Principal* principal) {
  uint32_t best = kNoSlot;
  for (const SlotInfo& info : services.slots->list()) {
    if (principal && !principal->may_see_interface(info.id)) continue;
    if (info.id == 0) return 0;
    if (best == kNoSlot || info.id < best) best = info.id;
  }
  return best;
}

}  // namespace

std::optional<uint32_t> parse_mm_id(std::string_view text) {
  if (auto colon = text.rfind(':'); colon != std::string_view::npos) {
    // Another device's name would be a multi-device gateway: not supported. "local" is this one.
    std::string_view device = text.substr(0, colon);
    if (!device.empty() && device != "local" && device != "localhost") return std::nullopt;
    text = text.substr(colon + 1);
  }
  uint32_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return id;
}

SelectedSlot select_slot(const Call& call, ApiServices& services) {
  SelectedSlot out;
  if (auto group = call.params.non_empty("group"); group && *group != "0") {
    out.error = allegro_error(404, "no link group " + std::string(*group) + ": only group 0 exists");
    return out;
  }
  if (!services.slots) {
    out.error = allegro_error(404, "no analysis slot");
    return out;
  }
  std::optional<std::string_view> wanted = call.params.non_empty("mm-id");
  if (!wanted) wanted = call.request.header("X-AllegroPackets-Multimeter-ID");
  uint32_t id = kNoSlot;
  if (wanted && !wanted->empty()) {
    auto parsed = parse_mm_id(*wanted);
    if (!parsed || *parsed == kNoSlot) {
      out.error = allegro_error(404, "unknown device or slot in mm-id (this device is 'local')");
      return out;
    }
    id = *parsed;
  }
  if (id == kNoSlot || id == 0) id = default_slot(services, call.principal);
  std::shared_ptr<SlotData> slot = id == kNoSlot ? nullptr : services.slots->data(id);
  if (!slot || (call.principal && !call.principal->may_see_interface(id))) {
    out.error =
        allegro_error(404, id == kNoSlot ? "no analysis slot" : "no analysis slot " + std::to_string(id));
    return out;
  }
  out.query = slot->query();
  if (!out.query) {
    out.error = allegro_error(503, "statistics are off for slot " + std::to_string(id));
    return out;
  }
  out.slot = std::move(slot);
  return out;
}

}  // namespace netmeter::api::allegro
