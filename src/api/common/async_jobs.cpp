#include "api/common/async_jobs.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <exception>

#include "auth/crypto.hpp"
#include "core/thread_name.hpp"

namespace netmeter::api {

namespace {

constexpr std::string_view kGenericFailure = "the computation failed";

/// 128 random bits as a version-4 UUID (RFC 9562: version nibble 4, variant bits 10).
std::string random_uuid() {
  std::array<unsigned char, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0x0f];
  }
  return out;
}

}  // namespace

AsyncJobs::AsyncJobs(AsyncConfig config) : AsyncJobs(system_clock_, config) {}

AsyncJobs::AsyncJobs(const auth::Clock& clock, AsyncConfig config) : clock_(clock), config_(config) {
  unsigned n = std::max(1u, config_.threads);
  threads_.reserve(n);
  for (unsigned i = 0; i < n; ++i)
    threads_.emplace_back([this] {
      core::set_thread_name("nm-async");
      run();
    });
}

AsyncJobs::~AsyncJobs() {
  std::deque<std::pair<uint64_t, Work>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  wake_.notify_all();
  for (auto& t : threads_)
    t.join();
}

std::optional<AsyncJobs::Ticket> AsyncJobs::submit(std::string owner, Work work) {
  std::string uuid = random_uuid();
  Released released;  // before the lock: destroyed after it
  std::lock_guard lock(mutex_);
  drop_expired(released);
  // Decide before dropping anything, so that a refusal costs nobody a result.
  uint64_t owner_victim = 0;
  auto owned = per_owner_.find(owner);
  size_t owned_now = owned == per_owner_.end() ? 0 : owned->second;
  if (owned_now >= config_.max_per_owner) {
    owner_victim = owned_now > 0 ? oldest_finished(&owner, 0) : 0;
    if (owner_victim == 0) {
      ++counters_.refused;
      return std::nullopt;
    }
  }
  uint64_t global_victim = 0;
  if (jobs_.size() - (owner_victim ? 1 : 0) >= config_.max_jobs) {
    global_victim = oldest_finished(nullptr, owner_victim);
    if (global_victim == 0) {
      ++counters_.refused;
      return std::nullopt;
    }
  }
  for (uint64_t victim : {owner_victim, global_victim}) {
    if (victim == 0) continue;
    erase(victim, released);
    ++counters_.evicted;
  }

  uint64_t id = next_id_++;
  Job job;
  job.owner = owner;
  job.uuid = uuid;
  jobs_.emplace(id, std::move(job));
  ++per_owner_[std::move(owner)];
  queue_.emplace_back(id, std::move(work));
  wake_.notify_one();
  return Ticket{id, std::move(uuid)};
}

AsyncJobs::Lookup AsyncJobs::get(uint64_t id, std::string_view uuid, std::string_view owner) {
  Released released;
  std::lock_guard lock(mutex_);
  drop_expired(released);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return {};
  const Job& job = it->second;
  // The uuid is the secret part of the handle: compared in constant time (its length is public).
  if (job.owner != owner || uuid.size() != job.uuid.size() || !auth::constant_time_equal(job.uuid, uuid))
    return {};
  return Lookup{job.state, job.result, job.error, job.detail};
}

AsyncJobs::Counters AsyncJobs::counters() {
  Released released;
  std::lock_guard lock(mutex_);
  drop_expired(released);
  Counters c = counters_;
  c.kept = finished_.size();
  c.pending = jobs_.size() - finished_.size();
  return c;
}

void AsyncJobs::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    auto [id, work] = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();

    Lookup outcome;
    try {
      outcome.result = std::make_shared<const boost::json::value>(work());
      outcome.state = State::done;
    } catch (const AsyncFailure& e) {
      outcome.state = State::failed;
      outcome.error = e.what();
    } catch (const std::exception& e) {
      outcome.state = State::failed;
      outcome.error = kGenericFailure;
      outcome.detail = e.what();
    } catch (...) {
      outcome.state = State::failed;
      outcome.error = kGenericFailure;
      outcome.detail = "unknown exception";
    }
    // The work and its captures are released outside the lock too.
    work = nullptr;

    lock.lock();
    finish(id, std::move(outcome));
  }
}

void AsyncJobs::finish(uint64_t id, Lookup outcome) {
  // Pending jobs are never dropped, so the job is still there.
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  Job& job = it->second;
  job.state = outcome.state;
  job.result = std::move(outcome.result);
  job.error = std::move(outcome.error);
  job.detail = std::move(outcome.detail);
  job.finished = clock_.now();
  job.finished_pos = finished_.insert(finished_.end(), id);
  ++(job.state == State::done ? counters_.done : counters_.failed);
}

void AsyncJobs::drop_expired(Released& released) {
  const auto now = clock_.now();
  while (!finished_.empty()) {
    uint64_t id = finished_.front();
    if (now - jobs_.at(id).finished < config_.keep) break;
    erase(id, released);
    ++counters_.expired;
  }
}

uint64_t AsyncJobs::oldest_finished(const std::string* owner, uint64_t except) const {
  for (uint64_t id : finished_) {
    if (id == except) continue;
    if (!owner || jobs_.at(id).owner == *owner) return id;
  }
  return 0;
}

void AsyncJobs::erase(uint64_t id, Released& released) {
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  Job& job = it->second;
  if (job.result) released.push_back(std::move(job.result));
  if (job.state != State::pending) finished_.erase(job.finished_pos);
  if (auto owned = per_owner_.find(job.owner); owned != per_owner_.end() && --owned->second == 0)
    per_owner_.erase(owned);
  jobs_.erase(it);
}

}  // namespace netmeter::api
