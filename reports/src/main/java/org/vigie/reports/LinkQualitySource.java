package org.vigie.reports;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.reports.internal.InfluxLinkQualitySource;

/**
 * Where link quality comes from: InfluxDB in production ({@code InfluxLinkQualitySource}), a list
 * of samples in tests and benchmarks.
 */
public interface LinkQualitySource extends AutoCloseable {

  /** Figures of each school's link over {@code [from, to)}; schools without data may be absent. */
  Future<Map<String, LinkStats>> linkStats(Collection<String> schoolIds, Instant from, Instant to);

  /**
   * The link probe's points in InfluxDB, aggregated there; {@code slot} is the step of the latency
   * chart (6 h in the reports). Close it when done: it holds an HTTP client.
   */
  static LinkQualitySource influx(Vertx vertx, InfluxOptions options, Duration slot) {
    return new InfluxLinkQualitySource(vertx, options, slot);
  }

  /** Releases what the source holds (nothing by default). */
  @Override
  default void close() {}

  /** No time series store configured: every school without data. */
  static LinkQualitySource none() {
    return (ids, from, to) -> Future.succeededFuture(Map.of());
  }
}
