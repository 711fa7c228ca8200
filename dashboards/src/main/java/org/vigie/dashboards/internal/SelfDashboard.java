package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonObject;
import org.vigie.inventory.Inventory;

/**
 * Vigie itself, from its Prometheus metrics: probe rate, schedule lag, InfluxDB spool, event bus,
 * notification outbox, JVM.
 */
public final class SelfDashboard {
  public static final String UID = "vigie-self";

  /**
   * The 99th percentile of the schedule lag: {@code vigie_schedule_lag_seconds} is a histogram, so
   * it has no sample of its own name, only {@code _bucket}, {@code _sum} and {@code _count}.
   */
  static final String LAG_P99 =
      "histogram_quantile(0.99, sum by (le)"
          + " (rate(vigie_schedule_lag_seconds_bucket[$__rate_interval])))";

  private final Sources src;

  public SelfDashboard(Sources src) {
    this.src = src;
  }

  public JsonObject build(Inventory inv) {
    Board b = new Board(UID, "Vigie · Vigie itself", "Vigie's own health (Prometheus metrics).");
    b.add(
        Panel.timeseries("Probe runs per second", 12, 8)
            .unit("ops")
            .target(
                src.promql(
                    "A",
                    "sum by (kind) (rate(vigie_probe_runs_total[$__rate_interval]))",
                    "{{kind}}")));
    b.add(
        Panel.timeseries("Schedule lag", 12, 8)
            .description(
                "How late probes start (99th percentile): a sustained lag means Vigie is overloaded.")
            .unit("s")
            .thresholds(1.0, 5.0)
            .thresholdLine()
            .target(src.promql("A", LAG_P99, "p99 lag")));
    b.add(
        Panel.timeseries("InfluxDB spool", 8, 8)
            .description("Points waiting on disk while InfluxDB is unreachable.")
            .unit("bytes")
            .target(src.promql("A", "max(vigie_influx_spool_bytes)", "spool")));
    b.add(
        Panel.timeseries("InfluxDB outbox", 8, 8)
            .description("Points queued in memory before the next write.")
            .unit("short")
            .target(src.promql("A", "max(vigie_influx_queue_points)", "queued points")));
    b.add(
        Panel.timeseries("Event-bus backlog", 8, 8)
            .unit("short")
            .target(src.promql("A", "max(vigie_eventbus_backlog)", "backlog")));
    b.add(
        Panel.timeseries("Notification outbox", 12, 8)
            .description(
                "E-mails, SMS, webhook calls and helpdesk steps not yet delivered (waiting,"
                    + " being sent, or given up: vigie_outbox_messages by status tells which).")
            .unit("short")
            .target(src.promql("A", "sum(vigie_outbox_messages) or vector(0)", "undelivered")));
    b.add(
        Panel.timeseries("Oldest notification waiting", 12, 8)
            .description("Age of the oldest message the outbox has not delivered yet.")
            .unit("s")
            .thresholds(60.0, 600.0)
            .target(src.promql("A", "max(vigie_outbox_oldest_pending_seconds)", "oldest")));
    b.add(
        Panel.timeseries("JVM heap", 12, 8)
            .unit("bytes")
            .target(src.promql("A", "sum(jvm_memory_bytes_used{area=\"heap\"})", "used"))
            .target(src.promql("B", "sum(jvm_memory_bytes_max{area=\"heap\"})", "max")));
    b.add(
        Panel.timeseries("JVM GC time", 12, 8)
            .unit("percentunit")
            .target(
                src.promql(
                    "A",
                    "sum(rate(jvm_gc_collection_seconds_sum[$__rate_interval]))",
                    "GC time ratio")));
    return b.build();
  }
}
