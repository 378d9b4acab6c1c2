#include "capture/capture_check.hpp"

#include <pcap/pcap.h>

#include <cstdio>
#include <memory>

#include "core/link_type.hpp"

namespace netmeter::capture {

namespace {

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};

}  // namespace

CaptureCheck check_capture_file(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return {false, "the capture file cannot be opened"};
  char err[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, PcapCloser> handle(
      pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, err));
  if (!handle) {
    std::fclose(file);
    return {false, "not a pcap or pcapng capture file"};
  }
  int dlt = pcap_datalink(handle.get());
  if (!core::link_type_from_dlt(dlt)) {
    const char* name = pcap_datalink_val_to_name(dlt);
    return {false, "unsupported link type " + std::to_string(dlt) + " (" + (name ? name : "unknown") + ")"};
  }
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  switch (pcap_next_ex(handle.get(), &header, &data)) {
    case 1:
      return {true, {}};
    case PCAP_ERROR_BREAK:
      return {false, "the capture holds no packet"};
    default:
      return {false, "the first packet of the capture cannot be read (truncated or corrupt file)"};
  }
}

}  // namespace netmeter::capture
