-- The availability ledger (aggregator). One schema for SQLite and PostgreSQL: only types and
-- syntax both accept (TEXT, BIGINT, INTEGER, partial-free indexes). Instants are epoch
-- milliseconds (BIGINT) rather than TIMESTAMP: the two databases store and compare timestamps
-- differently, integers identically, and the availability sums are plain subtractions.
--
-- Later migrations (V2__, V3__ ...) from other modules go in the same folder, db/vigie, of their
-- own jar; numbers are taken in merge order.

-- One row per interval during which a subject (a check 'school/device/check', a device
-- 'school/device', a school's link 'school') had one state. Intervals of a subject never
-- overlap and are never empty. The open interval (the current state) has
-- end_ms = 9223372036854775807 (Long.MAX_VALUE) rather than NULL, so that "intervals ending
-- after :from" is a plain range on the (subject, end_ms) index.
CREATE TABLE ledger_interval (
  subject  TEXT   NOT NULL,
  kind     TEXT   NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms   BIGINT NOT NULL,
  state    TEXT   NOT NULL,
  cause    TEXT,
  PRIMARY KEY (subject, start_ms),
  CHECK (end_ms > start_ms)
);

-- Unique: intervals of a subject are disjoint and non-empty, so their ends differ too; this also
-- guarantees at most one open interval per subject.
CREATE UNIQUE INDEX ledger_interval_subject_end ON ledger_interval (subject, end_ms);

-- The last instant Vigie is known to have been running (heartbeat, or the last recorded change).
-- At start, open intervals are closed there and the time since is UNKNOWN.
CREATE TABLE ledger_alive (
  id       INTEGER NOT NULL PRIMARY KEY,
  alive_ms BIGINT  NOT NULL,
  CHECK (id = 1)
);

INSERT INTO ledger_alive (id, alive_ms) VALUES (1, 0);
