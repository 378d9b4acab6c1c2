#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "alerts/alert.hpp"
#include "alerts/alert_types.hpp"
#include "core/ip_address.hpp"
#include "stats/connection_update.hpp"
#include "stats/keys.hpp"

namespace netmeter::alerts {

/// A check's configuration: what an administrator may change (ntopng's check config).
struct CheckConfig {
  bool enabled = true;
  uint64_t threshold = 0;                ///< unused by checks without one
  std::optional<Severity> severity;      ///< fixed severity; unset: from the alert's score
  uint64_t disabled_bits = 0;            ///< flow risk check: risks (bit n: nDPI risk n) that raise nothing
  uint64_t threshold2 = 0;               ///< a second threshold (elephant flow: remote to local bytes)
  std::vector<core::IpAddress> servers;  ///< unexpected server checks: the allowed servers (empty: off)
};

/// The engine's memory of one flow, which checks read and update.
struct FlowState {
  uint64_t alerted_risk = 0;       ///< risks already raised on this flow (flow alerts are one-shot)
  uint64_t alerted_checks = 0;     ///< the other flow alerts raised (bit n: type id n)
  bool detected = false;           ///< the detected hook has run
  bool blacklist_checked = false;  ///< its ends were looked up in the blacklists
  uint64_t scored_risk = 0;        ///< the risks its score was computed from
  uint16_t score_client = 0;       ///< the part of its score its client was credited with
  uint16_t score_server = 0;       ///< and its server (nDPI's client / server score of its risks)

  /// Flow alerts are one-shot: marks alert `type_id` (<= flow_alert::kMaxCheckId) raised; false if it
  /// already was.
  bool first_raise(uint16_t type_id) {
    assert(type_id <= flow_alert::kMaxCheckId);
    uint64_t bit = uint64_t{1} << (type_id & 63u);
    if (alerted_checks & bit) return false;
    alerted_checks |= bit;
    return true;
  }
};

/// A flow alert a check asks for; the engine fills in the flow's fields.
struct FlowAlertDraft {
  uint16_t type_id = 0;
  uint32_t score = 0;
  Severity severity = Severity::Notice;
};

/// What every check has: a name and a configuration.
class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view name() const = 0;
  CheckConfig& config() { return config_; }
  const CheckConfig& config() const { return config_; }

 protected:
  CheckConfig config_;
};

/// A check on flows, run on the connection updates the workers hand over (off the packet path).
class FlowCheck : public Check {
 public:
  /// Once, on the first update after nDPI finished with the flow (detected or gave up).
  virtual void on_detected(const stats::ConnectionUpdate&, FlowState&, std::vector<FlowAlertDraft>&) {}
  /// Every update of an active flow (once per second it carried traffic).
  virtual void on_periodic(const stats::ConnectionUpdate&, FlowState&, std::vector<FlowAlertDraft>&) {}
  /// Once, when the flow ended.
  virtual void on_end(const stats::ConnectionUpdate&, FlowState&, std::vector<FlowAlertDraft>&) {}
};

/// What the statistics counted for one host over one period (a second or a minute of packet time).
struct HostCounters {
  uint64_t syn_sent = 0;  ///< SYN without ACK
  uint64_t synack_sent = 0;
  uint64_t syn_rcvd = 0;
  uint64_t synack_rcvd = 0;
  uint64_t flows_as_client = 0;  ///< flows it started in the period
  uint64_t flows_as_server = 0;
  uint64_t icmp_sent = 0;  ///< ICMP / ICMPv6 packets
  uint64_t icmp_rcvd = 0;
  uint64_t dns_replies_sent = 0;  ///< DNS responses it sent (as a server)
  uint64_t dns_errors_sent = 0;   ///< of which with a response code other than NOERROR
  uint64_t score_as_client = 0;   ///< scores of its active flows (set for minutes only, not summed)
  uint64_t score_as_server = 0;
  HostCounters& operator+=(const HostCounters& o);
};

/// When a periodic check runs: at the end of a second or a minute of packet time, or on the wall clock
/// (live slots only: what packet time cannot tell, e.g. that no packet comes).
enum class Period : uint8_t { Second, Minute, WallClock };

/// A check run at the end of each period of packet time, raising alerts of one type.
class PeriodicCheck : public Check {
 public:
  virtual uint16_t type_id() const = 0;
  virtual Period period() const = 0;
  /// The score of the alert it raises (ntopng's alert score).
  virtual uint32_t score() const = 0;
};

/// A host check's finding for one period: the host is over the threshold as attacker or victim.
struct HostTrigger {
  bool attacker = true;
  uint64_t value = 0;
};

/// A check on hosts, run at the end of each period of packet time on the period's counters.
class HostCheck : public PeriodicCheck {
 public:
  /// Appends what holds for this host in this period (nothing when under the threshold).
  virtual void on_periodic(const HostCounters& c, std::vector<HostTrigger>& out) const = 0;
};

/// The interface's counters since the slot started, as its source reports them.
struct InterfaceCounters {
  uint64_t packets = 0;       ///< frames read
  uint64_t drops = 0;         ///< frames the kernel or the interface dropped
  uint64_t period_bytes = 0;  ///< frame bytes of the period being judged (packet time)
  uint64_t idle_seconds = 0;  ///< wall-clock seconds since the packet count last grew (live slots)
};

/// A check on the interface, run at the end of each period of packet time. It holds (true) or not.
class InterfaceCheck : public PeriodicCheck {
 public:
  /// The value over the threshold when the check holds.
  virtual std::optional<uint64_t> on_periodic(const InterfaceCounters& c) const = 0;
};

/// An address announced in ARP from a MAC other than the one it had.
struct ArpFinding {
  uint64_t old_mac = 0;  ///< stats::MacKey
  uint64_t new_mac = 0;
};

/// A check on ARP, run on the sender (address, MAC) pairs of each worker delta (off the packet path).
class ArpCheck : public Check {
 public:
  virtual uint16_t type_id() const = 0;
  virtual uint32_t score() const = 0;
  /// `host` sent ARP from `mac`; appends what that reveals.
  virtual void on_sender(const stats::HostKey& host, stats::MacKey mac, std::vector<ArpFinding>& out) = 0;
};

/// A check on the devices (source MACs) of each worker delta (off the packet path); one-shot alerts.
class DeviceCheck : public Check {
 public:
  virtual uint16_t type_id() const = 0;
  virtual uint32_t score() const = 0;
  /// A frame was sent from `mac` in `second` (packet time): true when that raises an alert.
  virtual bool on_source_mac(stats::MacKey mac, int64_t second) = 0;
};

}  // namespace netmeter::alerts
