package org.vigie.reports.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.inventory.TimeRange;
import org.vigie.reports.Figure;

/**
 * A subject's ledger intervals turned into segments that cover a period exactly: clipped to it, the
 * open interval ending now, and every stretch no interval covers (before the first change, a gap,
 * the future) filled as UNKNOWN, so that the classes always add up to the period.
 */
public final class Segments {
  /** One clipped stretch in one state. */
  public record Segment(Instant start, Instant end, CheckState state, String cause) {
    Duration length() {
      return Duration.between(start, end);
    }
  }

  private Segments() {}

  /** Segments covering {@code [from, to)} in order; time after {@code now} is UNKNOWN. */
  public static List<Segment> of(
      List<LedgerInterval> intervals, Instant from, Instant to, Instant now) {
    Instant upper = now.isBefore(to) ? (now.isAfter(from) ? now : from) : to;
    List<Segment> out = new ArrayList<>();
    Instant cursor = from;
    for (LedgerInterval i : intervals) {
      Instant s = max(i.start(), from);
      Instant e = min(i.end() == null ? upper : i.end(), upper);
      if (!s.isBefore(e) || e.isBefore(cursor) || e.equals(cursor)) {
        continue;
      }
      s = max(s, cursor);
      if (cursor.isBefore(s)) {
        out.add(new Segment(cursor, s, CheckState.UNKNOWN, null));
      }
      out.add(new Segment(s, e, i.state(), i.cause()));
      cursor = e;
    }
    if (cursor.isBefore(to)) {
      out.add(new Segment(cursor, to, CheckState.UNKNOWN, null));
    }
    return out;
  }

  /** How much of {@code [start, end)} falls inside {@code open} (sorted, disjoint ranges). */
  public static Duration overlap(Instant start, Instant end, List<TimeRange> open) {
    long ms = 0;
    int lo = 0;
    int hi = open.size();
    // First range ending after start.
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (open.get(mid).end().isAfter(start)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    for (int k = lo; k < open.size() && open.get(k).start().isBefore(end); k++) {
      TimeRange r = open.get(k);
      ms += Duration.between(max(r.start(), start), min(r.end(), end)).toMillis();
    }
    return Duration.ofMillis(ms);
  }

  /** The figure of the segments inside {@code [from, to)}, all day and during {@code open}. */
  public static Figure figure(
      List<Segment> segments, Instant from, Instant to, List<TimeRange> open, boolean schoolOnly) {
    Duration[] t = new Duration[CheckState.values().length];
    java.util.Arrays.fill(t, Duration.ZERO);
    for (Segment s : segments) {
      Instant a = max(s.start(), from);
      Instant b = min(s.end(), to);
      if (!a.isBefore(b)) {
        continue;
      }
      Duration d = schoolOnly ? overlap(a, b, open) : Duration.between(a, b);
      t[s.state().ordinal()] = t[s.state().ordinal()].plus(d);
    }
    return new Figure(
        t[CheckState.UP.ordinal()].plus(t[CheckState.DEGRADED.ordinal()]),
        t[CheckState.DOWN.ordinal()],
        t[CheckState.UNKNOWN.ordinal()],
        t[CheckState.MAINTENANCE.ordinal()],
        t[CheckState.UNREACHABLE.ordinal()]);
  }

  static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
