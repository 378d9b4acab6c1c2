// get/pcap/live_extraction.lua: the packets of an interface's ring buffer between two epochs, with an
// optional BPF filter, as a pcap download (docs/ntopng/pcap.md).

#include <charconv>
#include <string>

#include "api/common/ring_extraction.hpp"
#include "api/common/visibility.hpp"
#include "api/dialect.hpp"
#include "api/ntopng/ntop_route.hpp"
#include "api/ntopng/ntopng_routes.hpp"
#include "api/routes.hpp"

namespace netmeter::api::ntopng {

namespace {

constexpr int64_t kLatestEpoch = 4'102'444'800;  // 2100-01-01

std::optional<int64_t> epoch(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || p != text->data() + text->size() || v < 0 || v > kLatestEpoch) return std::nullopt;
  return v;
}

http::Response live_extraction(ApiServices& s, Call& call) {
  auto selected = select_interface(call, s, call.params.non_empty("ifid"));
  if (selected.error) return std::move(*selected.error);
  auto begin = epoch(call.params.non_empty("epoch_begin"));
  auto end = epoch(call.params.non_empty("epoch_end"));
  if (!begin || !end)
    return invalid_arguments("epoch_begin and epoch_end (seconds since the epoch) are required");
  if (*begin > *end) return invalid_arguments("epoch_begin is after epoch_end");
  if (!selected.slot->ring_buffer())
    return ntop_error(NtopRc::NotGranted, "traffic recording is not enabled on this interface");
  auto ticket = s.downloads.try_open();
  if (!ticket) return ntop_error(NtopRc::InternalError, "too many capture downloads are open", 503);
  ringbuffer::ExtractRequest q;
  q.from_ns = *begin * 1'000'000'000;
  q.to_ns = *end * 1'000'000'000 + 999'999'999;  // the whole last second
  q.bpf = std::string(call.params.get("bpf_filter").value_or(""));
  q.visible = visible_to(call.principal);
  auto opened = open_ring_extraction(selected.slot, std::move(q), std::move(ticket));
  if (!opened.body) return ntop_error(NtopRc::InvalidArguments, opened.error);
  http::Response r(200);
  r.set_header("Content-Type", "application/vnd.tcpdump.pcap; charset=utf-8");
  r.set_attachment(std::to_string(*begin) + "-" + std::to_string(*end) + ".pcap");
  r.compress = true;
  r.stream = std::move(opened.body);
  return r;
}

}  // namespace

void register_pcap_routes(RouteTree& tree, ApiServices& services) {
  add_ntopng_read(
      tree, "get/pcap/live_extraction.lua",
      {[&services](Call& call) { return live_extraction(services, call); }, Need::pcap, BodyKind::params});
}

}  // namespace netmeter::api::ntopng
