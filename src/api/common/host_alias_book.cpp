#include "api/common/host_alias_book.hpp"

#include <chrono>

#include "store/alias_repository.hpp"

namespace netmeter::api {

store::Status HostAliasBook::load() {
  std::lock_guard lock(mutex_);
  auto conn = db_.lock();
  auto rows = store::AliasRepository(conn).list();
  if (!rows) return store::unexpected(std::move(rows).error());
  query::AliasMap aliases;
  for (auto& row : *rows)
    if (auto ip = core::IpAddress::parse(row.ip)) aliases[*ip] = std::move(row.name);
  memory_.assign(std::move(aliases));
  return {};
}

store::Status HostAliasBook::set(const core::IpAddress& ip, const std::string& name) {
  std::lock_guard lock(mutex_);
  {
    auto conn = db_.lock();
    store::AliasRepository stored(conn);
    const std::string key = ip.to_string();
    if (name.empty()) {
      if (auto removed = stored.remove(key); !removed) return store::unexpected(std::move(removed).error());
    } else {
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      if (auto s = stored.set(key, name, now); !s) return s;
    }
  }
  memory_.set(ip, name);
  return {};
}

}  // namespace netmeter::api
