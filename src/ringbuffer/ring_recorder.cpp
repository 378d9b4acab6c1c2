#include "ringbuffer/ring_recorder.hpp"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "core/thread_name.hpp"
#include "ringbuffer/pcap_file.hpp"

namespace netmeter::ringbuffer {

namespace {

struct QueuedHeader {
  int64_t ts_ns;
  uint32_t caplen;
  uint32_t wire_len;
};

constexpr size_t kWriteBuffer = 1 << 20;
constexpr auto kIdleWait = std::chrono::milliseconds(100);
constexpr auto kAppRetryDelay = std::chrono::seconds(3);

}  // namespace

uint64_t RecorderConfig::effective_segment_bytes() const {
  return std::max<uint64_t>(std::min(segment_bytes, max_bytes / 8), 1 << 20);
}

RingRecorder::RingRecorder(RecorderConfig config, AppResolver resolver)
    : config_(std::move(config)),
      resolver_(std::move(resolver)),
      store_(config_.directory, config_.link, config_.linktype),
      queue_(config_.queue_bytes),
      inspector_(config_.link) {
  out_.reserve(kWriteBuffer + kMaxSnaplen + kRecordHeaderBytes);
}

std::unique_ptr<RingRecorder> RingRecorder::open(RecorderConfig config, AppResolver resolver,
                                                 std::string& error, std::vector<std::string>& notes) {
  std::unique_ptr<RingRecorder> r(new RingRecorder(std::move(config), std::move(resolver)));
  if (!r->store_.recover(notes, error)) return nullptr;
  r->store_.trim(r->config_.max_bytes);
  return r;
}

RingRecorder::~RingRecorder() {
  finish();
}

void RingRecorder::start() {
  if (thread_.joinable() || finished_) return;
  thread_ = std::thread([this] {
    core::set_thread_name("nm-ringbuf");
    run();
  });
}

void RingRecorder::offer(const capture::RawPacket& packet) {
  if (suspended_.load(std::memory_order_relaxed)) return;
  uint32_t caplen = std::min(packet.caplen, kMaxSnaplen);
  if (config_.snaplen) caplen = std::min(caplen, config_.snaplen);
  auto room = queue_.try_reserve(sizeof(QueuedHeader) + caplen);
  if (room.empty() && config_.lossless) room = wait_for_room(sizeof(QueuedHeader) + caplen);
  if (room.empty()) {
    drops_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  QueuedHeader h{packet.ts.ns, caplen, std::max(packet.wire_len, caplen)};
  std::memcpy(room.data(), &h, sizeof h);
  std::memcpy(room.data() + sizeof h, packet.data, caplen);
  if (queue_.commit()) bell_.ring();
}

std::span<std::byte> RingRecorder::wait_for_room(size_t size) {
  queue_.publish();
  bell_.ring();
  for (;;) {
    if (!thread_.joinable() || stopping_.load(std::memory_order_acquire)) return {};
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    auto room = queue_.try_reserve(size);
    if (!room.empty()) return room;
  }
}

void RingRecorder::flush() {
  if (!queue_.has_unpublished()) return;
  queue_.publish();
  bell_.ring();
}

void RingRecorder::finish() {
  if (finished_) return;
  finished_ = true;
  queue_.publish();
  stopping_.store(true, std::memory_order_release);
  bell_.ring();
  if (thread_.joinable()) thread_.join();
}

void RingRecorder::run() {
  for (;;) {
    auto record = queue_.front();
    if (!record.empty()) {
      write_packet(record);
      queue_.pop();
      continue;
    }
    queue_.release();
    flush_file();
    retry_pending_apps();
    if (stopping_.load(std::memory_order_acquire)) {
      if (!queue_.front().empty()) continue;  // published just before the stop
      break;
    }
    bell_.wait([this] { return !queue_.front().empty() || stopping_.load(std::memory_order_acquire); },
               kIdleWait);
  }
  complete_segment();
  for (auto& p : pending_)
    p.due = std::chrono::steady_clock::time_point::min();
  retry_pending_apps();
}

bool RingRecorder::open_segment() {
  sequence_ = store_.next_sequence();
  std::string path = store_.segment_path(sequence_);
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) return false;
  auto header = file_header(config_.linktype, config_.snaplen ? config_.snaplen : kMaxSnaplen);
  out_.assign(header.begin(), header.end());
  offset_ = kFileHeaderBytes;
  flushed_ = 0;
  builder_ = std::make_unique<IndexBuilder>(config_.linktype);
  open_ = OpenSegment{sequence_, path, 0, 0, 0, 0};
  store_.set_open(open_);
  return true;
}

void RingRecorder::write_packet(std::span<const std::byte> record) {
  QueuedHeader h;
  std::memcpy(&h, record.data(), sizeof h);
  auto data = record.subspan(sizeof h, h.caplen);
  if (fd_ < 0 && !open_segment()) {
    drop_writes(1);
    return;
  }
  inspector_.inspect(data, h.wire_len, facts_);
  uint32_t bytes = static_cast<uint32_t>(kRecordHeaderBytes + h.caplen);
  builder_->add(offset_, h.ts_ns, bytes, facts_);
  put_record_header(out_, h.ts_ns, h.caplen, h.wire_len);
  out_.insert(out_.end(), data.begin(), data.end());
  offset_ += bytes;
  if (open_.packets == 0) open_.min_ns = open_.max_ns = h.ts_ns;
  open_.min_ns = std::min(open_.min_ns, h.ts_ns);
  open_.max_ns = std::max(open_.max_ns, h.ts_ns);
  ++open_.packets;
  written_.fetch_add(1, std::memory_order_relaxed);
  if (out_.size() >= kWriteBuffer) flush_file();
  if (offset_ >= config_.effective_segment_bytes()) complete_segment();
}

void RingRecorder::flush_file() {
  if (fd_ < 0 || out_.empty()) return;
  size_t done = 0;
  while (done < out_.size()) {
    ssize_t n = ::write(fd_, out_.data() + done, out_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  if (done < out_.size()) {
    // Disk full or failing: keep the whole packets written, give up this segment.
    uint64_t keep = flushed_ + done;
    (void)::ftruncate(fd_, static_cast<off_t>(keep));
    out_.clear();
    ::close(fd_);
    fd_ = -1;
    drop_writes(1);
    std::vector<std::string> notes;
    store_.set_open(std::nullopt);
    store_.trim(config_.max_bytes / 2);  // make room, then rebuild this segment's index from its file
    if (auto index = rebuild_index(open_.segment_path, config_.link); index && index->packets > 0) {
      ::truncate(open_.segment_path.c_str(), static_cast<off_t>(index->data_end));
      index->store(store_.index_path(sequence_));
      auto shared = std::make_shared<const SegmentIndex>(std::move(*index));
      store_.add({sequence_, open_.segment_path, store_.index_path(sequence_), shared->data_end, shared});
    } else {
      ::unlink(open_.segment_path.c_str());
    }
    builder_.reset();
    return;
  }
  flushed_ += out_.size();
  out_.clear();
  open_.readable_end = flushed_;
  store_.set_open(open_);
}

void RingRecorder::complete_segment() {
  if (fd_ < 0) return;
  flush_file();
  if (fd_ < 0) return;
  ::fdatasync(fd_);
  ::close(fd_);
  fd_ = -1;
  std::vector<core::FlowKey> flows(builder_->flows().begin(), builder_->flows().end());
  std::vector<FlowApp> named = resolve(flows);
  const bool all_named = named.size() == flows.size();
  SegmentIndex index = builder_->finish(offset_, std::move(named));
  builder_.reset();
  std::string index_path = store_.index_path(sequence_);
  index.store(index_path);  // when it fails, the next start rebuilds it from the segment
  auto shared = std::make_shared<const SegmentIndex>(std::move(index));
  store_.set_open(std::nullopt);
  store_.add({sequence_, store_.segment_path(sequence_), index_path, 0, shared});
  store_.trim(config_.max_bytes - std::min(config_.max_bytes, config_.effective_segment_bytes()));
  if (!all_named && resolver_)
    pending_.push_back({sequence_, std::move(flows), std::chrono::steady_clock::now() + kAppRetryDelay});
}

std::vector<FlowApp> RingRecorder::resolve(const std::vector<core::FlowKey>& flows) const {
  if (!resolver_ || flows.empty()) return {};
  return resolver_(flows);
}

// The statistics learn a flow's application a moment after its packets pass: a segment completed just
// after a flow started is named again a little later.
void RingRecorder::retry_pending_apps() {
  auto now = std::chrono::steady_clock::now();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->due > now) {
      ++it;
      continue;
    }
    std::string path = store_.index_path(it->sequence);
    auto index = SegmentIndex::load(path);
    if (index) {
      auto named = resolve(it->flows);
      if (named.size() > index->flows.size()) {
        index->flows = std::move(named);
        if (index->store(path))
          store_.replace_index(it->sequence, std::make_shared<const SegmentIndex>(*index));
      }
    }
    it = pending_.erase(it);
  }
}

void RingRecorder::drop_writes(uint64_t packets) {
  drops_.fetch_add(packets, std::memory_order_relaxed);
}

RecorderStatus RingRecorder::status() const {
  RecorderStatus s;
  s.store = store_.summary();
  s.max_bytes = config_.max_bytes;
  s.packets_written = written_.load(std::memory_order_relaxed);
  s.drops = drops_.load(std::memory_order_relaxed);
  s.suspended = suspended_.load(std::memory_order_relaxed);
  s.snaplen = config_.snaplen;
  return s;
}

std::optional<uint64_t> parse_size_bound(std::string_view text, const std::string& directory) {
  if (text.empty()) return std::nullopt;
  if (text.back() == '%') {
    double pct = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, pct);
    if (ec != std::errc() || p != text.data() + text.size() - 1 || !(pct > 0) || pct > 100)
      return std::nullopt;
    struct statvfs st {};
    std::filesystem::path probe(directory.empty() ? "/" : directory);
    while (::statvfs(probe.c_str(), &st) != 0) {
      if (!probe.has_parent_path() || probe.parent_path() == probe) return std::nullopt;
      probe = probe.parent_path();
    }
    double total = static_cast<double>(st.f_blocks) * static_cast<double>(st.f_frsize);
    auto bytes = static_cast<uint64_t>(total * pct / 100.0);
    return bytes ? std::optional<uint64_t>(bytes) : std::nullopt;
  }
  double number = 0;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc() || !(number > 0)) return std::nullopt;
  std::string_view unit(p, static_cast<size_t>(end - p));
  double scale = 1;
  if (unit == "K" || unit == "k" || unit == "KiB")
    scale = 1024.0;
  else if (unit == "M" || unit == "MiB")
    scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GiB")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "TiB")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else if (!unit.empty())
    return std::nullopt;
  double bytes = number * scale;
  if (bytes < 1 || bytes > 1.8e19) return std::nullopt;
  return static_cast<uint64_t>(bytes);
}

}  // namespace netmeter::ringbuffer
