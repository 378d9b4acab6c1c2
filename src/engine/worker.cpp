#include "engine/worker.hpp"

#include <malloc.h>

#include <cstddef>
#include <cstring>

#include "core/flow_id.hpp"
#include "core/spin_wait.hpp"
#include "flow/client_rule.hpp"
#include "flow/tcp_tracker.hpp"

namespace netmeter::engine {

namespace {

flow::FlowTableConfig per_worker(const EngineConfig& config) {
  flow::FlowTableConfig c = config.flows;
  c.max_flows = std::max<size_t>(1, config.max_flows / config.resolved_workers());
  return c;
}

}  // namespace

Worker::Worker(const EngineConfig& config, std::unique_ptr<dpi::Classifier> classifier,
               stats::DeltaChannel* stats, unsigned index)
    : config_(config),
      classifier_(std::move(classifier)),
      queue_(config.queue_bytes),
      table_(per_worker(config), *this),
      next_flow_id_(core::flow_id(index, config.first_flow_number)) {
  if (stats) recorder_ = std::make_unique<stats::ShardRecorder>(config_.stats, *stats, index);
}

Worker::~Worker() {
  if (classifier_) table_.for_each([&](const flow::Flow& f) { classifier_->discard(f); });
}

void Worker::run() {
  core::SpinWait idle(kSpinTime);
  for (;;) {
    auto rec = queue_.front();
    if (rec.empty()) {
      if (snapshot_wanted_.load(std::memory_order_relaxed)) serve_snapshot();
      if (idle.starting()) {
        queue_.release();  // the reader may be waiting for room
        space_bell_.ring();
        if (recorder_ && flush_when_idle_) recorder_->flush_idle();  // a quiet link's last second
      }
      if (source_idle_.load(std::memory_order_acquire) && source_idle_.exchange(false)) {
        if (recorder_) recorder_->flush_idle();  // the source waits: its last second so far
      }
      if (idle.spun_out()) {
        doorbell_.wait(
            [&] {
              return !queue_.front().empty() || snapshot_wanted_.load() ||
                     source_idle_.load(std::memory_order_relaxed);
            },
            kMaxSleep);
      }
      continue;
    }
    idle.reset();
    // Copy the stored part of the record out of the queue; the tail of `current_` may hold an older
    // packet's ARP/tunnel fields, which the flags copied here say to ignore.
    uint16_t header_bytes;
    std::memcpy(&header_bytes, rec.data() + offsetof(PacketRecord, header_bytes), sizeof header_bytes);
    std::memcpy(static_cast<void*>(&current_), rec.data(), header_bytes);
    if (current_.kind == PacketRecord::kEnd) {
      queue_.pop();
      queue_.release();
      space_bell_.ring();
      break;
    }
    const auto* bytes = reinterpret_cast<const uint8_t*>(rec.data()) + header_bytes;
    if (current_.kind == PacketRecord::kTimeMark) {
      if (recorder_) recorder_->pass(current_.pkt.ts.seconds());
    } else if (current_.kind == PacketRecord::kRawFrame) {
      capture::RawPacket raw{current_.pkt.ts, current_.pkt.caplen, current_.pkt.wire_len, bytes};
      if (current_.link != PacketRecord::kSourceLink) raw.link = static_cast<core::LinkType>(current_.link);
      current_.l3_bytes = raw_decoder_->decode(raw, current_);
      handle(current_, bytes + current_.pkt.l3_offset);
    } else {
      handle(current_, bytes);
    }
    // A waiting file reader sleeps until half the queue is free (Reader::push).
    if (queue_.pop() && queue_.published_free_bytes() >= queue_.capacity() / 2) space_bell_.ring();
    if (snapshot_wanted_.load(std::memory_order_relaxed)) serve_snapshot();
  }
  {
    std::lock_guard lock(snapshot_mutex_);
    finished_.store(true);
  }
  snapshot_ready_.notify_all();
}

void Worker::count_packet(const decode::DecodedPacket& pkt) {
  TrafficCounters& t = results_.traffic;
  uint32_t len = pkt.wire_len;
  t.total.add(len);
  if (!pkt.has_ip) {
    t.non_ip.add(len);
    if (pkt.is_arp) t.arp.add(len);
    return;
  }
  (pkt.ip_version == 4 ? t.ipv4 : t.ipv6).add(len);
  if (pkt.is_fragment) t.fragments.add(len);
  switch (pkt.l4_proto) {
    case decode::ip_proto::kTcp:
      t.tcp.add(len);
      break;
    case decode::ip_proto::kUdp:
      t.udp.add(len);
      break;
    case decode::ip_proto::kIcmp:
    case decode::ip_proto::kIcmpv6:
      t.icmp.add(len);
      break;
    default:
      t.other_l4.add(len);
      break;
  }
}

void Worker::count_tunnels(const decode::DecodedPacket& pkt) {
  for (int i = 0; i < pkt.outer_count; ++i) {
    const auto& outer = pkt.outer[i];
    results_.traffic.tunnels[static_cast<size_t>(outer.tunnel)].add(pkt.wire_len);
    results_.tunnel_endpoints[outer.src].sent.add(pkt.wire_len);
    results_.tunnel_endpoints[outer.dst].rcvd.add(pkt.wire_len);
  }
}

bool Worker::dpi_eligible(const decode::DecodedPacket& pkt, uint32_t l3_bytes) const {
  // Later fragments have no transport header, and a datagram cut short by the snap length would show
  // the detector lengths that do not match its bytes.
  if (pkt.is_fragment && !pkt.first_fragment) return false;
  return l3_bytes >= pkt.l3_len;
}

std::span<const uint8_t> Worker::payload_of(const decode::DecodedPacket& pkt, const uint8_t* l3,
                                            uint32_t l3_bytes) {
  if (!pkt.has_l4 || pkt.payload_len == 0 || pkt.l4_offset < pkt.l3_offset) return {};
  size_t l4 = pkt.l4_offset - pkt.l3_offset;
  size_t header;
  if (pkt.l4_proto == decode::ip_proto::kUdp) {
    header = 8;
  } else if (pkt.l4_proto == decode::ip_proto::kTcp) {
    if (l4 + 13 > l3_bytes) return {};
    header = static_cast<size_t>(l3[l4 + 12] >> 4) * 4;
  } else {
    return {};
  }
  size_t start = l4 + header;
  if (start >= l3_bytes) return {};
  return {l3 + start, std::min<size_t>(l3_bytes - start, pkt.payload_len)};
}

void Worker::handle(const PacketRecord& rec, const uint8_t* l3) {
  const decode::DecodedPacket& pkt = rec.pkt;
  count_packet(pkt);
  if (!pkt.has_ip) {
    if (recorder_) recorder_->on_packet(pkt, nullptr, 0, {});
    return;
  }
  if (pkt.outer_count > 0) count_tunnels(pkt);

  bool swapped = false;
  core::FlowKey key = core::FlowKey::make({pkt.src_ip, pkt.src_port}, {pkt.dst_ip, pkt.dst_port},
                                          pkt.vlan_inner, pkt.l4_proto, swapped);
  auto found = table_.find_or_create(key, rec.flow_hash, pkt.ts);
  flow::Flow& f = *found.flow;
  if (found.created) {
    f.client_is_lo = flow::sender_is_client(pkt) != swapped;
    f.id = next_flow_id_++;
  }
  int direction = (swapped != f.client_is_lo) ? flow::Flow::kClientToServer : flow::Flow::kServerToClient;

  flow::DirectionStats& d = f.dir[direction];
  if (d.packets == 0) d.first_seen = pkt.ts;
  ++d.packets;
  d.bytes += pkt.wire_len;
  d.payload_bytes += pkt.payload_len;
  d.last_seen = pkt.ts;
  if (pkt.l4_proto == decode::ip_proto::kTcp && pkt.has_l4) flow::TcpTracker::on_packet(f, pkt, direction);
  table_.touch(found.handle);

  if (dpi::Classifier::wants_packets(f) && dpi_eligible(pkt, rec.l3_bytes)) {
    classifier_->process(f, l3, rec.l3_bytes, pkt.ts);
    ++results_.traffic.dpi_packets;
    if (!dpi::Classifier::wants_packets(f) && !(recorder_ && stats::ShardRecorder::wants_payload(f)))
      dpi_done_.mark_done(rec.flow_hash);
  }
  if (recorder_) recorder_->on_packet(pkt, &f, direction, payload_of(pkt, l3, rec.l3_bytes));
  if (config_.flows.expire_idle && pkt.ts.seconds() > last_expiry_second_) {
    last_expiry_second_ = pkt.ts.seconds();
    table_.expire(pkt.ts);
  }
}

void Worker::on_flow_end(flow::Flow& f) {
  dpi_done_.clear(f.key.hash());
  classifier_->finish(f);
  if (recorder_) recorder_->on_flow_end(f);
  if (config_.keep_finished_flows || f.end == flow::EndReason::AnalysisEnd) results_.flows.push_back(f);
}

Results Worker::finish() {
  // Detection ends first for every open flow, in the order end_all() ends them (giving up may consult
  // nDPI's shared caches): its per-flow state and reassembly buffers are freed before the results take
  // their copy of the table, so the two never peak together (about 100 MB at 280 000 open flows).
  table_.for_each_in_end_order([&](flow::Flow& f) { classifier_->finish(f); });
#ifdef __GLIBC__
  // Those states are small blocks scattered between live ones: without a trim the allocator keeps their
  // pages resident and the copy below takes new ones (measured: 712 MB peak RSS against 564 MB).
  malloc_trim(0);
#endif
  results_.flows.reserve(results_.flows.size() + table_.size());
  table_.end_all(flow::EndReason::AnalysisEnd);
  if (recorder_) recorder_->flush();
  if (raw_decoder_) results_.anomalies += raw_decoder_->anomalies();
  Results out = std::move(results_);
  out.table = table_.stats();
  out.active_flows = 0;
  out.flow_table_bytes = table_.memory_bytes();
  results_ = Results{};
  return out;
}

Results Worker::copy_state() const {
  Results copy;
  copy.flows = results_.flows;
  copy.flows.reserve(copy.flows.size() + table_.size());
  table_.for_each([&](const flow::Flow& f) {
    copy.flows.push_back(f);
    copy.flows.back().dpi_state = nullptr;
  });
  copy.traffic = results_.traffic;
  if (raw_decoder_) copy.anomalies += raw_decoder_->anomalies();
  copy.tunnel_endpoints = results_.tunnel_endpoints;
  copy.table = table_.stats();
  copy.active_flows = table_.size();
  copy.flow_table_bytes = table_.memory_bytes();
  return copy;
}

void Worker::serve_snapshot() {
  Results copy = copy_state();
  std::lock_guard lock(snapshot_mutex_);
  snapshot_ = std::move(copy);
  snapshot_done_ = true;
  snapshot_wanted_.store(false);
  snapshot_ready_.notify_all();
}

Results Worker::snapshot() {
  // Once run() has returned, the worker thread no longer writes its state: copy it here.
  if (finished_.load()) return copy_state();
  std::unique_lock lock(snapshot_mutex_);
  snapshot_done_ = false;
  snapshot_wanted_.store(true);
  doorbell_.ring();
  snapshot_ready_.wait(lock, [&] { return snapshot_done_ || finished_.load(); });
  if (snapshot_done_) return std::move(snapshot_);
  lock.unlock();
  return copy_state();
}

}  // namespace netmeter::engine
