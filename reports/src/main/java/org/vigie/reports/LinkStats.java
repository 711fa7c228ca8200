package org.vigie.reports;

import java.time.Duration;
import java.util.List;

/**
 * Link-probe figures of one school over a period, as a {@link LinkQualitySource} answers them.
 *
 * @param samples number of link-probe runs
 * @param series median RTT per slot
 */
public record LinkStats(
    long samples,
    Duration medianRtt,
    Duration p95Rtt,
    double loss,
    List<LinkQuality.Point> series) {
  public static final LinkStats NONE = new LinkStats(0, Duration.ZERO, Duration.ZERO, 0, List.of());

  public LinkStats {
    series = List.copyOf(series);
  }
}
