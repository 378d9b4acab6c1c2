#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

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

/// The past alerts, wherever they are kept: SQLite's `alerts` table (SqliteAlertStore, the default) or
/// ClickHouse's (history/clickhouse/clickhouse_alert_store.hpp, with `--history clickhouse://`). The alert
/// service, its sink and the API use this interface only. Implementations are thread-safe.
class AlertStore {
 public:
  virtual ~AlertStore() = default;

  /// Inserts the alerts and sets their row ids (unique in the store, across restarts).
  virtual Status insert(std::span<AlertRecord> alerts) = 0;
  /// Keeps the store within bounds, oldest (by tstamp) removed first: alerts older than `max_days`
  /// before the newest alert of their interface (packet time: capture files of other years do not
  /// push each other out; 0: no bound), then the oldest beyond `max_count` (-1: no bound). Returns how
  /// many went. The granularity of the age bound is the implementation's (SQLite: the second).
  virtual Result<int64_t> prune(int64_t max_days, int64_t max_count) = 0;
  virtual Result<std::vector<AlertRecord>> list(const AlertFilter& filter, const AlertPage& page) = 0;
  virtual Result<int64_t> count(const AlertFilter& filter) = 0;

  /// Alerts per (entity, alert id) or per severity (entity 0), the most frequent first.
  enum class GroupBy { AlertId, Severity };
  struct GroupCount {
    int64_t entity = 0;
    int64_t value = 0;  ///< the alert id or the severity
    int64_t count = 0;
  };
  virtual Result<std::vector<GroupCount>> count_by(GroupBy group, const AlertFilter& filter) = 0;
  /// Marks matching alerts acknowledged; returns how many changed. The next read sees the change.
  virtual Result<int64_t> acknowledge(const AlertFilter& filter) = 0;
  /// Deletes matching alerts; returns how many. The next read sees the change.
  virtual Result<int64_t> remove(const AlertFilter& filter) = 0;

  /// The order of list_sorted(): one of a fixed set of columns (never text from a request), then time,
  /// then row id (a strict order).
  enum class SortColumn { Time, Severity, Score, AlertId, Duration, Ip, ClientIp, ServerIp };
  virtual Result<std::vector<AlertRecord>> list_sorted(const AlertFilter& filter, SortColumn column,
                                                       bool descending, int64_t offset, int64_t limit) = 0;
  /// The page list_sorted() gives and how many alerts match in all (a list's recordsFiltered).
  struct SortedPage {
    std::vector<AlertRecord> rows;
    int64_t matched = 0;
  };
  virtual Result<SortedPage> list_page(const AlertFilter& filter, SortColumn column, bool descending,
                                       int64_t offset, int64_t limit) = 0;
  /// Alerts per time slot of `slot_width` seconds (slot = tstamp - tstamp % width) and severity, by slot.
  struct SlotCount {
    int64_t severity = 0;
    int64_t slot = 0;
    int64_t count = 0;
  };
  virtual Result<std::vector<SlotCount>> count_by_time(const AlertFilter& filter, int64_t slot_width) = 0;
  /// Alerts per value of an address column (empty values left out), the most frequent first.
  enum class AddressColumn { Ip, ClientIp, ServerIp };
  struct AddressCount {
    std::string address;
    int64_t count = 0;
  };
  virtual Result<std::vector<AddressCount>> count_by_address(AddressColumn column,
                                                             const AlertFilter& filter) = 0;
  /// Alerts per (entity, alert id, severity).
  struct TypeSeverityCount {
    int64_t entity = 0;
    int64_t alert_id = 0;
    int64_t severity = 0;
    int64_t count = 0;
  };
  virtual Result<std::vector<TypeSeverityCount>> count_by_type_severity(const AlertFilter& filter) = 0;
  /// Distinct flows with at least one alert among the matching flow alerts whose client (or server) is `ip`.
  virtual Result<int64_t> count_alerted_flows(const AlertFilter& filter, const std::string& ip,
                                              bool as_client) = 0;
};

}  // namespace netmeter::store
