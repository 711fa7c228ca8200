package org.vigie.aggregator;

/** The judged state of a check, after hysteresis. */
public enum CheckState {
  /** No verdict yet (just started, or no result for a while): a monitoring gap, not an outage. */
  UNKNOWN,
  UP,
  /** Answering but past a threshold. */
  DEGRADED,
  DOWN
}
