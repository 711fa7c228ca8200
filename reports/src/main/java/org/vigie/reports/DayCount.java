package org.vigie.reports;

import java.util.OptionalDouble;

/**
 * Backups counted in days: a day has a fresh backup when the backup check was UP (or DEGRADED) at
 * some point of that local day; a day without any verdict is unknown and counts neither way.
 *
 * @param fresh days with a fresh backup
 * @param judged days with a verdict (fresh or not)
 * @param unknown days without any verdict
 */
public record DayCount(int fresh, int judged, int unknown) {
  public static final DayCount ZERO = new DayCount(0, 0, 0);

  public OptionalDouble ratio() {
    return judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) fresh / judged);
  }

  public DayCount plus(DayCount o) {
    return new DayCount(fresh + o.fresh, judged + o.judged, unknown + o.unknown);
  }
}
