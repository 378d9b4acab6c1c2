// Moving capture files in and out: the slot list and the live capture download of a slot (PCAP upload:
// upload_routes.cpp).
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <string>

#include "api/allegro/allegro_routes.hpp"
#include "api/allegro/slot_select.hpp"
#include "api/dialect.hpp"
#include "api/pcap_download.hpp"
#include "api/routes.hpp"
#include "api/upload_status.hpp"
#include "filter/bpf.hpp"
#include "filter/parser.hpp"
#include "http/sanitise.hpp"

namespace netmeter::api {

namespace json = boost::json;

namespace {

constexpr int64_t kMaxSlotId = 65535;  // slot ids are what users' ACLs name

std::optional<uint64_t> parse_u64(std::string_view text) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

http::Response interfaces(ApiServices& s, Call& call) {
  json::array out;
  if (s.slots) {
    for (const auto& slot : s.slots->list()) {
      if (call.principal && !call.principal->may_see_interface(slot.id)) continue;
      out.push_back(json::object{{"ifid", slot.id}, {"ifname", slot.name}});
    }
  }
  return ntop_ok(out);
}

// The live download's filter: `bpf`, and `expression` rendered as BPF (docs/filter.md), both when given.
std::optional<std::string> live_filter(const Params& p, std::string& error) {
  std::string bpf(p.get("bpf").value_or(""));
  auto text = p.non_empty("expression");
  if (!text) return bpf;
  auto parsed = filter::parse(*text);
  if (!parsed) {
    error = "expression: " + parsed.error.to_string();
    return std::nullopt;
  }
  auto rendered = filter::to_bpf(*parsed.expression);
  if (!rendered) {
    error =
        "expression: a live capture cannot filter by dpi or by this many comparisons; "
        "extract it from the capture buffer (fromCaptureBuffer=true)";
    return std::nullopt;
  }
  return bpf.empty() ? *rendered : "(" + *rendered + ") and (" + bpf + ")";
}

http::Response capture(ApiServices& s, Call& call) {
  if (!s.slots) return allegro_error(404, "no such slot");
  const auto& p = call.params;
  uint32_t slot = 0;
  auto mm = p.non_empty("mm-id");
  if (!mm) mm = call.request.header("X-AllegroPackets-Multimeter-ID");
  if (mm) {
    auto parsed = allegro::parse_mm_id(*mm);
    if (!parsed) return allegro_error(400, "mm-id must be :<slot id>");
    slot = *parsed;
  }
  if (call.principal && !call.principal->may_see_interface(slot))
    return allegro_error(403, "slot not allowed");
  if (p.flag("fromCaptureBuffer").value_or(false)) {
    auto ticket = s.downloads.try_open();
    if (!ticket)
      return allegro_error(503, "too many capture downloads are open (" +
                                    std::to_string(s.downloads.max_open()) + "); retry when one has ended");
    return allegro::capture_from_buffer(s, call, slot, std::move(ticket));
  }
  std::string filter_error;
  auto bpf = live_filter(p, filter_error);
  if (!bpf) return allegro_error(400, filter_error);

  std::optional<PcapDownload::Clock::time_point> end;
  auto end_us = p.non_empty("endTime");
  if (!end_us) end_us = p.non_empty("endtime");
  if (end_us) {
    auto v = allegro::parse_epoch_micros(*end_us);
    if (!v) return allegro_error(400, "endTime must be microseconds since the epoch");
    end = PcapDownload::Clock::time_point(std::chrono::microseconds(*v));
  } else if (auto d = p.non_empty("duration")) {
    auto v = parse_u64(*d);
    if (!v || *v > 366ull * 86400) return allegro_error(400, "duration must be seconds");
    end = PcapDownload::Clock::now() + std::chrono::seconds(*v);
  }

  auto ticket = s.downloads.try_open();
  if (!ticket)
    return allegro_error(503, "too many capture downloads are open (" +
                                  std::to_string(s.downloads.max_open()) + "); retry when one has ended");
  auto opened = s.slots->open_stream(slot, *bpf, s.download_ring_bytes);
  if (!opened.stream) return allegro_error(opened.status ? opened.status : 500, opened.error);
  http::Response r(200);
  r.set_header("Content-Type", "application/vnd.tcpdump.pcap");
  r.set_attachment("netmeter-slot" + std::to_string(slot) + ".pcap");
  r.compress = false;
  r.stream = std::make_unique<PcapDownload>(std::move(opened.stream), end, std::move(ticket));
  return r;
}

}  // namespace

void register_transfer_routes(RouteTree& tree, ApiServices& s) {
  register_upload_routes(tree, s);  // api/upload_routes.cpp

  add_ntopng(tree, "GET", "get/ntopng/interfaces.lua",
             {[&s](Call& call) { return interfaces(s, call); }, Need::read_stats, BodyKind::none});

  tree.add("GET", "/API/data/modules/capture",
           {[&s](Call& call) { return capture(s, call); }, Need::pcap, BodyKind::none});
}

}  // namespace netmeter::api
