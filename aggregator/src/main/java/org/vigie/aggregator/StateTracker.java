package org.vigie.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeResult;

/**
 * Per-check state with hysteresis. A check starts UNKNOWN; its first success makes it UP at once
 * (there is nothing to debounce), failures count toward DOWN ({@code downAfter} in a row) and a
 * DOWN check needs {@code upAfter} successes in a row to come back. Not thread-safe: owned by one
 * verticle.
 */
public final class StateTracker {
  private final Hysteresis hysteresis;
  private final Map<String, Entry> entries = new HashMap<>();

  public StateTracker(Hysteresis hysteresis) {
    this.hysteresis = hysteresis;
  }

  /** Takes one result; returns the change it causes, if any. */
  public Optional<StateChange> accept(ProbeResult r) {
    Entry e = entries.computeIfAbsent(r.checkKey(), k -> new Entry());
    e.lastResultAt = r.startedAt().plus(r.duration());
    CheckState before = e.state;
    boolean ok = r.outcome() != Outcome.DOWN;
    if (ok) {
      e.failures = 0;
      e.successes++;
      CheckState target = r.outcome() == Outcome.DEGRADED ? CheckState.DEGRADED : CheckState.UP;
      if (before != CheckState.DOWN || e.successes >= hysteresis.upAfter()) {
        e.state = target;
      }
    } else {
      e.successes = 0;
      e.failures++;
      if (e.failures >= hysteresis.downAfter()) {
        e.state = CheckState.DOWN;
      }
    }
    if (e.state != before) {
      return Optional.of(
          new StateChange(
              r.checkKey(), before, e.state, r.startedAt().plus(r.duration()), r.reason()));
    }
    return Optional.empty();
  }

  /**
   * Turns UNKNOWN every check whose last result is older than {@code missed} of its intervals: a
   * monitoring gap (Vigie overloaded, a probe node gone) is not an outage, and must not pass for UP
   * either. Counters restart, so the next success is a fresh first verdict.
   *
   * @param intervalOf each check's interval, by key
   */
  public List<StateChange> expire(Instant now, int missed, Function<String, Duration> intervalOf) {
    List<StateChange> changes = new ArrayList<>();
    for (var item : entries.entrySet()) {
      Entry e = item.getValue();
      if (e.state == CheckState.UNKNOWN || e.lastResultAt == null) {
        continue;
      }
      Duration limit = intervalOf.apply(item.getKey()).multipliedBy(missed);
      if (e.lastResultAt.plus(limit).isBefore(now)) {
        changes.add(
            new StateChange(
                item.getKey(),
                e.state,
                CheckState.UNKNOWN,
                now,
                "no result for " + missed + " intervals (last at " + e.lastResultAt + ")"));
        e.state = CheckState.UNKNOWN;
        e.failures = 0;
        e.successes = 0;
      }
    }
    return changes;
  }

  /** Forgets a check's verdict and counters: it is UNKNOWN until its next result. */
  public void reset(String checkKey) {
    Entry e = entries.get(checkKey);
    if (e != null) {
      e.state = CheckState.UNKNOWN;
      e.failures = 0;
      e.successes = 0;
    }
  }

  public CheckState state(String checkKey) {
    Entry e = entries.get(checkKey);
    return e == null ? CheckState.UNKNOWN : e.state;
  }

  private static final class Entry {
    CheckState state = CheckState.UNKNOWN;
    int failures;
    int successes;
    Instant lastResultAt;
  }
}
