-- SMS spending, for the daily cost cap (alerting.sms.daily-cap). One row per outbox message that
-- went (or is going) out by SMS: keyed by the outbox id, so a redelivered message is counted once.
-- day is the Europe/Paris calendar day (yyyy-mm-dd) the message was sent; cost in millionths of
-- the configured currency unit. Same SQL rules as V1/V2 (SQLite and PostgreSQL).
CREATE TABLE sms_spend (
  message_id  TEXT    NOT NULL PRIMARY KEY,
  day         TEXT    NOT NULL,
  segments    INTEGER NOT NULL,
  cost_micros BIGINT  NOT NULL,
  at_ms       BIGINT  NOT NULL
);

CREATE INDEX sms_spend_day ON sms_spend (day);
