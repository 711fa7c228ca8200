package org.vigie.alerting;

/** An incident's lifecycle: open, then acknowledged by someone, then resolved on recovery. */
public enum IncidentStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED
}
