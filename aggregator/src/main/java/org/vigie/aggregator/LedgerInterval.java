package org.vigie.aggregator;

import java.time.Instant;

/**
 * One interval of the {@link AvailabilityLedger}: the subject was in {@code state} from {@code
 * start} (inclusive) to {@code end} (exclusive).
 *
 * @param end null while the interval is open (the subject's current state)
 * @param cause why the state began: the probe's reason, the check that moved a device, or the
 *     restart that made the time unknown
 */
public record LedgerInterval(
    String subject, Instant start, Instant end, CheckState state, String cause) {

  public boolean isOpen() {
    return end == null;
  }
}
