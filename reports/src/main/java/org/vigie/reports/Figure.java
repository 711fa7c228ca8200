package org.vigie.reports;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Time in each availability class over a window (the whole month, or its school hours only).
 * UNKNOWN (a monitoring gap) and MAINTENANCE (planned) count neither up nor down; UNREACHABLE (a
 * parent was down) is shown apart and left out of the ratio, as in the ledger.
 *
 * @param available UP + DEGRADED
 * @param down DOWN
 * @param unknown no verdict (including time covered by no ledger interval)
 * @param maintenance planned maintenance, excluded
 * @param unreachable behind a failed parent
 */
public record Figure(
    Duration available,
    Duration down,
    Duration unknown,
    Duration maintenance,
    Duration unreachable) {

  public static final Figure ZERO =
      new Figure(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** available + down: the time that was judged. */
  public Duration judged() {
    return available.plus(down);
  }

  /** The whole window: every class added up. */
  public Duration total() {
    return judged().plus(unknown).plus(maintenance).plus(unreachable);
  }

  /** available / judged; empty when nothing was judged. */
  public OptionalDouble ratio() {
    long judged = judged().toMillis();
    return judged == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) available.toMillis() / judged);
  }

  public Figure plus(Figure o) {
    return new Figure(
        available.plus(o.available),
        down.plus(o.down),
        unknown.plus(o.unknown),
        maintenance.plus(o.maintenance),
        unreachable.plus(o.unreachable));
  }
}
