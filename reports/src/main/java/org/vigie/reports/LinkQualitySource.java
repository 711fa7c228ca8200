package org.vigie.reports;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Where link quality comes from: InfluxDB in production ({@code InfluxLinkQualitySource}), a list
 * of samples in tests and benchmarks.
 */
public interface LinkQualitySource {

  /** Figures of each school's link over {@code [from, to)}; schools without data may be absent. */
  Future<Map<String, LinkStats>> linkStats(Collection<String> schoolIds, Instant from, Instant to);

  /** No time series store configured: every school without data. */
  static LinkQualitySource none() {
    return (ids, from, to) -> Future.succeededFuture(Map.of());
  }
}
