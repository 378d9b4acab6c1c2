#include "core/thread_name.hpp"

#include <pthread.h>

#include <string>

namespace netmeter::core {

void set_thread_name(std::string_view name) {
  std::string n(name.substr(0, 15));
  pthread_setname_np(pthread_self(), n.c_str());
}

}  // namespace netmeter::core
