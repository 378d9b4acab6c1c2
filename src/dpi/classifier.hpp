#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "dpi/dpi_config.hpp"
#include "flow/flow.hpp"

struct ndpi_detection_module_struct;
struct ndpi_flow_struct;

namespace netmeter::dpi {

/// nDPI behind a small interface: one instance per worker thread (nDPI's module state is not shared
/// across threads). Detection state per flow comes from a free list, so steady-state operation does not
/// allocate; it is returned as soon as the flow is classified or gives up.
///
/// Names are copied out of nDPI once, at creation, and answered from those copies: they stay available
/// (from any thread) after release_detection() has freed the detection module, which is what a finished
/// analysis keeps.
class Classifier {
 public:
  /// One protocol of nDPI's table, as ntopng's constants list it.
  struct ProtocolInfo {
    uint16_t id = 0;
    std::string name;
    uint16_t category = 0;  ///< nDPI's default category for the protocol
  };

  struct Created {
    std::unique_ptr<Classifier> classifier;
    std::string error;
  };
  static Created create(const DpiConfig& config);
  ~Classifier();
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;

  /// Whether the flow still wants packets.
  static bool wants_packets(const flow::Flow& flow) { return flow.app.status == flow::DpiStatus::Pending; }

  /// Runs detection on one packet of the flow; `l3` points at the (innermost) IP header.
  void process(flow::Flow& flow, const uint8_t* l3, size_t l3_len, core::Timestamp ts);
  /// Called when the flow ends or the analysis ends: undetected flows give up (with nDPI's guess).
  void finish(flow::Flow& flow);
  /// For a flow destroyed without being finished (an analysis torn down while reading): frees the
  /// detection state it holds. The flow's pointer is left dangling; the flow must not be used again.
  void discard(const flow::Flow& flow);
  /// Frees nDPI's detection module and the pooled flow states (several MiB); the names below keep
  /// working. Every flow must have been finished; process() and finish() may not be called afterwards.
  void release_detection();
  bool detects() const { return ndpi_ != nullptr; }

  /// "Master.App" (e.g. TLS.YouTube) or a single name, as nDPI spells it.
  std::string application_name(const flow::AppInfo& app) const;
  /// The protocol a flow is counted under in per-protocol totals: the app if known, else the master.
  std::string counting_name(const flow::AppInfo& app) const;
  std::string category_name(const flow::AppInfo& app) const;
  std::string breed_name(const flow::AppInfo& app) const;
  std::vector<std::string> risk_names(uint64_t risk) const;
  /// Every protocol nDPI defines, custom ones (DpiConfig::protos_file) included, by id.
  const std::vector<ProtocolInfo>& protocols() const { return protocols_; }
  /// The category ids nDPI defines, ascending (names: category_name()).
  std::vector<uint16_t> category_ids() const;

  /// Size of nDPI's per-flow state, for memory accounting.
  static size_t flow_state_bytes();
  size_t pooled_states() const { return pool_.size(); }
  /// Freed flow states kept for reuse, at most this many: enough for a busy second's new flows, while the
  /// states of a capture's many flows ended at once go back to the allocator.
  static constexpr size_t kMaxPooled = 4096;

 private:
  explicit Classifier(ndpi_detection_module_struct* ndpi, const DpiConfig& config);
  ndpi_flow_struct* acquire();
  void release(flow::Flow& flow);
  void take_result(flow::Flow& flow, uint16_t master, uint16_t app, uint16_t category);
  uint32_t packet_limit(uint8_t l4) const;
  const std::string& protocol_name(uint16_t id) const;
  void copy_protocol_table(unsigned protocols);

  ndpi_detection_module_struct* ndpi_;
  DpiConfig config_;
  std::vector<std::string> protocol_names_;  ///< by protocol id, custom protocols included
  std::vector<std::string> category_names_;  ///< by category id
  std::vector<std::string> breed_names_;     ///< by breed id
  std::vector<ProtocolInfo> protocols_;      ///< the named protocols, by id
  std::vector<ndpi_flow_struct*> pool_;
  uint64_t last_ms_ = 0;
};

}  // namespace netmeter::dpi
