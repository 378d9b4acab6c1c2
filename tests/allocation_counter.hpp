#pragma once

// Replaces the global allocation functions so a test can count calls to operator new. Include it in
// exactly one source file of a test binary (replacement functions must be defined once per program).
// Sanitizer builds replace the allocator themselves: counts are meaningful in plain builds only.
#include <atomic>
#include <cstdlib>
#include <new>

namespace netmeter::test::allocation_detail {
inline std::atomic<long> count{0};
inline thread_local bool counting = false;
}  // namespace netmeter::test::allocation_detail

// new/malloc and delete/free pair up here; GCC's -Wmismatched-new-delete cannot see that once the
// sanitizer build inlines them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  if (netmeter::test::allocation_detail::counting)
    netmeter::test::allocation_detail::count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace netmeter::test {

/// Counts the calls to operator new the calling thread makes while the scope lives (other threads, such
/// as the statistics aggregator, may allocate freely).
class AllocationScope {
 public:
  AllocationScope() : before_(allocation_detail::count.load()) { allocation_detail::counting = true; }
  ~AllocationScope() { allocation_detail::counting = false; }
  AllocationScope(const AllocationScope&) = delete;
  AllocationScope& operator=(const AllocationScope&) = delete;
  long allocations() const { return allocation_detail::count.load() - before_; }

 private:
  long before_;
};

}  // namespace netmeter::test
