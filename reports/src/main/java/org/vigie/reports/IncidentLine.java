package org.vigie.reports;

import java.time.Duration;
import java.time.Instant;

/**
 * An incident of a school that overlapped the month, as the alerting recorded it.
 *
 * @param end when it was resolved, or null while still open
 * @param ticket the helpdesk ticket number, or null
 */
public record IncidentLine(
    String id,
    String schoolId,
    String subject,
    String severity,
    Instant start,
    Instant end,
    String cause,
    String ticket) {

  /** From start to end, or to {@code now} while open. */
  public Duration duration(Instant now) {
    return Duration.between(start, end == null ? now : end);
  }
}
