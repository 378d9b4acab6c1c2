#include "store/migrations.hpp"

#include <array>
#include <string>
#include <string_view>

namespace netmeter::store {

namespace {

// Append only: a released migration is never edited, a change is a new entry. Entry i brings the
// schema from version i to i + 1. Permission columns hold bit sets whose meaning auth::Permissions
// defines (bit values are persisted, so they are never renumbered).
constexpr std::array<std::string_view, 10> kMigrations = {
    R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
  password_hash TEXT NOT NULL,
  permissions INTEGER NOT NULL DEFAULT 0,
  allowed_networks TEXT NOT NULL DEFAULT '',
  allowed_interfaces TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'en',
  created_at INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  digest BLOB NOT NULL UNIQUE CHECK (length(digest) = 32),
  permissions INTEGER NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  last_used_at INTEGER
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  digest BLOB NOT NULL UNIQUE CHECK (length(digest) = 32),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
)sql",
    // 2: sessions and tokens carry the rights of the credential that made them and die with it.
    // `permissions` of a session is its cap (15: all, i.e. as its user); `parent_*` name the credential
    // a session or token was made with (none: the password); `delegated`: a token is in that chain.
    R"sql(
ALTER TABLE sessions ADD COLUMN permissions INTEGER NOT NULL DEFAULT 15;
ALTER TABLE sessions ADD COLUMN parent_token_id INTEGER REFERENCES api_tokens(id) ON DELETE CASCADE;
ALTER TABLE sessions ADD COLUMN parent_session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE;
ALTER TABLE sessions ADD COLUMN delegated INTEGER NOT NULL DEFAULT 0 CHECK (delegated IN (0, 1));
ALTER TABLE sessions ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_used_at INTEGER;
ALTER TABLE api_tokens ADD COLUMN parent_token_id INTEGER REFERENCES api_tokens(id) ON DELETE CASCADE;
ALTER TABLE api_tokens ADD COLUMN parent_session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE;
CREATE INDEX sessions_by_parent_token ON sessions(parent_token_id);
CREATE INDEX sessions_by_parent_session ON sessions(parent_session_id);
CREATE INDEX api_tokens_by_parent_token ON api_tokens(parent_token_id);
CREATE INDEX api_tokens_by_parent_session ON api_tokens(parent_session_id);
)sql",
    // 3: host aliases (ntopng's set/host/alias), keyed by the address alone as ntopng keys them; `ip` is
    // the address as core::IpAddress spells it.
    R"sql(
CREATE TABLE host_aliases (
  ip TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (name <> ''),
  updated_at INTEGER NOT NULL
);
)sql",
    // 4: past alerts (released host alerts with their duration, one-shot flow alerts). Times are the
    // alerts' packet time, epoch seconds. `entity` and `alert_id` are ntopng's numbers; addresses are
    // text as core::IpAddress spells them. alert_repository.hpp describes the columns.
    R"sql(
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  ifid INTEGER NOT NULL,
  entity INTEGER NOT NULL,
  alert_id INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  score INTEGER NOT NULL DEFAULT 0,
  tstamp INTEGER NOT NULL,
  tstamp_end INTEGER NOT NULL,
  acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
  ip TEXT NOT NULL DEFAULT '',
  vlan_id INTEGER NOT NULL DEFAULT 0,
  is_attacker INTEGER NOT NULL DEFAULT 0,
  is_victim INTEGER NOT NULL DEFAULT 0,
  value INTEGER NOT NULL DEFAULT 0,
  threshold INTEGER NOT NULL DEFAULT 0,
  flow_id INTEGER NOT NULL DEFAULT 0,
  cli_ip TEXT NOT NULL DEFAULT '',
  cli_port INTEGER NOT NULL DEFAULT 0,
  srv_ip TEXT NOT NULL DEFAULT '',
  srv_port INTEGER NOT NULL DEFAULT 0,
  proto INTEGER NOT NULL DEFAULT 0,
  l7_master_proto INTEGER NOT NULL DEFAULT 0,
  l7_proto INTEGER NOT NULL DEFAULT 0,
  flow_score INTEGER NOT NULL DEFAULT 0,
  flow_risk INTEGER NOT NULL DEFAULT 0,
  info TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_by_time ON alerts(entity, tstamp);
)sql",
    // 5: the alerts of one interface (every alert endpoint names one) and entity, by time: the lists'
    // order, and their counts, counts per time slot, per type and severity without reading the rows; the
    // alerts of one host (host data, the `ip` filter: host, client or server).
    R"sql(
