-- Notification state (org.vigie.alerting.notify): one row per incident the notifier has seen, so
-- that grouping, reminders, escalation and the recovery notice survive a restart. Version 2.5:
-- between the alerting core (V2) and the helpdesk (V3), owned by the notification feature.
CREATE TABLE notification (
  incident_id   TEXT    NOT NULL PRIMARY KEY,
  group_key     TEXT    NOT NULL,              -- 'school:<id>', or the fingerprint without school
  incident      TEXT    NOT NULL,              -- JSON snapshot of the incident at last_seq
  last_seq      BIGINT  NOT NULL,              -- events at or below it were handled: replays ignored
  phase         TEXT    NOT NULL,              -- WAITING, NOTIFIED, QUIET, DONE
  due_ms        BIGINT,                        -- WAITING: when its group goes out
  not_before_ms BIGINT,                        -- the problem notice waits for the school to open
  recipients    TEXT,                          -- JSON {"email": [...], "sms": [...]}: told of the problem
  thread        TEXT,                          -- '<incident id>#<seq>' of the problem notice
  repeat_ms     BIGINT,                        -- next reminder
  repeats       INTEGER NOT NULL DEFAULT 0,
  escalate_ms   BIGINT,                        -- next escalation step
  escalation    INTEGER NOT NULL DEFAULT 0     -- steps taken: 1 next person, 2 SMS
);

CREATE INDEX notification_phase_due ON notification (phase, due_ms);
