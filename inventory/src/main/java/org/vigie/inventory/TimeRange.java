package org.vigie.inventory;

import java.time.Duration;
import java.time.Instant;

/** A half-open span of time {@code [start, end)}; never reversed. */
public record TimeRange(Instant start, Instant end) {
  public TimeRange {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("range ends before it starts: " + start + " > " + end);
    }
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
