// How answers point at the packets of a flow in a slot's ring buffer: the filters both dialects'
// extractions take (ntopng's BPF, the Allegro expression) and the Allegro capture URL.
#include "api/common/flow_capture.hpp"

#include <cctype>

#include "filter/l4_protocol.hpp"
#include "ringbuffer/ring_recorder.hpp"

namespace netmeter::api {

namespace {

std::string endpoint_text(const core::Endpoint& e, bool with_port) {
  std::string ip = e.ip.to_string();
  if (!with_port) return ip;
  if (e.ip.is_v6()) ip = "[" + ip + "]";
  return ip + ":" + std::to_string(e.port);
}

}  // namespace

std::string flow_bpf(const FlowEnds& f) {
  std::string bpf = f.vlan ? "vlan " + std::to_string(f.vlan) + " and " : std::string();
  bpf += "host " + f.client.ip.to_string() + " and host " + f.server.ip.to_string();
  if (f.client.port) bpf += " and port " + std::to_string(f.client.port);
  if (f.server.port) bpf += " and port " + std::to_string(f.server.port);
  return bpf;
}

std::string flow_capture_expression(const FlowEnds& f) {
  const bool ports = f.client.port || f.server.port;
  std::string out = "ip==" + endpoint_text(f.client, ports) + " and ip==" + endpoint_text(f.server, ports);
  std::string_view l4 = filter::l4_protocol_name(f.l4);  // a name the filter reads back, else the number
  out += " and l4Protocol==" + (l4.empty() ? std::to_string(f.l4) : std::string(l4));
  if (f.vlan) out += " and vlan==" + std::to_string(f.vlan);
  return out;
}

std::string url_encoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

std::string capture_url(uint32_t slot, std::string_view expression, std::optional<CaptureRange> range) {
  std::string url = "/API/data/modules/capture?fromCaptureBuffer=true&mm-id=" + std::to_string(slot);
  if (range)
    url += "&startTime=" + std::to_string(range->start_us) + "&endTime=" + std::to_string(range->end_us);
  return url + "&expression=" + url_encoded(expression);
}

RingCoverage::RingCoverage(const ringbuffer::RingRecorder* recorder) {
  if (!recorder) return;
  const ringbuffer::StoreSummary s = recorder->status().store;
  if (s.packets == 0) return;
  oldest_ns_ = s.oldest_ns;
  newest_ns_ = s.newest_ns;
}

}  // namespace netmeter::api