CREATE INDEX alerts_by_interface ON alerts(ifid, entity, tstamp, severity, alert_id);
CREATE INDEX alerts_by_host ON alerts(ip);
CREATE INDEX alerts_by_client ON alerts(cli_ip);
CREATE INDEX alerts_by_server ON alerts(srv_ip);
)sql",
    // 6: notification endpoints and recipients (ntopng's model, docs/ntopng/notifications.md). Parameters
    // are name/value rows as ntopng names them; `secret` values (passwords, shared secrets) are held
    // encrypted by notify::SecretBox, never in clear. Deleting an endpoint deletes its recipients.
    R"sql(
CREATE TABLE notification_endpoints (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  endpoint_key TEXT NOT NULL
);
CREATE TABLE notification_endpoint_params (
  endpoint_id INTEGER NOT NULL REFERENCES notification_endpoints(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  secret INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
  PRIMARY KEY (endpoint_id, name)
);
CREATE TABLE notification_recipients (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  endpoint_id INTEGER NOT NULL REFERENCES notification_endpoints(id) ON DELETE CASCADE,
  minimum_severity INTEGER NOT NULL,
  check_categories TEXT NOT NULL DEFAULT '',
  check_entities TEXT NOT NULL DEFAULT ''
);
CREATE TABLE notification_recipient_params (
  recipient_id INTEGER NOT NULL REFERENCES notification_recipients(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (recipient_id, name)
);
)sql",
    // 7: the alert checks' configuration as administrators changed it (a check without a row keeps its
    // defaults) and the alert exclusions (an alert type not raised for a host or block). `entity` and
    // `alert_id` are ntopng's numbers; `servers` the allowed servers, comma-separated; `severity` 0: from
    // the alert's score.
    R"sql(
CREATE TABLE check_config (
  name TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  threshold INTEGER NOT NULL DEFAULT 0,
  threshold2 INTEGER NOT NULL DEFAULT 0,
  severity INTEGER NOT NULL DEFAULT 0,
  disabled_bits INTEGER NOT NULL DEFAULT 0,
  servers TEXT NOT NULL DEFAULT ''
);
CREATE TABLE alert_exclusions (
  id INTEGER PRIMARY KEY,
  entity INTEGER NOT NULL,
  alert_id INTEGER NOT NULL,
  network TEXT NOT NULL,
  UNIQUE (entity, alert_id, network)
);
)sql",
    // 8: list pages at any depth (alert_repository_pages.cpp): per interface and entity, one index per
    // order the lists use (severity, score, time; each then by time and row id) and per filter that
    // narrows them (type, severity), so that a page's OFFSET walks index entries that all match. Counts
    // per interface, entity, type, severity and hour of packet time, kept by triggers, so that a list's
    // recordsFiltered sums a few rows (alert_repository_counts.cpp). And the planner's statistics of a
    // large alert table written by hand (SQLite's documented way to fix plans): without them it prefers
    // the longest (interface, entity) index over the one address index a host query needs.
    R"sql(
