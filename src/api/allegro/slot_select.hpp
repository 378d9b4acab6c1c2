#pragma once

#include <memory>
#include <optional>

#include "api/call.hpp"
#include "api/services.hpp"
#include "http/response.hpp"
#include "query/query_service.hpp"

namespace netmeter::api::allegro {

/// The analysis slot an Allegro statistics request is about, with its query layer.
struct SelectedSlot {
  std::shared_ptr<SlotData> slot;  ///< keeps `query` valid
  const query::QueryService* query = nullptr;
  std::optional<http::Response> error;  ///< set instead of the above when the request cannot be served
};

/// The slot number of an `mm-id` value (`1`, `:1`, `local:1`, `localhost:1`); nullopt when it names
/// another device or is malformed.
std::optional<uint32_t> parse_mm_id(std::string_view text);

/// Reads `mm-id` (`1`, `:1`, `local:1`; the spec's multi-device form with this device's name) or the
/// `X-AllegroPackets-Multimeter-ID` header; without either, slot 0 (the first source), or the lowest
/// slot when there is no slot 0. `group` must be 0 (the only link group). An unknown slot, one the user
/// may not see and another device are 404; a slot without statistics 503.
SelectedSlot select_slot(const Call& call, ApiServices& services);

}  // namespace netmeter::api::allegro
