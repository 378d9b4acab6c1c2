#include "ringbuffer/segment_index.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ringbuffer/pcap_file.hpp"

namespace netmeter::ringbuffer {

namespace {

constexpr char kMagic[8] = {'N', 'M', 'R', 'B', 'I', 'D', 'X', '1'};
constexpr uint32_t kVersion = 1;
constexpr size_t kMaxStringBytes = 255;

class Writer {
 public:
  template <class T>
  void put(T v) {
    const char* p = reinterpret_cast<const char*>(&v);
    out_.append(p, sizeof v);
  }
  void bytes(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  void text(const std::string& s) {
    size_t n = std::min(s.size(), kMaxStringBytes);
    put<uint8_t>(static_cast<uint8_t>(n));
    out_.append(s.data(), n);
  }
  void words(const std::vector<uint64_t>& w) {
    put<uint32_t>(static_cast<uint32_t>(w.size()));
    bytes(w.data(), w.size() * sizeof(uint64_t));
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  bool get(T& v) {
    if (in_.size() - pos_ < sizeof v) return false;
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return true;
  }
  bool text(std::string& s) {
    uint8_t n = 0;
    if (!get(n) || in_.size() - pos_ < n) return false;
    s.assign(in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool words(std::vector<uint64_t>& w, size_t max_words) {
    uint32_t n = 0;
    if (!get(n) || n > max_words || (n & (n - 1)) != 0) return false;
    if ((in_.size() - pos_) / sizeof(uint64_t) < n) return false;
    w.resize(n);
    std::memcpy(w.data(), in_.data() + pos_, n * sizeof(uint64_t));
    pos_ += n * sizeof(uint64_t);
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

void put_endpoint(Writer& w, const core::Endpoint& e) {
  w.put<uint8_t>(e.ip.version());
  w.bytes(e.ip.bytes().data(), 16);
  w.put<uint16_t>(e.port);
}

bool read_endpoint(Reader& r, core::Endpoint& e) {
  uint8_t version = 0;
  std::array<uint8_t, 16> b{};
  if (!r.get(version)) return false;
  for (auto& x : b)
    if (!r.get(x)) return false;
  if (version == 4)
    e.ip = core::IpAddress::v4(b.data());
  else if (version == 6)
    e.ip = core::IpAddress::v6(b.data());
  else if (version != 0)
    return false;
  return r.get(e.port);
}

uint32_t checksum(std::string_view bytes) {
  uLong c = crc32(0L, Z_NULL, 0);
  return static_cast<uint32_t>(
      crc32(c, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

}  // namespace

std::string SegmentIndex::serialize() const {
  Writer w;
  w.bytes(kMagic, sizeof kMagic);
  w.put<uint32_t>(kVersion);
  w.put<uint32_t>(linktype);
  w.put<int64_t>(min_ns);
  w.put<int64_t>(max_ns);
  w.put<uint64_t>(packets);
  w.put<uint64_t>(data_end);
  w.words(keys.words());
  w.put<uint32_t>(static_cast<uint32_t>(blocks.size()));
  for (const Block& b : blocks) {
    w.put<uint64_t>(b.offset);
    w.put<int64_t>(b.min_ns);
    w.put<int64_t>(b.max_ns);
    w.put<uint32_t>(b.packets);
    w.words(b.keys.words());
  }
  w.put<uint32_t>(static_cast<uint32_t>(flows.size()));
  for (const FlowApp& f : flows) {
    put_endpoint(w, f.flow.lo);
    put_endpoint(w, f.flow.hi);
    w.put<uint16_t>(f.flow.vlan);
    w.put<uint8_t>(f.flow.l4);
    w.text(f.master);
    w.text(f.app);
  }
  w.put<uint32_t>(checksum(w.out()));
  return std::move(w.out());
}

std::optional<SegmentIndex> SegmentIndex::parse(std::string_view bytes) {
  if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    return std::nullopt;
  uint32_t stored = 0;
  std::memcpy(&stored, bytes.data() + bytes.size() - 4, 4);
  std::string_view body = bytes.substr(0, bytes.size() - 4);
  if (checksum(body) != stored) return std::nullopt;
  Reader r(body.substr(sizeof kMagic));
  SegmentIndex x;
  uint32_t version = 0;
  if (!r.get(version) || version != kVersion) return std::nullopt;
  std::vector<uint64_t> words;
  uint32_t count = 0;
  if (!r.get(x.linktype) || !r.get(x.min_ns) || !r.get(x.max_ns) || !r.get(x.packets) || !r.get(x.data_end) ||
      !r.words(words, KeySummary::kMaxBits / 64) || !r.get(count))
    return std::nullopt;
  x.keys = KeySummary(std::move(words));
  for (uint32_t i = 0; i < count; ++i) {
    Block b;
    if (!r.get(b.offset) || !r.get(b.min_ns) || !r.get(b.max_ns) || !r.get(b.packets) ||
        !r.words(words, KeySummary::kMaxBits / 64))
      return std::nullopt;
    b.keys = KeySummary(std::move(words));
    x.blocks.push_back(std::move(b));
  }
  if (!r.get(count)) return std::nullopt;
  for (uint32_t i = 0; i < count; ++i) {
    FlowApp f;
    if (!read_endpoint(r, f.flow.lo) || !read_endpoint(r, f.flow.hi) || !r.get(f.flow.vlan) ||
        !r.get(f.flow.l4) || !r.text(f.master) || !r.text(f.app))
      return std::nullopt;
    x.flows.push_back(std::move(f));
  }
  if (!r.done()) return std::nullopt;
  return x;
}

std::optional<SegmentIndex> SegmentIndex::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return parse(s.view());
}

bool SegmentIndex::store(const std::string& path) const {
  std::string bytes = serialize();
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  bool ok = ::fdatasync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

void IndexBuilder::add_key(uint64_t k) {
  if (keys_.size() < kMaxDistinctKeys) keys_.insert(k);
  block_keys_.push_back(k);
}

void IndexBuilder::add(uint64_t offset, int64_t ts_ns, uint32_t record_bytes, const PacketFacts& facts) {
  if (block_.packets == 0) {
    block_.offset = offset;
    block_.min_ns = block_.max_ns = ts_ns;
  }
  block_.min_ns = std::min(block_.min_ns, ts_ns);
  block_.max_ns = std::max(block_.max_ns, ts_ns);
  ++block_.packets;
  block_bytes_ += record_bytes;
  if (index_.packets == 0) index_.min_ns = index_.max_ns = ts_ns;
  index_.min_ns = std::min(index_.min_ns, ts_ns);
  index_.max_ns = std::max(index_.max_ns, ts_ns);
  ++index_.packets;

  const filter::Subject& s = facts.subject;
  if (s.src.mac) add_key(key::mac(*s.src.mac));
  if (s.dst.mac) add_key(key::mac(*s.dst.mac));
  for (uint8_t i = 0; i < s.vlan_count; ++i)
    add_key(key::vlan(s.vlans[i]));
  if (facts.has_flow) {
    add_key(key::ip(s.src.ip));
    add_key(key::ip(s.dst.ip));
    if (s.has_ports) {
      add_key(key::port(s.src.port));
      add_key(key::port(s.dst.port));
    }
    if (flows_.size() < kMaxFlows) flows_.insert(facts.flow);
  }
  if (block_.packets >= SegmentIndex::kBlockPackets || block_bytes_ >= SegmentIndex::kBlockBytes)
    close_block();
}

SegmentIndex SegmentIndex::summary_only() const {
  SegmentIndex s;
  s.linktype = linktype;
  s.min_ns = min_ns;
  s.max_ns = max_ns;
  s.packets = packets;
  s.data_end = data_end;
  s.keys = keys;
  return s;
}

void IndexBuilder::close_block() {
  if (block_.packets == 0) return;
  std::sort(block_keys_.begin(), block_keys_.end());
  block_keys_.erase(std::unique(block_keys_.begin(), block_keys_.end()), block_keys_.end());
  block_.keys = KeySummary(block_keys_.size(), SegmentIndex::kBlockSummaryBits);
  for (uint64_t k : block_keys_)
    block_.keys.add(k);
  index_.blocks.push_back(std::move(block_));
  block_ = Block{};
  block_bytes_ = 0;
  block_keys_.clear();
}

SegmentIndex IndexBuilder::finish(uint64_t data_end, std::vector<FlowApp> flows) {
  close_block();
  index_.keys = KeySummary(keys_.size(), SegmentIndex::kSegmentSummaryBits);
  for (uint64_t k : keys_)
    index_.keys.add(k);
  if (keys_.size() >= kMaxDistinctKeys) index_.keys = KeySummary();  // too many to summarise: holds all
  index_.data_end = data_end;
  index_.flows = std::move(flows);
  SegmentIndex out = std::move(index_);
  index_ = SegmentIndex{};
  index_.linktype = out.linktype;
  keys_.clear();
  flows_.clear();
  return out;
}

std::optional<SegmentIndex> rebuild_index(const std::string& segment_path, core::LinkType link) {
  SegmentReader reader;
  std::string error;
  if (!reader.open(segment_path, error)) return std::nullopt;
  IndexBuilder builder(reader.linktype());
  PacketInspector inspector(link);
  PacketFacts facts;
  while (auto p = reader.next()) {
    inspector.inspect(p->data, p->header.wire_len, facts);
    builder.add(p->offset, p->header.ts_ns(), static_cast<uint32_t>(kRecordHeaderBytes + p->data.size()),
                facts);
  }
  return builder.finish(reader.offset(), {});
}

}  // namespace netmeter::ringbuffer
