-- Reports: one row per commune and month once its monthly report was handed to the outbox, so
-- the scheduled sending happens exactly once per commune and month (with the outbox's
-- idempotency key "report/<commune>/<month>/<send>" covering a crash between the two). Same SQL
-- rules as V1: both SQLite and PostgreSQL, instants as epoch milliseconds.
CREATE TABLE report_delivery (
  commune_id TEXT    NOT NULL,
  month      TEXT    NOT NULL,  -- YYYY-MM
  sends      INTEGER NOT NULL,  -- 1 for the scheduled sending, one more per resend
  message_id TEXT    NOT NULL,  -- the outbox id of the last sending
  recipients TEXT    NOT NULL,  -- JSON array of addresses
  sent_ms    BIGINT  NOT NULL,
  PRIMARY KEY (commune_id, month)
);
