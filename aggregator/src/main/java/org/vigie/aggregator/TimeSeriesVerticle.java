package org.vigie.aggregator;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigie.inventory.Check;
import org.vigie.probe.ProbeResult;

/**
 * Feeds the time-series sink: every {@link ProbeResult} and every {@link StateChange}, with the
 * check they belong to (for the tags). The sink never blocks, so this runs on an event loop.
 */
public final class TimeSeriesVerticle extends VerticleBase {
  private final Map<String, Check> checks = new HashMap<>();
  private final InfluxSink sink;
  private MessageConsumer<ProbeResult> results;
  private MessageConsumer<StateChange> changes;

  public TimeSeriesVerticle(List<Check> checks, InfluxSink sink) {
    checks.forEach(c -> this.checks.put(c.key(), c));
    this.sink = sink;
  }

  @Override
  public Future<?> start() {
    results =
        vertx
            .eventBus()
            .consumer(
                ProbeResult.ADDRESS,
                m -> {
                  Check c = checks.get(m.body().checkKey());
                  if (c != null) {
                    sink.accept(m.body(), c);
                  }
                });
    changes =
        vertx
            .eventBus()
            .consumer(
                StateChange.ADDRESS,
                m -> {
                  Check c = checks.get(m.body().checkKey());
                  if (c != null) {
                    sink.accept(m.body(), c);
                  }
                });
    return sink.start().compose(v -> results.completion()).compose(v -> changes.completion());
  }

  @Override
  public Future<?> stop() {
    return results.unregister().compose(v -> changes.unregister()).compose(v -> sink.stop());
  }

  /** The sink's counters as Prometheus metrics ({@code vigie_influx_*}). */
  public static Collector metrics(InfluxSink sink) {
    return new Collector() {
      @Override
      public List<MetricFamilySamples> collect() {
        return List.of(
            counter("vigie_influx_points_written", "Points InfluxDB acknowledged", sink.written()),
            counter(
                "vigie_influx_points_spooled", "Points written to the disk spool", sink.spooled()),
            counter(
                "vigie_influx_points_replayed",
                "Spooled points later acknowledged by InfluxDB",
                sink.replayed()),
            counter(
                "vigie_influx_points_dropped",
                "Points lost: spool full or memory queue full",
                sink.dropped()),
            counter(
                "vigie_influx_points_rejected",
                "Points InfluxDB refused as invalid (HTTP 400)",
                sink.rejected()),
            new GaugeMetricFamily(
                "vigie_influx_spool_bytes", "Bytes waiting in the disk spool", sink.spoolBytes()),
            new GaugeMetricFamily(
                "vigie_influx_queue_points", "Points waiting in memory", sink.queued()));
      }
    };
  }

  private static CounterMetricFamily counter(String name, String help, long value) {
    return new CounterMetricFamily(name, help, value);
  }
}
