package org.vigie.inventory;

import java.time.Instant;
import java.util.List;

/**
 * When a school is open: opening hours per weekday, minus French school holidays of the school's
 * zone and public holidays, with per-school overrides; computed in the Europe/Paris time zone.
 * Alerting asks it whether a non-critical notification may go now; reports ask it for the
 * school-hours share of availability.
 */
public interface SchoolCalendar {

  /** Whether {@code schoolId} is open at {@code at}. */
  boolean isOpen(String schoolId, Instant at);

  /** The first instant at or after {@code at} when the school is open (at itself if open). */
  Instant nextOpening(String schoolId, Instant at);

  /** The school's opening periods inside {@code [range.start, range.end)}, clipped, in order. */
  List<TimeRange> openPeriods(String schoolId, TimeRange range);
}
