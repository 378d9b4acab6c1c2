#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/services.hpp"
#include "api/stream_limit.hpp"
#include "http/response.hpp"
#include "ringbuffer/extractor.hpp"

namespace netmeter::api {

/// The pcap of a slot's ring buffer for a time range and filters, as a streamed body: bounded work per
/// pull (the server thread never waits on disk for long), memory of one read buffer, and the work stops
/// when the client goes away. Both dialects' extraction endpoints answer with it.
struct RingExtraction {
  std::unique_ptr<http::BodySource> body;
  std::string error;  ///< when body is null: the slot records nothing, or the filter does not compile
  int status = 0;     ///< 404 (no ring buffer) or 400 (bad filter)
};

/// `request.filter`/`prefilter`/`bpf`/`visible` as the caller built them. `slot` is kept alive by the body.
RingExtraction open_ring_extraction(std::shared_ptr<SlotData> slot, ringbuffer::ExtractRequest request,
                                    std::optional<StreamLimit::Ticket> ticket);

}  // namespace netmeter::api
