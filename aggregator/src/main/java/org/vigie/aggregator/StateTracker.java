package org.vigie.aggregator;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

  public CheckState state(String checkKey) {
    Entry e = entries.get(checkKey);
    return e == null ? CheckState.UNKNOWN : e.state;
  }

  private static final class Entry {
    CheckState state = CheckState.UNKNOWN;
    int failures;
    int successes;
  }
}
