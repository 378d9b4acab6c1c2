#include "auth/owner.hpp"

#include <string>

#include "store/user_repository.hpp"

namespace netmeter::auth {

Result<std::optional<int64_t>> owner_id(store::Connection& conn, std::optional<std::string_view> name,
                                        std::string_view missing) {
  if (!name) return std::optional<int64_t>();
  auto user = store::UserRepository(conn).find_by_name(*name);
  if (!user) return fail(Rc::InternalError, "store: " + user.error().message);
  if (!*user) return fail(Rc::NotFound, std::string(missing));
  return std::optional<int64_t>((*user)->id);
}

}  // namespace netmeter::auth
