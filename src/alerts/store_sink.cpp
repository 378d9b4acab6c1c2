#include "alerts/store_sink.hpp"

#include <algorithm>

#include "core/thread_name.hpp"

namespace netmeter::alerts {

store::AlertRecord to_record(const Alert& a) {
  store::AlertRecord r;
  r.row_id = 0;
  r.ifid = a.ifid;
  r.entity = static_cast<int64_t>(a.entity);
  r.alert_id = a.type_id;
  r.severity = static_cast<int64_t>(a.severity);
  r.score = a.score;
  r.tstamp = a.begin_s;
  r.tstamp_end = a.end_s;
  r.acknowledged = a.acknowledged;
  r.ip = a.ip.to_string();
  r.vlan_id = a.vlan;
  r.is_attacker = a.is_attacker;
  r.is_victim = a.is_victim;
  r.value = static_cast<int64_t>(a.value);
  r.threshold = static_cast<int64_t>(a.threshold);
  r.flow_id = static_cast<int64_t>(a.flow_id);
  if (a.entity == Entity::Flow) {
    r.cli_ip = a.client.ip.to_string();
    r.cli_port = a.client.port;
    r.srv_ip = a.server.ip.to_string();
    r.srv_port = a.server.port;
  }
  r.proto = a.l4;
  r.l7_master_proto = a.l7_master;
  r.l7_proto = a.l7_app;
  r.flow_score = a.flow_score;
  r.flow_risk = static_cast<int64_t>(a.flow_risk);
  r.info = a.info;
  return r;
}

Alert from_record(const store::AlertRecord& r) {
  auto ip = [](const std::string& text) { return core::IpAddress::parse(text).value_or(core::IpAddress{}); };
  Alert a;
  a.id = static_cast<uint64_t>(r.row_id);
  a.ifid = static_cast<uint32_t>(r.ifid);
  a.entity = static_cast<Entity>(r.entity);
  a.type_id = static_cast<uint16_t>(r.alert_id);
  a.severity = static_cast<Severity>(r.severity);
  a.score = static_cast<uint32_t>(r.score);
  a.begin_s = r.tstamp;
  a.end_s = r.tstamp_end;
  a.acknowledged = r.acknowledged;
  a.ip = ip(r.ip);
  a.vlan = static_cast<uint16_t>(r.vlan_id);
  a.is_attacker = r.is_attacker;
  a.is_victim = r.is_victim;
  a.value = static_cast<uint64_t>(r.value);
  a.threshold = static_cast<uint64_t>(r.threshold);
  a.flow_id = static_cast<uint64_t>(r.flow_id);
  if (!r.cli_ip.empty()) a.client = {ip(r.cli_ip), static_cast<uint16_t>(r.cli_port)};
  if (!r.srv_ip.empty()) a.server = {ip(r.srv_ip), static_cast<uint16_t>(r.srv_port)};
  a.l4 = static_cast<uint8_t>(r.proto);
  a.l7_master = static_cast<uint16_t>(r.l7_master_proto);
  a.l7_app = static_cast<uint16_t>(r.l7_proto);
  a.flow_score = static_cast<uint32_t>(r.flow_score);
  a.flow_risk = static_cast<uint64_t>(r.flow_risk);
  a.info = r.info;
  return a;
}

StoreAlertSink::StoreAlertSink(store::AlertStore& past, StoreBounds bounds)
    : past_(past), bounds_(bounds), writer_([this] { run(); }) {}

StoreAlertSink::~StoreAlertSink() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
  write_pending();
}

void StoreAlertSink::store(const Alert& alert) {
  std::lock_guard lock(mutex_);
  if (pending_.size() >= bounds_.max_pending) {
    ++dropped_;
    return;
  }
  pending_.push_back(to_record(alert));
}

void StoreAlertSink::flush() {
  {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return;
    flush_requested_ = true;
  }
  wake_.notify_one();
}

void StoreAlertSink::flush_and_wait() {
  write_pending();
}

void StoreAlertSink::run() {
  core::set_thread_name("nm-alert-store");
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return flush_requested_ || stopping_; });
    if (stopping_) return;
    flush_requested_ = false;
    lock.unlock();
    write_pending();
    lock.lock();
  }
}

void StoreAlertSink::write_pending() {
  std::lock_guard writer(flush_mutex_);
  std::vector<store::AlertRecord> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty()) return;
  bool ok = past_.insert(batch).has_value();
  unpruned_ += static_cast<int64_t>(batch.size());
  const int64_t prune_every = bounds_.max_count >= 0 ? std::max<int64_t>(1, bounds_.max_count / 100) : 1000;
  if (ok && unpruned_ >= prune_every) {
    ok = past_.prune(bounds_.max_days, bounds_.max_count).has_value();
    unpruned_ = 0;
  }
  if (!ok) {
    std::lock_guard lock(mutex_);
    ++write_errors_;
  }
}

uint64_t StoreAlertSink::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

uint64_t StoreAlertSink::write_errors() const {
  std::lock_guard lock(mutex_);
  return write_errors_;
}

}  // namespace netmeter::alerts
