package org.vigie.aggregator;

/**
 * The judged state of a check (or of a device or school link in the {@link AvailabilityLedger}),
 * after hysteresis. The order of the constants is part of the API: new states go at the end.
 */
public enum CheckState {
  /** No verdict yet (just started, or no result for a while): a monitoring gap, not an outage. */
  UNKNOWN,
  UP,
  /** Answering but past a threshold. */
  DEGRADED,
  DOWN,
  /** A parent in the topology is DOWN: this one cannot be judged (its own outage is not proven). */
  UNREACHABLE,
  /** Under planned maintenance: not judged, excluded from availability. */
  MAINTENANCE
}
