// A committed change must survive the process being killed without closing the database.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "store/database.hpp"
#include "store/token_repository.hpp"
#include "store/user_repository.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

// Runs in the forked child: commit a user and a token, leave a second change uncommitted, then die
// by SIGKILL with the connection open (no checkpoint, no close). Exits with a code on any failure.
[[noreturn]] void write_then_die(const std::filesystem::path& dir) {
  auto db = Database::open(dir);
  if (!db) ::_exit(10);
  {
    auto conn = (*db)->lock();
    auto tx = conn.begin();
    if (!tx) ::_exit(11);
    UserRecord u;
    u.name = "survivor";
    u.password_hash = "$argon2id$x";
    auto id = UserRepository(conn).insert(u);
    if (!id) ::_exit(12);
    TokenRecord t;
    t.user_id = *id;
    t.digest.fill(0x5a);
    t.permissions = 1;
    if (!TokenRepository(conn).insert(t)) ::_exit(13);
    if (!tx->commit()) ::_exit(14);
  }
  auto conn = (*db)->lock();
  auto tx = conn.begin();
  UserRecord lost;
  lost.name = "uncommitted";
  lost.password_hash = "h";
  if (!UserRepository(conn).insert(lost)) ::_exit(15);
  ::kill(::getpid(), SIGKILL);
  ::_exit(16);
}

TEST(Crash, CommittedDataSurvivesKill9) {
  test::TempDir dir;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) write_then_die(dir.path());

  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL);
  // The change is still in the write-ahead log, not checkpointed into the main file.
  EXPECT_GT(std::filesystem::file_size(dir.path() / "netmeter.db-wal"), 0u);

  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value()) << db.error().message;
  auto conn = (*db)->lock();
  auto user = UserRepository(conn).find_by_name("survivor");
  ASSERT_TRUE(user.has_value() && user->has_value());
  Digest digest{};
  digest.fill(0x5a);
  auto token = TokenRepository(conn).find_by_digest(digest);
  ASSERT_TRUE(token.has_value() && token->has_value());
  EXPECT_EQ((*token)->owner_name, "survivor");
  EXPECT_FALSE(UserRepository(conn).find_by_name("uncommitted")->has_value());
}

}  // namespace
}  // namespace netmeter::store
