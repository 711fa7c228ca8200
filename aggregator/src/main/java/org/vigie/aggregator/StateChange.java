package org.vigie.aggregator;

import java.time.Instant;

/**
 * A check changed state; published on {@link #ADDRESS}.
 *
 * @param reason the probe's reason for the result that caused the change
 */
public record StateChange(
    String checkKey, CheckState from, CheckState to, Instant at, String reason) {
  /** The event-bus address state changes are published on. */
  public static final String ADDRESS = "vigie.state";
}
