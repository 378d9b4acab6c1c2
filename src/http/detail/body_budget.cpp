#include "http/detail/body_budget.hpp"

namespace netmeter::http {

bool BodyBudget::try_take(uint64_t n) {
  uint64_t used = used_.load(std::memory_order_relaxed);
  do {
    if (n > limit_ || used > limit_ - n) {
      refusals_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
  } while (!used_.compare_exchange_weak(used, used + n, std::memory_order_relaxed));
  return true;
}

bool BodyLease::ensure(uint64_t total) {
  if (total <= held_ || budget_ == nullptr) return true;
  if (!budget_->try_take(total - held_)) return false;
  held_ = total;
  return true;
}

void BodyLease::release() {
  if (budget_ && held_ > 0) budget_->give_back(held_);
  held_ = 0;
}

}  // namespace netmeter::http
