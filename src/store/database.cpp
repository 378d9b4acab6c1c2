#include "store/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "store/migrations.hpp"

namespace netmeter::store {

namespace {

Error errno_error(const std::string& what) {
  return Error{0, what + ": " + std::strerror(errno)};
}

// Creates the file with mode 0600 before SQLite sees it (SQLite would use 0644), and narrows the
// mode of an existing file. SQLite creates -wal and -shm with the database file's mode.
Status prepare_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return unexpected(errno_error("cannot open " + path.string()));
  const int rc = ::fchmod(fd, 0600);
  ::close(fd);
  if (rc != 0) return unexpected(errno_error("cannot chmod " + path.string()));
  return {};
}

Status apply_pragmas(Connection& conn, const DatabaseOptions& options) {
  // journal_mode answers with the mode in effect: anything but "wal" means WAL is unavailable.
  {
    auto stmt = conn.prepare("PRAGMA journal_mode=WAL");
    if (!stmt) return unexpected(std::move(stmt).error());
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row || stmt->column_text(0) != "wal") return unexpected(Error{0, "cannot enable WAL journal mode"});
  }
  return conn.exec(
      "PRAGMA synchronous=FULL;"
      "PRAGMA foreign_keys=ON;"
      "PRAGMA secure_delete=ON;"  // overwrite deleted hashes and digests
      // Statement journals and sorters in memory, not in temporary files under /var/tmp: a multi-row
      // change (a statement whose trigger writes too, e.g. an alert DELETE and its count) journals every
      // page it touches, and past 64 KiB that journal went to a file; with the insert trigger of migration
      // 8, half the alert store's CPU went to those writes. Nor do pages of the users' table (password
      // hashes) reach a temporary file.
      "PRAGMA temp_store=MEMORY;"
      "PRAGMA trusted_schema=OFF;"
      "PRAGMA busy_timeout=" +
      std::to_string(options.busy_timeout.count()) + ";");
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& data_dir,
                                                 const DatabaseOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(data_dir, ec)) {
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return unexpected(Error{0, "cannot create " + data_dir.string() + ": " + ec.message()});
    std::filesystem::permissions(data_dir, std::filesystem::perms::owner_all, ec);
  }
  auto path = data_dir / kFileName;
  if (auto s = prepare_file(path); !s) return unexpected(std::move(s).error());

  sqlite3* handle = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error{rc, handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(rc)};
    sqlite3_close(handle);
    return unexpected(std::move(error));
  }
  sqlite3_extended_result_codes(handle, 1);

  std::unique_ptr<Database> db(new Database(handle, std::move(path)));
  auto conn = db->lock();
  if (auto s = apply_pragmas(conn, options); !s) return unexpected(std::move(s).error());
  if (auto s = migrate(conn); !s) return unexpected(std::move(s).error());
  return db;
}

Database::~Database() {
  sqlite3_close(db_);
}

Connection Database::lock() {
  return Connection(std::unique_lock(mutex_), db_);
}

}  // namespace netmeter::store
