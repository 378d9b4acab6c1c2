#include "api/common/capture_exports.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace netmeter::api {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPart = ".part";
constexpr std::string_view kOwner = ".owner";
constexpr size_t kChunk = 1 << 20;

// A file read piece by piece (a complete export).
class FileBody final : public http::BodySource {
 public:
  FileBody(int fd, uint64_t size) : fd_(fd), size_(size) {}
  ~FileBody() override { ::close(fd_); }
  Pull pull(std::span<char> buffer) override {
    ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) return Pull::pending(std::chrono::milliseconds(0));
    if (n < 0) return Pull::failed();
    if (n == 0) return Pull::end();
    return Pull::data(static_cast<size_t>(n));
  }
  std::optional<uint64_t> size() const override { return size_; }

 private:
  int fd_;
  uint64_t size_;
};

std::string read_owner(const fs::path& path) {
  std::ifstream in(path);
  std::string owner;
  std::getline(in, owner);
  return owner;
}

bool plain_name(const std::string& name) {
  if (name.empty() || name.size() > 200 || name.front() == '.') return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) return false;
  return name.ends_with(".pcap");
}

}  // namespace

struct CaptureExports::Job {
  std::string name;
  std::string owner;
  std::shared_ptr<SlotData> slot;
  std::unique_ptr<ringbuffer::Extraction> extraction;
  std::thread thread;
  std::atomic<bool> stop{false};
  std::atomic<bool> done{false};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> packets{0};
  std::string error;  ///< written by the job's thread before `done`
};

CaptureExports::CaptureExports(std::string directory, size_t max_running)
    : directory_(std::move(directory)), max_running_(max_running) {
  std::error_code ec;
  fs::create_directories(directory_, ec);
  fs::permissions(directory_, fs::perms::owner_all, fs::perm_options::replace, ec);
  for (const auto& e : fs::directory_iterator(directory_, ec)) {
    std::string name = e.path().filename().string();
    if (name.ends_with(kPart)) fs::remove(e.path(), ec);  // cut short by a crash
    if (name.ends_with(kOwner) &&
        !fs::exists(e.path().string().substr(0, e.path().string().size() - kOwner.size())))
      fs::remove(e.path(), ec);
  }
}

CaptureExports::~CaptureExports() {
  std::lock_guard lock(mutex_);
  for (auto& j : jobs_)
    j->stop = true;
  for (auto& j : jobs_)
    if (j->thread.joinable()) j->thread.join();
}

bool CaptureExports::allowed(const std::string& owner, const auth::Principal& principal) const {
  return principal.has(auth::Permission::Admin) || owner == principal.user_name;
}

void CaptureExports::reap_locked() {
  for (auto& j : jobs_)
    if (j->done && j->thread.joinable()) j->thread.join();
}

CaptureExports::Started CaptureExports::start(const std::string& owner, const std::string& base_name,
                                              std::shared_ptr<SlotData> slot,
                                              ringbuffer::ExtractRequest request) {
  std::lock_guard lock(mutex_);
  reap_locked();
  size_t running = 0;
  for (const auto& j : jobs_)
    running += !j->done;
  if (running >= max_running_)
    return {std::nullopt, 503,
            std::to_string(running) + " exports are being written; retry when one has ended"};
  std::string stem = base_name.ends_with(".pcap") ? base_name.substr(0, base_name.size() - 5) : base_name;
  std::string name = stem + ".pcap";
  for (int i = 2; fs::exists(fs::path(directory_) / name) ||
                  fs::exists(fs::path(directory_) / (name + std::string(kPart))) || find_locked(name);
       ++i)
    name = stem + "-" + std::to_string(i) + ".pcap";
  const auto* recorder = slot ? slot->ring_buffer() : nullptr;
  if (!recorder) return {std::nullopt, 404, "this slot has no ring buffer"};
  auto job = std::make_unique<Job>();
  job->name = name;
  job->owner = owner;
  job->slot = slot;
  job->extraction = std::make_unique<ringbuffer::Extraction>(*recorder, std::move(request));
  if (!job->extraction->error().empty()) return {std::nullopt, 400, "bpf: " + job->extraction->error()};
  {
    std::ofstream o(fs::path(directory_) / (name + std::string(kOwner)), std::ios::trunc);
    o << owner << "\n";
  }
  Job& j = *job;
  jobs_.push_back(std::move(job));
  j.thread = std::thread([this, &j] { run(j); });
  return {name, 0, {}};
}

