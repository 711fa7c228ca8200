-- Helpdesk tickets: one row per incident that asked for a ticket (muted incidents have none).
-- Same rules as V1/V2: SQL both SQLite and PostgreSQL accept, instants as epoch ms.
CREATE TABLE ticket (
  incident_id    TEXT    PRIMARY KEY,
  system         TEXT    NOT NULL,            -- glpi, glpi-v2, email, webhook
  ticket_id      TEXT,                        -- null until the helpdesk has created it
  status         TEXT    NOT NULL,            -- PENDING (asked), OPEN, SOLVED
  created_ms     BIGINT  NOT NULL,
  updated_ms     BIGINT  NOT NULL,
  -- Steps (open, follow-ups, solve, reopen) run in order per incident: step k waits until
  -- steps_done = k - 1, so a follow-up never overtakes the creation and a solution never
  -- overtakes the re-opening that follows it.
  steps_enqueued INTEGER NOT NULL DEFAULT 0,
  steps_done     INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT
);

-- Reports join incidents to their ticket number.
CREATE INDEX ticket_ticket_id ON ticket (system, ticket_id);
