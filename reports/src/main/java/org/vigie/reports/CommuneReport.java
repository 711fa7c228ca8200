package org.vigie.reports;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.vigie.inventory.Commune;

/**
 * The monthly report of one commune.
 *
 * @param previous the same summary for the month before (for comparison)
 * @param generatedAt when the figures were computed (time after it is UNKNOWN)
 */
public record CommuneReport(
    Commune commune,
    YearMonth month,
    List<SchoolReport> schools,
    CommuneSummary summary,
    CommuneSummary previous,
    Billing billing,
    Instant generatedAt) {

  public CommuneReport {
    schools = List.copyOf(schools);
  }
}
