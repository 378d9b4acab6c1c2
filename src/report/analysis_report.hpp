#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ip_address.hpp"
#include "dpi/classifier.hpp"
#include "engine/results.hpp"

namespace netmeter::report {

/// Per host (IP + VLAN) totals, summed from the flows it took part in. Sent/received are from the
/// host's point of view.
struct HostTotals {
  core::IpAddress ip;
  uint16_t vlan = 0;
  uint64_t packets_sent = 0;
  uint64_t packets_rcvd = 0;
  uint64_t bytes_sent = 0;
  uint64_t bytes_rcvd = 0;
  uint64_t flows_as_client = 0;
  uint64_t flows_as_server = 0;
  uint64_t bytes() const { return bytes_sent + bytes_rcvd; }
};

struct ApplicationTotals {
  std::string name;    ///< as nDPI spells it: "TLS.YouTube", "DNS"
  std::string master;  ///< "TLS"; "Unknown" when nDPI named no master
  std::string app;     ///< "YouTube"
  std::string category;
  std::string breed;
  uint64_t flows = 0;
  uint64_t packets = 0;
  uint64_t bytes = 0;
};

/// Everything `netmeter analyze` prints, computed once from the engine's results.
struct AnalysisReport {
  std::string source;
  unsigned workers = 0;
  engine::Results results;
  std::vector<HostTotals> hosts;                ///< by bytes, descending
  std::vector<ApplicationTotals> applications;  ///< by bytes, descending
  std::vector<size_t> flow_order;               ///< indexes into results.flows, by first packet
};

AnalysisReport build_report(engine::Results results, const dpi::Classifier& names, std::string source,
                            unsigned workers);

std::string l4_name(uint8_t proto);

}  // namespace netmeter::report
