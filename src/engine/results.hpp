#pragma once

#include <map>
#include <vector>

#include "core/anomaly.hpp"
#include "core/ip_address.hpp"
#include "engine/counters.hpp"
#include "flow/flow.hpp"
#include "flow/flow_table.hpp"

namespace netmeter::engine {

/// Traffic of an address seen only in the outer header of a tunnel.
struct TunnelEndpoint {
  PacketBytes sent;
  PacketBytes rcvd;
};

/// What one worker (or, merged, the whole engine) knows. Flows are copies; their detection state is
/// already released.
struct Results {
  std::vector<flow::Flow> flows;
  TrafficCounters traffic;
  core::AnomalyCounters anomalies;
  flow::FlowTableStats table;
  std::map<core::IpAddress, TunnelEndpoint> tunnel_endpoints;
  uint64_t kernel_drops = 0;
  uint64_t interface_drops = 0;
  uint64_t queue_drops = 0;  ///< live traffic a full worker queue could not take
  size_t active_flows = 0;
  size_t flow_table_bytes = 0;

  void merge(Results&& other);
};

}  // namespace netmeter::engine