void CaptureExports::run(Job& job) {
  const fs::path final_path = fs::path(directory_) / job.name;
  const fs::path part = final_path.string() + std::string(kPart);
  int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    job.error = "cannot create the export file";
    job.done = true;
    return;
  }
  std::vector<char> buf(kChunk);
  bool ok = true;
  while (!job.stop) {
    size_t n = job.extraction->read(buf);
    if (n == 0 && job.extraction->done()) break;
    for (size_t w = 0; w < n && ok;) {
      ssize_t k = ::write(fd, buf.data() + w, n - w);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) ok = false;
      w += k > 0 ? static_cast<size_t>(k) : 0;
    }
    if (!ok) break;
    job.bytes += n;
    job.packets = job.extraction->stats().packets;
  }
  ok = ::fdatasync(fd) == 0 && ok;
  ::close(fd);
  std::error_code ec;
  if (ok && !job.stop) {
    fs::rename(part, final_path, ec);
    if (ec) job.error = "cannot complete the export file";
  } else {
    fs::remove(part, ec);
    job.error = job.stop ? "stopped" : "writing failed (disk full?)";
  }
  job.extraction.reset();
  job.slot.reset();
  job.done = true;
}

std::optional<CaptureExports::Item> CaptureExports::find_locked(const std::string& name) const {
  for (const auto& j : jobs_)
    if (j->name == name) {
      bool done = j->done;
      return Item{j->name, j->owner, j->bytes, j->packets, done && j->error.empty(), done ? j->error : ""};
    }
  return std::nullopt;
}

std::vector<CaptureExports::Item> CaptureExports::list(const auth::Principal& principal) const {
  std::lock_guard lock(mutex_);
  std::vector<Item> out;
  for (const auto& j : jobs_) {
    auto item = find_locked(j->name);
    if (item && allowed(item->owner, principal)) out.push_back(*item);
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(directory_, ec)) {
    std::string name = e.path().filename().string();
    if (!plain_name(name) || find_locked(name)) continue;  // exports of an earlier run
    std::string owner = read_owner(e.path().string() + std::string(kOwner));
    if (!allowed(owner, principal)) continue;
    out.push_back({name, owner, e.file_size(ec), 0, true, {}});
  }
  return out;
}

std::unique_ptr<http::BodySource> CaptureExports::open(const std::string& name,
                                                       const auth::Principal& principal) const {
  if (!plain_name(name)) return nullptr;
  std::lock_guard lock(mutex_);
  auto item = find_locked(name);
  const fs::path path = fs::path(directory_) / name;
  std::string owner = item ? item->owner : read_owner(path.string() + std::string(kOwner));
  if ((item && !item->complete) || !allowed(owner, principal)) return nullptr;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  std::error_code ec;
  return std::make_unique<FileBody>(fd, fs::file_size(path, ec));
}

bool CaptureExports::remove(const std::string& name, const auth::Principal& principal) {
  if (!plain_name(name)) return false;
  std::unique_lock lock(mutex_);
  const fs::path path = fs::path(directory_) / name;
  for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
    if ((*it)->name != name) continue;
    if (!allowed((*it)->owner, principal)) return false;
    (*it)->stop = true;
    if ((*it)->thread.joinable()) (*it)->thread.join();
    jobs_.erase(it);
    std::error_code ec;
    fs::remove(path, ec);
    fs::remove(path.string() + std::string(kOwner), ec);
    return true;
  }
  std::error_code ec;
  if (!fs::exists(path, ec) || !allowed(read_owner(path.string() + std::string(kOwner)), principal))
    return false;
  fs::remove(path, ec);
  fs::remove(path.string() + std::string(kOwner), ec);
  return true;
}

}  // namespace netmeter::api
