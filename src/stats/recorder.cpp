#include "stats/recorder.hpp"

#include <algorithm>

#include "stats/module_recorders.hpp"

namespace netmeter::stats {

ShardRecorder::ShardRecorder(const StatsConfig& config, DeltaChannel& channel, unsigned worker)
    : config_(config), channel_(channel), worker_(worker), delta_(channel.acquire(worker)) {
  touched_.reserve(1024);
}

ShardRecorder::~ShardRecorder() {
  if (delta_) channel_.recycle(std::move(delta_));
}

void ShardRecorder::touch(flow::Flow& f) {
  if (f.stats_epoch == epoch_) return;
  f.stats_epoch = epoch_;
  f.stats_index = static_cast<uint32_t>(touched_.size());
  touched_.push_back(&f);
}

void ShardRecorder::enter_second(int64_t second) {
  if (delta_->second != History::kNever && !delta_->empty()) flush();
  delta_->second = second;
}

void ShardRecorder::on_packet(const decode::DecodedPacket& pkt, flow::Flow* flow, int direction,
                              std::span<const uint8_t> payload) {
  int64_t second = pkt.ts.seconds();
  if (second != delta_->second) enter_second(second);
  PacketView v{pkt, flow, direction, payload, flow ? &flow->stats_hint : nullptr};
  ShardDelta& d = *delta_;
  record_interface(v, config_, d);
  record_link_layer(v, d);
  if (pkt.is_arp) record_arp(v, d);
  if (!pkt.has_ip) return;
  record_hosts(v, d);
  record_ip_classes(v, d);
  if (flow) {
    touch(*flow);
    record_server_port(v, d);
    if (!payload.empty()) record_l7(v, d);
  }
  flush_if_full();
}

void ShardRecorder::flush_if_full() {
  const ShardDelta& d = *delta_;
  size_t limit = config_.max_delta_entries;
  if (touched_.size() >= limit || d.connections.size() >= limit || d.hosts.size() >= limit ||
      d.macs.size() >= limit || d.events.size() >= limit)
    flush();
}

void ShardRecorder::on_flow_end(flow::Flow& f) {
  if (f.stats_epoch == epoch_ && f.stats_index < touched_.size() && touched_[f.stats_index] == &f)
    touched_[f.stats_index] = nullptr;
  f.stats_epoch = 0;
  ConnectionUpdate u = ConnectionUpdate::from(f);
  u.ended = true;
  if (delta_->second == History::kNever) delta_->second = f.last_seen().seconds();
  delta_->connections.push_back(u);
  flush_if_full();
}

void ShardRecorder::flush() {
  for (flow::Flow* f : touched_)
    if (f) delta_->connections.push_back(ConnectionUpdate::from(*f));
  touched_.clear();
  if (++epoch_ == 0) epoch_ = 1;
  if (delta_->empty()) return;
  int64_t second = delta_->second;
  delta_->order_second = std::max(second, mark_);
  channel_.publish(std::move(delta_));
  delta_ = channel_.acquire(worker_);
  delta_->second = second;
}

void ShardRecorder::pass(int64_t second) {
  if (second <= mark_) return;
  flush();
  mark_ = second;
  channel_.mark(worker_, second);
}

void ShardRecorder::flush_idle() {
  flush();
  int64_t newest = std::max(mark_, delta_->second);
  if (newest != History::kNever) channel_.mark(worker_, newest + 1);
}

bool ShardRecorder::wants_payload(const flow::Flow& f) {
  auto port = f.server().port;
  switch (f.key.l4) {
    case 17:  // DNS, mDNS, LLMNR, DHCP
      return port == 53 || port == 5353 || port == 5355 || port == 67 || port == 68;
    case 6:
      // HTTP requests and responses follow each other on a connection; TLS hellos come first.
      return port == 53 || port == 80 || port == 8080 || port == 443 || f.packets() < 16;
    default:
      return false;
  }
}

}  // namespace netmeter::stats
