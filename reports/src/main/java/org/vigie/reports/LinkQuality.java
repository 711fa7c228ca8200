package org.vigie.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The link's measured quality over the month against its type's profile.
 *
 * @param samples link-probe runs found; 0 when there is no data (the other figures are then zero)
 * @param medianRtt median of the runs' average RTT
 * @param p95Rtt 95th percentile of the runs' average RTT
 * @param loss mean loss ratio, 0–1
 * @param maxRtt the profile's RTT ceiling
 * @param maxLoss the profile's loss ceiling
 * @param series the median RTT per slot (for the latency chart), in time order
 */
public record LinkQuality(
    long samples,
    Duration medianRtt,
    Duration p95Rtt,
    double loss,
    Duration maxRtt,
    double maxLoss,
    List<Point> series) {

  /** One point of the latency series. */
  public record Point(Instant at, Duration rtt) {}

  public LinkQuality {
    series = List.copyOf(series);
  }

  /** Whether the median RTT and the loss stayed within the profile (true without data). */
  public boolean withinProfile() {
    return samples == 0 || (medianRtt.compareTo(maxRtt) <= 0 && loss <= maxLoss);
  }
}
