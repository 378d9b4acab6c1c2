#include "ringbuffer/extractor.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstring>

namespace netmeter::ringbuffer {

namespace {

constexpr uint64_t kPacketsPerRead = 4096;  ///< bounded work per read()

}  // namespace

Extraction::Extraction(const RingRecorder& recorder, ExtractRequest request)
    : recorder_(recorder), request_(std::move(request)), inspector_(recorder.config().link) {
  const auto& config = recorder_.config();
  if (!request_.bpf.empty()) {
    pcap_t* dead = pcap_open_dead(config.dlt, static_cast<int>(kMaxSnaplen));
    bpf_ = std::make_unique<bpf_program>();
    if (!dead || pcap_compile(dead, bpf_.get(), request_.bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      error_ = dead ? pcap_geterr(dead) : "cannot compile the filter";
      bpf_.reset();
      done_ = true;
    }
    if (dead) pcap_close(dead);
  }
  for (auto& e : recorder_.store().completed(request_.from_ns, request_.to_ns)) {
    uint64_t end = e.index->data_end;
    std::string path = e.segment_path;
    sources_.push_back({std::move(path), std::move(e), end});
  }
  if (auto open = recorder_.store().open_segment();
      open && open->packets > 0 && open->max_ns >= request_.from_ns && open->min_ns <= request_.to_ns)
    sources_.push_back({open->segment_path, std::nullopt, open->readable_end});
  uint32_t snaplen = request_.snaplen ? request_.snaplen : (config.snaplen ? config.snaplen : kMaxSnaplen);
  auto header = file_header(config.linktype, snaplen);
  staged_.assign(header.begin(), header.end());
}

Extraction::~Extraction() {
  if (bpf_) pcap_freecode(bpf_.get());
}

void Extraction::load_apps() {
  apps_.clear();
  if (!request_.filter || !request_.filter->needs_application()) return;
  std::vector<FlowApp> flows;
  if (index_) {
    flows = std::move(index_->flows);
  } else if (!current_->entry) {
    // The open segment has no index yet: collect its flows, then ask the statistics.
    std::unordered_set<core::FlowKey, FlowKeyHash> seen;
    while (auto p = reader_->next()) {
      if (p->offset >= current_->end) break;
      inspector_.inspect(p->data, p->header.wire_len, facts_);
      if (facts_.has_flow) seen.insert(facts_.flow);
    }
    reader_->seek(kFileHeaderBytes);
    flows = recorder_.resolve_apps({seen.begin(), seen.end()});
  }
  for (auto& f : flows)
    apps_.emplace(f.flow, std::move(f));
}

bool Extraction::start_next_source() {
  reader_.reset();
  current_ = nullptr;
  while (next_source_ < sources_.size()) {
    const Source& s = sources_[next_source_++];
    if (s.entry && !request_.prefilter.may_match(s.entry->index->keys)) {
      ++stats_.segments_skipped;
      continue;
    }
    auto reader = std::make_unique<SegmentReader>();
    std::string why;
    if (!reader->open(s.path, why)) continue;  // removed by the size bound meanwhile
    reader_ = std::move(reader);
    current_ = &s;
    next_block_ = 0;
    // The blocks and flows of a completed segment come from its index file; without it (the open
    // segment, or an index damaged since the start) the segment is read whole.
    index_.reset();
    if (s.entry) index_ = SegmentIndex::load(s.entry->index_path);
    if (index_ && index_->data_end != s.end) index_.reset();
    block_end_ = index_ ? 0 : s.end;
    ++stats_.segments_read;
    load_apps();
    return true;
  }
  return false;
}

// Moves the reader to the next block that may hold wanted packets; false at the end of the segment.
bool Extraction::next_block() {
  if (!index_) return false;
  const auto& blocks = index_->blocks;
  while (next_block_ < blocks.size()) {
    const Block& b = blocks[next_block_++];
    if (!wanted_block(b)) {
      ++stats_.blocks_skipped;
      continue;
    }
    ++stats_.blocks_read;
    if (reader_->offset() != b.offset) reader_->seek(b.offset);
    block_end_ = next_block_ < blocks.size() ? blocks[next_block_].offset : current_->end;
    // Read ahead over the following blocks this one runs into only if they are wanted too.
    uint64_t limit = block_end_;
    for (size_t i = next_block_; i < blocks.size() && wanted_block(blocks[i]); ++i)
      limit = i + 1 < blocks.size() ? blocks[i + 1].offset : current_->end;
    reader_->set_read_limit(limit);
    return true;
  }
  return false;
}

bool Extraction::wanted_block(const Block& b) const {
  bool in_time = b.max_ns >= request_.from_ns && b.min_ns <= request_.to_ns;
  return in_time && request_.prefilter.may_match(b.keys);
}

bool Extraction::wanted(const SegmentReader::Packet& p) {
  int64_t ts = p.header.ts_ns();
  if (ts < request_.from_ns || ts > request_.to_ns) return false;
  if (bpf_) {
    pcap_pkthdr h{};
    h.ts.tv_sec = static_cast<time_t>(p.header.seconds);
    h.ts.tv_usec = static_cast<suseconds_t>(p.header.nanoseconds / 1000);
    h.caplen = p.header.caplen;
    h.len = p.header.wire_len;
    if (!pcap_offline_filter(bpf_.get(), &h, reinterpret_cast<const u_char*>(p.data.data()))) return false;
  }
  if (!request_.filter && !request_.visible) return true;
  inspector_.inspect(p.data, p.header.wire_len, facts_);
  if (request_.visible && (!facts_.has_flow || (!request_.visible(facts_.subject.src.ip) &&
                                                !request_.visible(facts_.subject.dst.ip))))
    return false;
  if (!request_.filter) return true;
  if (request_.filter->needs_application() && facts_.has_flow) {
    if (auto it = apps_.find(facts_.flow); it != apps_.end()) {
      facts_.subject.app = it->second.app;
      facts_.subject.app_master = it->second.master;
    }
  }
  return request_.filter->matches(facts_.subject);
}

// Stages the next wanted packet's record; false when there is none left.
bool Extraction::stage_packet() {
  uint64_t budget = kPacketsPerRead;
  while (budget-- > 0) {
    if (!reader_ && !start_next_source()) return false;
    if (reader_->offset() >= block_end_ && !next_block()) {
      reader_.reset();
      continue;
    }
    auto p = reader_->next();
    if (!p || p->offset >= current_->end) {
      reader_.reset();
      continue;
    }
    ++stats_.packets_read;
    if (!wanted(*p)) continue;
    uint32_t caplen = p->header.caplen;
    if (request_.snaplen) caplen = std::min(caplen, request_.snaplen);
    staged_.clear();
    staged_pos_ = 0;
    put_record_header(staged_, p->header.ts_ns(), caplen, p->header.wire_len);
    staged_.insert(staged_.end(), p->data.begin(), p->data.begin() + caplen);
    ++stats_.packets;
    return true;
  }
  return true;  // work bound reached: nothing staged, more may follow
}

size_t Extraction::read(std::span<char> out) {
  size_t n = 0;
  while (n < out.size()) {
    if (staged_pos_ < staged_.size()) {
      size_t take = std::min(out.size() - n, staged_.size() - staged_pos_);
      std::memcpy(out.data() + n, reinterpret_cast<const char*>(staged_.data()) + staged_pos_, take);
      staged_pos_ += take;
      n += take;
      continue;
    }
    if (done_) break;
    staged_.clear();
    staged_pos_ = 0;
    if (!stage_packet()) {
      done_ = true;
      break;
    }
    if (staged_.empty()) break;  // the work bound was reached: hand over what is there, be called again
  }
  return n;
}

}  // namespace netmeter::ringbuffer
