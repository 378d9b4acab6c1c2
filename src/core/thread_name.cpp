#include "core/thread_name.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <string>

namespace netmeter::core {

void set_thread_name(std::string_view name) {
  std::string n(name.substr(0, 15));
  pthread_setname_np(pthread_self(), n.c_str());
}

void set_thread_nice(int nice) {
  if (nice == 0) return;
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice);
}

}  // namespace netmeter::core
