package org.vigie.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The result of one run of one check, as published on the event bus address {@link #ADDRESS}.
 *
 * @param checkKey {@code school/device/check}, see {@link org.vigie.inventory.Check#key()}
 * @param kind the probe kind that ran
 * @param plannedAt when the scheduler meant to start it
 * @param startedAt when it really started (the difference is the schedule lag)
 * @param duration how long the probe took, measured by the shared frame
 */
public record ProbeResult(
    String checkKey,
    String kind,
    Outcome outcome,
    String reason,
    Instant plannedAt,
    Instant startedAt,
    Duration duration,
    Map<String, Double> figures) {

  /** The event-bus address results are published on. */
  public static final String ADDRESS = "vigie.results";

  public ProbeResult {
    figures = Map.copyOf(figures);
  }

  public boolean success() {
    return outcome != Outcome.DOWN;
  }
}
