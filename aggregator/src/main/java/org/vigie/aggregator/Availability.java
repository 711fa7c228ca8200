package org.vigie.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How long a subject spent in each state over {@code [from, to)}, computed exactly from the
 * ledger's intervals (clipped to the period). Time covered by no interval, including the part of
 * the period still in the future, is UNKNOWN, so the times always add up to the period exactly.
 *
 * <p>{@link #ratio()} is {@code (UP + DEGRADED) / (UP + DEGRADED + DOWN)}, that is {@code available
 * / (period − UNKNOWN − MAINTENANCE − UNREACHABLE)}: DEGRADED is available (slow, but teachers can
 * work); UNKNOWN is a monitoring gap and MAINTENANCE is planned, so neither counts for or against;
 * UNREACHABLE means a parent was down and this subject could not be judged, so it is left out of
 * its own denominator (the outage shows in the parent's, typically the school link's,
 * availability).
 *
 * @param time every state, each mapped to its time in the period (ZERO when absent)
 */
public record Availability(
    String subject, Instant from, Instant to, Map<CheckState, Duration> time) {

  public Availability {
    EnumMap<CheckState, Duration> all = new EnumMap<>(CheckState.class);
    for (CheckState s : CheckState.values()) {
      all.put(s, time.getOrDefault(s, Duration.ZERO));
    }
    time = Collections.unmodifiableMap(all);
  }

  /** Time in {@code state} during the period. */
  public Duration time(CheckState state) {
    return time.get(state);
  }

  /** Seconds in {@code state} (millisecond precision). */
  public double seconds(CheckState state) {
    return time(state).toMillis() / 1000.0;
  }

  /** The period's length; the sum of {@link #time(CheckState)} over all states. */
  public Duration period() {
    return Duration.between(from, to);
  }

  /** UP + DEGRADED. */
  public Duration available() {
    return time(CheckState.UP).plus(time(CheckState.DEGRADED));
  }

  /** The time that was judged: UP + DEGRADED + DOWN. */
  public Duration judged() {
    return available().plus(time(CheckState.DOWN));
  }

  /** available / judged; empty when nothing was judged in the period. */
  public OptionalDouble ratio() {
    long judged = judged().toMillis();
    return judged == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) available().toMillis() / judged);
  }
}
