#pragma once

namespace netmeter::core {

/// Tells the CPU that this thread is spinning on a value another core will change (saves power and
/// frees the core's shared resources for a sibling hyperthread).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace netmeter::core
