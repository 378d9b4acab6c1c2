#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/call.hpp"
#include "api/dialect.hpp"
#include "auth/auth_service.hpp"

namespace netmeter::api {

/// Parameter names of the user endpoints, per dialect (ntopng: `username`, `user_role`, ...; Allegro:
/// `name`, `role`, ...).
struct UserFieldNames {
  const char* name;
  const char* password;
  const char* confirm;
  const char* old_password;
  const char* full_name;
  const char* role;
  const char* networks;
  const char* interfaces;
  const char* language;
  const char* pcap;  ///< boolean flag granting pcap
};

extern const UserFieldNames kNtopngUserFields;
extern const UserFieldNames kAllegroUserFields;

/// A NewUser from the parameters (InvalidArguments when a value does not parse).
auth::Result<auth::NewUser> new_user_from(const Params& params, const UserFieldNames& names);
/// The changes named by the parameters, merged over `current` for grants.
auth::Result<auth::UserChanges> user_changes_from(const Params& params, const UserFieldNames& names,
                                                  const auth::UserInfo& current);
/// "1,2" → {1, 2}; InvalidArguments for anything but slot numbers.
auth::Result<std::vector<uint32_t>> parse_slots(std::string_view text);

/// The latest expiry a credential may be given: 2100-01-01T00:00:00Z, in epoch seconds.
constexpr int64_t kLatestExpiry = 4'102'444'800;

/// Creates an API token for the caller (or, for admins, for `owner`): permissions from `permissions`
/// (comma-separated names; default: the caller's own), never wider than the caller's request rights,
/// derived from the caller's credential (it ends with it, see auth::Derivation); `expires` is epoch
/// seconds up to kLatestExpiry.
auth::Result<auth::CreatedToken> create_token(auth::AuthService& auth, const Call& call,
                                              std::optional<std::string_view> owner);

boost::json::array permission_list(auth::Permissions permissions);
int64_t epoch_seconds(auth::TimePoint t);

}  // namespace netmeter::api
