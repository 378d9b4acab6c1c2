#include "history/flow_exporter.hpp"

#include "geo/geo_db.hpp"
#include "history/flow_record_builder.hpp"
#include "stats/shard_delta.hpp"

namespace netmeter::history {

FlowExporter::FlowExporter(ExportQueue& queue, FlowExporterConfig config)
    : queue_(queue), config_(std::move(config)) {}

void FlowExporter::on_delta(const stats::ShardDelta& delta) {
  std::lock_guard lock(mutex_);
  for (const auto& u : delta.connections)
    on_update(u);
  if (config_.periodic_s > 0 && delta.second >= 0) periodic(delta.second);
}

FlowRecord FlowExporter::first_record(const stats::ConnectionUpdate& u) const {
  FlowRecord r;
  apply_update(r, u);
  r.interface_id = config_.interface_id;
  if (config_.geo) add_geolocation(r, u, *config_.geo);
  return r;
}

void FlowExporter::note_alert(uint64_t flow_id, uint16_t type_id, uint32_t score) {
  std::lock_guard lock(mutex_);
  // A flow's first update may raise an alert: the exporter sees that update right after this call.
  auto [it, fresh] = active_.try_emplace(flow_id);
  Active& a = it->second;
  if (fresh) a.seen = false;
  if (a.latest.status != 0 && score <= a.status_score) return;
  a.latest.status = type_id;
  a.status_score = score;
}

void FlowExporter::on_update(const stats::ConnectionUpdate& u) {
  auto it = active_.find(u.id);
  if (it != active_.end() && !it->second.seen) {  // its alert came first: the flow begins here
    Active& a = it->second;
    const uint16_t status = a.latest.status;
    a.latest = first_record(u);
    a.latest.status = status;
    a.row_start = a.latest.first_seen;
    a.seen = true;
    if (u.ended) {
      write_row(a);
      active_.erase(it);
    }
    return;
  }
  if (it == active_.end()) {
    Active fresh;
    fresh.latest = first_record(u);
    fresh.row_start = fresh.latest.first_seen;
    if (u.ended) {
      write_row(fresh);  // began and ended between two deltas: never tracked
      return;
    }
    active_.emplace(u.id, std::move(fresh));
    return;
  }
  apply_update(it->second.latest, u);  // geolocation and slot stay from the first update
  it->second.dirty = true;
  if (u.ended) {
    write_row(it->second);
    active_.erase(it);
  }
}

void FlowExporter::write_row(Active& a) {
  const FlowRecord& now = a.latest;
  FlowRecord row = now;
  row.first_seen = std::min(a.row_start, now.last_seen);
  row.src2dst_bytes -= a.sent.bytes[0];
  row.dst2src_bytes -= a.sent.bytes[1];
  row.src2dst_packets -= a.sent.packets[0];
  row.dst2src_packets -= a.sent.packets[1];
  row.src2dst_retransmissions -= a.sent.retransmissions[0];
  row.dst2src_retransmissions -= a.sent.retransmissions[1];
  row.src2dst_out_of_order -= a.sent.out_of_order[0];
  row.dst2src_out_of_order -= a.sent.out_of_order[1];
  if (config_.score) row.score = config_.score(row.flow_risk);
  a.sent = Sent{{now.src2dst_bytes, now.dst2src_bytes},
                {now.src2dst_packets, now.dst2src_packets},
                {now.src2dst_retransmissions, now.dst2src_retransmissions},
                {now.src2dst_out_of_order, now.dst2src_out_of_order}};
  a.row_start = now.last_seen;
  a.dirty = false;
  if (config_.lossless)
    queue_.push_waiting(std::move(row));
  else
    queue_.push(std::move(row));  // a full queue drops and counts: the aggregator never waits
}

void FlowExporter::periodic(int64_t second) {
  int64_t period = config_.periodic_s;
  if (next_tick_ < 0) next_tick_ = (second / period + 1) * period;
  if (second < next_tick_) return;
  next_tick_ = (second / period + 1) * period;
  for (auto& [id, a] : active_)
    if (a.seen && a.dirty && second - int64_t{a.row_start} >= period) write_row(a);
}

void FlowExporter::on_finish() {
  std::lock_guard lock(mutex_);
  for (auto& [id, a] : active_) {
    if (!a.dirty || !a.seen) continue;
    a.latest.end_reason = static_cast<uint8_t>(flow::EndReason::AnalysisEnd);
    write_row(a);
  }
  active_.clear();
}

size_t FlowExporter::active_flows() const {
  std::lock_guard lock(mutex_);
  return active_.size();
}

}  // namespace netmeter::history
