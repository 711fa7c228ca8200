package org.vigie.alerting;

/** How bad an incident is, most severe first; routing, tickets' urgency and SMS follow it. */
public enum Severity {
  CRITICAL,
  MAJOR,
  MINOR,
  WARNING;

  /** Whether this is at least as severe as {@code other}. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }
}
