#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "store/connection.hpp"
#include "store/error.hpp"

namespace netmeter::store {

/// One row of `alerts`: a past alert. Numbers are ntopng's (entity, alert id, severity id); times are
/// packet time, epoch seconds. Host alerts fill ip/vlan/attacker/victim/value/threshold; flow alerts
/// the cli/srv endpoints, protocols, flow score and risk bitmap (and ip = the client).
struct AlertRecord {
  int64_t row_id = 0;  ///< assigned by insert
  int64_t ifid = 0;
  int64_t entity = 0;
  int64_t alert_id = 0;
  int64_t severity = 0;
  int64_t score = 0;
  int64_t tstamp = 0;
  int64_t tstamp_end = 0;
  bool acknowledged = false;
  std::string ip;
  int64_t vlan_id = 0;
  bool is_attacker = false;
  bool is_victim = false;
  int64_t value = 0;
  int64_t threshold = 0;
  int64_t flow_id = 0;
  std::string cli_ip;
  int64_t cli_port = 0;
  std::string srv_ip;
  int64_t srv_port = 0;
  int64_t proto = 0;
  int64_t l7_master_proto = 0;
  int64_t l7_proto = 0;
  int64_t flow_score = 0;
  int64_t flow_risk = 0;  ///< the 64-bit bitmap, stored as its two's complement
  std::string info;
};

/// Which alerts a list, count, acknowledge or delete applies to: every set field must match.
struct AlertFilter {
  std::optional<int64_t> entity;
  std::optional<std::vector<int64_t>> ifids;  ///< any of these (empty: none)
  std::optional<int64_t> alert_id;
  std::optional<int64_t> severity;
  std::optional<int64_t> epoch_begin;  ///< tstamp >= epoch_begin
  std::optional<int64_t> epoch_end;    ///< tstamp <= epoch_end
  std::optional<std::string> ip;       ///< the host, or either end of a flow
  std::optional<int64_t> row_id;
  std::optional<bool> acknowledged;
};

struct AlertPage {
  int64_t offset = 0;
  int64_t limit = 100;
  bool newest_first = true;  ///< by tstamp, then row id
};

/// The `alerts` table, used through a locked connection.
class AlertRepository {
 public:
  explicit AlertRepository(Connection& conn) : conn_(conn) {}

  /// Inserts the alerts in one transaction and sets their row ids.
  Status insert(std::span<AlertRecord> alerts);
  /// Keeps the table within bounds, oldest (by tstamp) removed first: alerts older than `max_days`
  /// before the newest alert of their interface (packet time: capture files of other years do not
  /// push each other out), then the oldest beyond `max_count`. Returns how many went.
  Result<int64_t> prune(int64_t max_days, int64_t max_count);
  Result<std::vector<AlertRecord>> list(const AlertFilter& filter, const AlertPage& page);
  Result<int64_t> count(const AlertFilter& filter);
  /// Alerts per (entity, alert id) or per severity (entity 0), the most frequent first.
  enum class GroupBy { AlertId, Severity };
  struct GroupCount {
    int64_t entity = 0;
    int64_t value = 0;  ///< the alert id or the severity
    int64_t count = 0;
  };
  Result<std::vector<GroupCount>> count_by(GroupBy group, const AlertFilter& filter);
  /// Marks matching alerts acknowledged; returns how many changed.
  Result<int64_t> acknowledge(const AlertFilter& filter);
  /// Deletes matching alerts; returns how many.
  Result<int64_t> remove(const AlertFilter& filter);

  /// The order of list_sorted(): one of a fixed set of columns (never text from a request), then time,
  /// then row id (a strict order).
  enum class SortColumn { Time, Severity, Score, AlertId, Duration, Ip, ClientIp, ServerIp };
  Result<std::vector<AlertRecord>> list_sorted(const AlertFilter& filter, SortColumn column, bool descending,
                                               int64_t offset, int64_t limit);
  /// The page list_sorted() gives and how many alerts match in all (a list's recordsFiltered), at any
  /// depth of a large store in about the same time (alert_repository_pages.cpp).
  struct SortedPage {
    std::vector<AlertRecord> rows;
    int64_t matched = 0;
  };
  Result<SortedPage> list_page(const AlertFilter& filter, SortColumn column, bool descending, int64_t offset,
                               int64_t limit);
  /// Alerts per time slot of `slot_width` seconds (slot = tstamp - tstamp % width) and severity, by slot.
  struct SlotCount {
    int64_t severity = 0;
    int64_t slot = 0;
    int64_t count = 0;
  };
  Result<std::vector<SlotCount>> count_by_time(const AlertFilter& filter, int64_t slot_width);
  /// Alerts per value of an address column (empty values left out), the most frequent first.
  enum class AddressColumn { Ip, ClientIp, ServerIp };
  struct AddressCount {
    std::string address;
    int64_t count = 0;
  };
  Result<std::vector<AddressCount>> count_by_address(AddressColumn column, const AlertFilter& filter);
  /// Alerts per (entity, alert id, severity).
  struct TypeSeverityCount {
    int64_t entity = 0;
    int64_t alert_id = 0;
    int64_t severity = 0;
    int64_t count = 0;
  };
  Result<std::vector<TypeSeverityCount>> count_by_type_severity(const AlertFilter& filter);
  /// Distinct flows with at least one alert among the matching flow alerts whose client (or server) is `ip`.
  Result<int64_t> count_alerted_flows(const AlertFilter& filter, const std::string& ip, bool as_client);

 private:
  Connection& conn_;
};

}  // namespace netmeter::store
