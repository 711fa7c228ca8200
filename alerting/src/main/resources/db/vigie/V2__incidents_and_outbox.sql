-- Alerting: incidents, their timeline, the persistent outbox. Same rules as V1: SQL that both
-- SQLite and PostgreSQL accept, instants as epoch milliseconds (BIGINT), booleans as INTEGER 0/1.
-- Migration numbers by module: V2 alerting core, V3 helpdesk tickets, V4 reports deliveries,
-- V5 SMS spend, V6 notification state.

-- One row per incident. id = '<fingerprint>@<opened_ms>' (see org.vigie.alerting.Incident).
CREATE TABLE incident (
  id              TEXT    NOT NULL PRIMARY KEY,
  fingerprint     TEXT    NOT NULL,
  scope           TEXT    NOT NULL,
  severity        TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  commune_id      TEXT,
  school_id       TEXT,
  subject         TEXT    NOT NULL,
  rule            TEXT    NOT NULL,
  cause           TEXT    NOT NULL,
  affected        TEXT    NOT NULL,          -- JSON array of device keys
  opened_ms       BIGINT  NOT NULL,
  acknowledged_ms BIGINT,
  acknowledged_by TEXT,
  resolved_ms     BIGINT,
  muted           INTEGER NOT NULL DEFAULT 0,
  flapping        INTEGER NOT NULL DEFAULT 0,
  notified        INTEGER NOT NULL DEFAULT 0, -- a problem notice went out: a recovery notice is owed
  last_seq        BIGINT  NOT NULL DEFAULT 0  -- the last incident_event.seq
);

-- Finding the live incident of a root cause, and the recent one to reopen.
CREATE INDEX incident_fingerprint ON incident (fingerprint, opened_ms);
CREATE INDEX incident_status ON incident (status);
-- Reports: incidents of a commune in a month.
CREATE INDEX incident_commune_opened ON incident (commune_id, opened_ms);

-- The timeline: every event of an incident, in order.
CREATE TABLE incident_event (
  incident_id TEXT   NOT NULL,
  seq         BIGINT NOT NULL,
  at_ms       BIGINT NOT NULL,
  type        TEXT   NOT NULL,
  actor       TEXT   NOT NULL,
  detail      TEXT,
  PRIMARY KEY (incident_id, seq)
);

-- Outgoing calls (e-mails, SMS, webhooks, helpdesk calls). The idempotency key is the primary
-- key: enqueuing the same message twice (a replayed event, a restart) stores it once.
CREATE TABLE outbox (
  id          TEXT    NOT NULL PRIMARY KEY,
  channel     TEXT    NOT NULL,
  payload     TEXT    NOT NULL,               -- JSON, the channel's own format
  status      TEXT    NOT NULL,               -- PENDING, SENDING, SENT, DEAD
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_ms  BIGINT  NOT NULL,
  next_ms     BIGINT  NOT NULL,               -- not before; the lease end while SENDING
  done_ms     BIGINT,
  last_error  TEXT
);

CREATE INDEX outbox_due ON outbox (status, next_ms);

-- Silences created at run time (the configuration's own live in the file).
CREATE TABLE silence (
  id         TEXT   NOT NULL PRIMARY KEY,
  matcher    TEXT   NOT NULL,                 -- JSON: {"school": "...", "commune": ...}
  start_ms   BIGINT NOT NULL,
  end_ms     BIGINT NOT NULL,
  created_by TEXT   NOT NULL,
  comment    TEXT,
  CHECK (end_ms > start_ms)
);