CREATE INDEX alerts_page_time ON alerts(ifid, entity, tstamp);
CREATE INDEX alerts_page_severity ON alerts(ifid, entity, severity, tstamp);
CREATE INDEX alerts_page_score ON alerts(ifid, entity, score, tstamp);
CREATE INDEX alerts_page_severity_score ON alerts(ifid, entity, severity, score, tstamp);
CREATE INDEX alerts_page_type ON alerts(ifid, entity, alert_id, tstamp);
CREATE INDEX alerts_page_type_severity ON alerts(ifid, entity, alert_id, severity, tstamp);
CREATE INDEX alerts_page_type_score ON alerts(ifid, entity, alert_id, score, tstamp);
CREATE TABLE alert_counts (
  ifid INTEGER NOT NULL,
  entity INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  alert_id INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (ifid, entity, hour, alert_id, severity)
) WITHOUT ROWID;
INSERT INTO alert_counts
  SELECT ifid, entity, (tstamp - (tstamp % 3600 + 3600) % 3600) / 3600, alert_id, severity, count(*) FROM alerts GROUP BY 1, 2, 3, 4, 5;
CREATE TRIGGER alerts_count_insert AFTER INSERT ON alerts BEGIN
  INSERT INTO alert_counts VALUES (new.ifid, new.entity, (new.tstamp - (new.tstamp % 3600 + 3600) % 3600) / 3600,
    new.alert_id, new.severity, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER alerts_count_delete AFTER DELETE ON alerts BEGIN
  UPDATE alert_counts SET n = n - 1 WHERE ifid = old.ifid AND entity = old.entity AND
    hour = (old.tstamp - (old.tstamp % 3600 + 3600) % 3600) / 3600 AND alert_id = old.alert_id AND severity = old.severity;
END;
CREATE TRIGGER alerts_count_update AFTER UPDATE OF ifid, entity, tstamp, alert_id, severity ON alerts BEGIN
  UPDATE alert_counts SET n = n - 1 WHERE ifid = old.ifid AND entity = old.entity AND
    hour = (old.tstamp - (old.tstamp % 3600 + 3600) % 3600) / 3600 AND alert_id = old.alert_id AND severity = old.severity;
  INSERT INTO alert_counts VALUES (new.ifid, new.entity, (new.tstamp - (new.tstamp % 3600 + 3600) % 3600) / 3600,
    new.alert_id, new.severity, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
ANALYZE sqlite_schema;
DELETE FROM sqlite_stat1 WHERE tbl = 'alerts';
INSERT INTO sqlite_stat1 VALUES
  ('alerts', 'alerts_by_time', '1000000 500000 10'),
  ('alerts', 'alerts_by_interface', '1000000 500000 250000 5 2 1'),
  ('alerts', 'alerts_by_host', '1000000 20'),
  ('alerts', 'alerts_by_client', '1000000 20'),
  ('alerts', 'alerts_by_server', '1000000 1000'),
  ('alerts', 'alerts_page_time', '1000000 500000 250000 5'),
  ('alerts', 'alerts_page_severity', '1000000 500000 250000 80000 2'),
  ('alerts', 'alerts_page_score', '1000000 500000 250000 80000 2'),
  ('alerts', 'alerts_page_severity_score', '1000000 500000 250000 80000 80000 2'),
  ('alerts', 'alerts_page_type', '1000000 500000 250000 10000 1'),
  ('alerts', 'alerts_page_type_severity', '1000000 500000 250000 10000 4000 1'),
  ('alerts', 'alerts_page_type_score', '1000000 500000 250000 10000 4000 1');
ANALYZE sqlite_schema;
)sql",
    // 9: ntopng's pools (docs/ntopng/pools.md), one id space per pool type ('interface', 'host',
    // 'network', 'active_monitoring', 'flow', 'mac', 'host_pool', 'system'). Pool 0 of every type is
    // "Default" and holds no members. A member belongs to at most one pool of its type; a pool's
    // recipients go with the recipient when it is deleted.
    R"sql(
CREATE TABLE pools (
  pool_type TEXT NOT NULL,
  id INTEGER NOT NULL CHECK (id >= 0),
  name TEXT NOT NULL CHECK (name <> ''),
  PRIMARY KEY (pool_type, id),
  UNIQUE (pool_type, name)
);
CREATE TABLE pool_members (
  pool_type TEXT NOT NULL,
  member TEXT NOT NULL,
  pool_id INTEGER NOT NULL,
  PRIMARY KEY (pool_type, member),
  FOREIGN KEY (pool_type, pool_id) REFERENCES pools(pool_type, id) ON DELETE CASCADE
);
CREATE INDEX pool_members_by_pool ON pool_members(pool_type, pool_id);
CREATE TABLE pool_recipients (
  pool_type TEXT NOT NULL,
  pool_id INTEGER NOT NULL,
  recipient_id INTEGER NOT NULL REFERENCES notification_recipients(id) ON DELETE CASCADE,
  PRIMARY KEY (pool_type, pool_id, recipient_id),
  FOREIGN KEY (pool_type, pool_id) REFERENCES pools(pool_type, id) ON DELETE CASCADE
);
CREATE INDEX pool_recipients_by_recipient ON pool_recipients(recipient_id);
INSERT INTO pools (pool_type, id, name) VALUES ('interface', 0, 'Default'), ('host', 0, 'Default'),
  ('network', 0, 'Default'), ('active_monitoring', 0, 'Default'), ('flow', 0, 'Default'),
  ('mac', 0, 'Default'), ('host_pool', 0, 'Default'), ('system', 0, 'Default');
)sql",
    // 10: cheaper alert inserts. alert_counts grows from the inserting code (AlertRepository::
    // count_inserted, one upsert per batch and key) instead of a trigger, which made each INSERT a
    // multi-row change that SQLite journals page by page. (No index is redundant: alerts_page_time is
    // the (time, row id) order of the lists, which alerts_by_interface's longer key does not give; that
    // one covers the group-bys by type and severity.)
    R"sql(
