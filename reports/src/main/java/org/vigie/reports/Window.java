package org.vigie.reports;

import java.time.Duration;
import java.time.Instant;

/**
 * A span of one subject in one state, clipped to the month: an outage, a maintenance window or a
 * monitoring gap.
 *
 * @param what which part of the school: {@code link}, {@code server}, {@code wifi}, {@code backup}
 * @param schoolHours the part of it during school hours
 * @param cause the ledger's cause of the interval
 */
public record Window(
    String subject, String what, Instant start, Instant end, Duration schoolHours, String cause) {
  public Duration length() {
    return Duration.between(start, end);
  }
}
