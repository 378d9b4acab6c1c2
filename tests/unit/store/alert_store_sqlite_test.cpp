// The past-alert store's suite (alert_store_suite.hpp) against SQLite: SqliteAlertStore on a database
// of its own per test.
#include "alert_store_suite.hpp"
#include "store/database.hpp"
#include "store/sqlite_alert_store.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

class SqliteBackend {
 public:
  SqliteBackend() {
    auto opened = Database::open(dir_.path());
    if (!opened) {
      why_ = opened.error().message;
      return;
    }
    db_ = std::move(*opened);
    store_ = std::make_unique<SqliteAlertStore>(*db_);
  }
  AlertStore* store() { return store_.get(); }
  const std::string& skip_reason() const { return why_; }

 private:
  test::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqliteAlertStore> store_;
  std::string why_;
};

}  // namespace

namespace suite {
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AlertStoreSuite, ::testing::Types<SqliteBackend>);
}  // namespace suite

}  // namespace netmeter::store