DROP TRIGGER alerts_count_insert;
)sql",
};

Status set_version(Connection& conn, int64_t version) {
  auto stmt = conn.prepare("UPDATE schema_version SET version = ?");
  if (!stmt) return unexpected(std::move(stmt).error());
  return stmt->bind(1, version).run();
}

}  // namespace

int64_t latest_schema_version() {
  return static_cast<int64_t>(kMigrations.size());
}

Result<int64_t> schema_version(Connection& conn) {
  auto stmt = conn.prepare("SELECT version FROM schema_version");
  if (!stmt) return unexpected(std::move(stmt).error());
  auto row = stmt->step();
  if (!row) return unexpected(std::move(row).error());
  if (!*row) return int64_t{0};
  return stmt->column_int64(0);
}

Status migrate(Connection& conn) {
  {
    auto tx = conn.begin();
    if (!tx) return unexpected(std::move(tx).error());
    if (auto s = conn.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
                           "INSERT INTO schema_version (version) "
                           "SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);");
        !s)
      return s;
    if (auto s = tx->commit(); !s) return s;
  }
  auto current = schema_version(conn);
  if (!current) return unexpected(std::move(current).error());
  if (*current > latest_schema_version()) {
    return unexpected(Error{0, "database schema version " + std::to_string(*current) +
                                   " is newer than this netmeter supports (" +
                                   std::to_string(latest_schema_version()) + ")"});
  }
  for (int64_t v = *current; v < latest_schema_version(); ++v) {
    auto tx = conn.begin();
    if (!tx) return unexpected(std::move(tx).error());
    if (auto s = conn.exec(kMigrations[static_cast<std::size_t>(v)]); !s) {
      return unexpected(Error{
          s.error().code, "migration to version " + std::to_string(v + 1) + " failed: " + s.error().message});
    }
    if (auto s = set_version(conn, v + 1); !s) return s;
    if (auto s = tx->commit(); !s) return s;
  }
  return {};
}

}  // namespace netmeter::store
