#include "ringbuffer/segment_store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <filesystem>

#include "ringbuffer/pcap_file.hpp"

namespace netmeter::ringbuffer {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "segment-";
constexpr std::string_view kSegmentSuffix = ".pcap";

std::optional<uint64_t> sequence_of(const std::string& name) {
  if (!name.starts_with(kPrefix) || !name.ends_with(kSegmentSuffix)) return std::nullopt;
  std::string_view digits(name);
  digits = digits.substr(kPrefix.size(), digits.size() - kPrefix.size() - kSegmentSuffix.size());
  if (digits.size() != 16) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, 16);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return v;
}

uint64_t file_size(const std::string& path) {
  std::error_code ec;
  auto n = fs::file_size(path, ec);
  return ec ? 0 : n;
}

std::shared_ptr<const SegmentIndex> summary_of(const SegmentIndex& index) {
  return std::make_shared<const SegmentIndex>(index.summary_only());
}

}  // namespace

SegmentStore::SegmentStore(std::string directory, core::LinkType link, uint32_t linktype)
    : directory_(std::move(directory)), link_(link), linktype_(linktype) {}

std::string SegmentStore::segment_path(uint64_t sequence) const {
  char name[64];
  std::snprintf(name, sizeof name, "/segment-%016" PRIx64 ".pcap", sequence);
  return directory_ + name;
}

std::string SegmentStore::index_path(uint64_t sequence) const {
  char name[64];
  std::snprintf(name, sizeof name, "/segment-%016" PRIx64 ".idx", sequence);
  return directory_ + name;
}

bool SegmentStore::recover(std::vector<std::string>& notes, std::string& error) {
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) {
    error = "cannot create the ring buffer directory: " + ec.message();
    return false;
  }
  fs::permissions(directory_, fs::perms::owner_all, fs::perm_options::replace, ec);
  std::vector<uint64_t> sequences;
  for (const auto& item : fs::directory_iterator(directory_, ec)) {
    std::string name = item.path().filename().string();
    if (name.ends_with(".tmp")) {
      fs::remove(item.path(), ec);
      continue;
    }
    if (auto seq = sequence_of(name)) sequences.push_back(*seq);
  }
  std::sort(sequences.begin(), sequences.end());
  std::lock_guard lock(mutex_);
  segments_.clear();
  for (uint64_t seq : sequences) {
    next_sequence_ = seq + 1;
    if (auto e = recover_one(seq, notes)) segments_.push_back(std::move(*e));
  }
  // Index files without their segment.
  for (const auto& item : fs::directory_iterator(directory_, ec)) {
    std::string name = item.path().filename().string();
    if (!name.ends_with(".idx")) continue;
    std::string pcap = item.path().string();
    pcap.replace(pcap.size() - 4, 4, ".pcap");
    if (!fs::exists(pcap)) fs::remove(item.path(), ec);
  }
  return true;
}

std::optional<SegmentEntry> SegmentStore::recover_one(uint64_t seq, std::vector<std::string>& notes) {
  SegmentEntry e{seq, segment_path(seq), index_path(seq), 0, nullptr};
  const std::string label = fs::path(e.segment_path).filename().string();
  uint64_t size = file_size(e.segment_path);
  auto index = SegmentIndex::load(e.index_path);
  if (!index || index->data_end != size || index->linktype != linktype_) {
    if (index && index->linktype != linktype_) index.reset();
    SegmentReader probe;
    std::string why;
    if (!probe.open(e.segment_path, why) || probe.linktype() != linktype_) {
      notes.push_back(label + ": removed (" + (why.empty() ? "another link type" : why) + ")");
      remove_files(e);
      return std::nullopt;
    }
    index = rebuild_index(e.segment_path, link_);
    if (!index) return std::nullopt;
    if (index->data_end < size) {
      if (::truncate(e.segment_path.c_str(), static_cast<off_t>(index->data_end)) != 0) return std::nullopt;
      notes.push_back(label + ": truncated to its last whole packet (" +
                      std::to_string(size - index->data_end) + " bytes cut)");
    }
    notes.push_back(label + ": index rebuilt (" + std::to_string(index->packets) + " packets)");
    index->store(e.index_path);
  }
  if (index->packets == 0) {
    remove_files(e);
    return std::nullopt;
  }
  e.disk_bytes = index->data_end + file_size(e.index_path);
  e.index = summary_of(*index);
  return e;
}

void SegmentStore::remove_files(const SegmentEntry& e) {
  ::unlink(e.segment_path.c_str());
  ::unlink(e.index_path.c_str());
}

uint64_t SegmentStore::next_sequence() const {
  std::lock_guard lock(mutex_);
  return next_sequence_;
}

void SegmentStore::add(SegmentEntry entry) {
  std::lock_guard lock(mutex_);
  next_sequence_ = std::max(next_sequence_, entry.sequence + 1);
  if (entry.index) entry.index = summary_of(*entry.index);
  if (entry.disk_bytes == 0 && entry.index)
    entry.disk_bytes = entry.index->data_end + file_size(entry.index_path);
  segments_.push_back(std::move(entry));
}

void SegmentStore::replace_index(uint64_t sequence, std::shared_ptr<const SegmentIndex> index) {
  std::lock_guard lock(mutex_);
  for (auto& e : segments_)
    if (e.sequence == sequence) {
      e.index = summary_of(*index);
      e.disk_bytes = e.index->data_end + file_size(e.index_path);
    }
}

void SegmentStore::set_open(std::optional<OpenSegment> open) {
  std::lock_guard lock(mutex_);
  if (open) next_sequence_ = std::max(next_sequence_, open->sequence + 1);
  open_ = std::move(open);
}

size_t SegmentStore::trim(uint64_t max_bytes) {
  std::lock_guard lock(mutex_);
  uint64_t total = 0;
  for (const auto& e : segments_)
    total += e.disk_bytes;
  size_t removed = 0;
  while (!segments_.empty() && total > max_bytes) {
    total -= segments_.front().disk_bytes;
    remove_files(segments_.front());
    segments_.pop_front();
    ++removed;
  }
  return removed;
}

void SegmentStore::clear() {
  std::lock_guard lock(mutex_);
  for (const auto& e : segments_)
    remove_files(e);
  segments_.clear();
}

std::vector<SegmentEntry> SegmentStore::completed(int64_t from_ns, int64_t to_ns) const {
  std::lock_guard lock(mutex_);
  std::vector<SegmentEntry> out;
  for (const auto& e : segments_)
    if (e.index->max_ns >= from_ns && e.index->min_ns <= to_ns) out.push_back(e);
  return out;
}

std::optional<OpenSegment> SegmentStore::open_segment() const {
  std::lock_guard lock(mutex_);
  return open_;
}

StoreSummary SegmentStore::summary() const {
  std::lock_guard lock(mutex_);
  StoreSummary s;
  auto take_time = [&s](int64_t lo, int64_t hi) {
    s.oldest_ns = s.oldest_ns == 0 ? lo : std::min(s.oldest_ns, lo);
    s.newest_ns = std::max(s.newest_ns, hi);
  };
  for (const auto& e : segments_) {
    ++s.segments;
    s.packets += e.index->packets;
    s.used_bytes += e.disk_bytes;
    take_time(e.index->min_ns, e.index->max_ns);
  }
  if (open_ && open_->packets > 0) {
    ++s.segments;
    s.packets += open_->packets;
    s.used_bytes += open_->readable_end;
    take_time(open_->min_ns, open_->max_ns);
  }
  return s;
}

}  // namespace netmeter::ringbuffer
