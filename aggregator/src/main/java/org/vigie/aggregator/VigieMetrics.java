package org.vigie.aggregator;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.vigie.inventory.Check;
import org.vigie.probe.ProbeResult;
import org.vigie.probe.SchedulerListener;

/**
 * Vigie's Prometheus metrics, in a registry of its own (no global default registry, so two Vigie
 * instances in one JVM, as in tests, do not collide). Per-check series are labelled {@code commune,
 * school, device, device_kind, check, kind}: bounded by the inventory.
 */
public final class VigieMetrics implements SchedulerListener {
  private static final String[] CHECK_LABELS = {
    "commune", "school", "device", "device_kind", "check", "kind"
  };

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Gauge success =
      Gauge.build("vigie_probe_success", "1 if the last run of the check succeeded, else 0")
          .labelNames(CHECK_LABELS)
          .register(registry);
  private final Gauge duration =
      Gauge.build("vigie_probe_duration_seconds", "Duration of the last run of the check")
          .labelNames(CHECK_LABELS)
          .register(registry);
  private final Gauge state =
      Gauge.build(
              "vigie_check_state",
              "Judged state of the check after hysteresis: 1 for the current state, 0 otherwise")
          .labelNames(concat(CHECK_LABELS, "state"))
          .register(registry);
  private final Counter runs =
      Counter.build("vigie_probe_runs_total", "Probe runs by kind and outcome")
          .labelNames("kind", "outcome")
          .register(registry);
  private final Counter changes =
      Counter.build("vigie_state_changes_total", "Check state changes by new state")
          .labelNames("state")
          .register(registry);
  private final Histogram lag =
      Histogram.build(
              "vigie_schedule_lag_seconds", "Delay between a run's planned and actual start")
          .buckets(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30)
          .register(registry);
  private final Map<String, Gauge> figures = new ConcurrentHashMap<>();
  private final LongAdder resultsPublished = new LongAdder();
  private final LongAdder resultsConsumed = new LongAdder();
  private final Gauge schoolChecks =
      Gauge.build("vigie_school_checks", "Checks of a school in each state")
          .labelNames("commune", "school", "state")
          .register(registry);
  private final Counter skipped =
      Counter.build(
              "vigie_schedule_skipped_total",
              "Runs skipped because the previous run of the check was still in flight")
          .register(registry);

  /**
   * Each check's series, resolved once: a label lookup builds a list and hashes six strings, too
   * much to do for every result at 100,000 checks.
   */
  private final Map<String, CheckSeries> series = new ConcurrentHashMap<>();

  private record CheckSeries(
      Gauge.Child success,
      Gauge.Child duration,
      Gauge.Child[] states,
      String[] labels,
      Map<String, Gauge.Child> figures) {}

  /** Run counters by kind and outcome, resolved once for the same reason. */
  private final Map<String, Counter.Child> runsByKind = new ConcurrentHashMap<>();

  public VigieMetrics() {
    DefaultExports.register(registry);
    // Results published but not yet taken by the aggregator: the event bus's queue, which Vert.x
    // does not expose. Growing means the aggregator cannot keep up.
    Gauge.build("vigie_eventbus_backlog", "Messages published and not yet consumed, by address")
        .labelNames("address")
        .register(registry)
        .setChild(
            new Gauge.Child() {
              @Override
              public double get() {
                return Math.max(0, resultsPublished.sum() - resultsConsumed.sum());
              }
            },
            ProbeResult.ADDRESS);
  }

  /** Records one probe result. */
  public void result(Check check, ProbeResult r) {
    CheckSeries s = series(check);
    s.success().set(r.success() ? 1 : 0);
    s.duration().set(r.duration().toNanos() / 1e9);
    for (var f : r.figures().entrySet()) {
      s.figures()
          .computeIfAbsent(f.getKey(), k -> figure(r.kind(), k).labels(s.labels()))
          .set(f.getValue());
    }
    runsByKind
        .computeIfAbsent(
            r.kind() + "/" + r.outcome(),
            k -> runs.labels(r.kind(), r.outcome().name().toLowerCase(Locale.ROOT)))
        .inc();
  }

  /**
   * The gauge of one figure of one probe kind, e.g. {@code vigie_link_loss_ratio} or {@code
   * vigie_backup_age_seconds}: named after the figure so that dashboards and alert rules read like
   * the probe's documentation. Bounded: each kind reports a fixed set of figures.
   */
  private Gauge figure(String kind, String figure) {
    return figures.computeIfAbsent(
        kind + "/" + figure,
        k -> {
          String name = "vigie_" + sanitize(kind) + "_" + sanitize(figure);
          return Gauge.build(name, "Last " + figure + " reported by " + kind + " checks")
              .labelNames(CHECK_LABELS)
              .register(registry);
        });
  }

  private static String sanitize(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  /**
   * Moves one check from one state to another in the per-school counts ({@code
   * vigie_school_checks{commune, school, state}}): what a wall of schools shows at a glance.
   */
  public void schoolState(Check check, CheckState from, CheckState to) {
    if (from != null) {
      schoolChecks.labels(check.commune().id(), check.school().id(), lower(from)).dec();
    }
    schoolChecks.labels(check.commune().id(), check.school().id(), lower(to)).inc();
  }

  private static String lower(CheckState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** Records a state change (one-hot over the states). */
  public void state(Check check, CheckState now) {
    Gauge.Child[] states = series(check).states();
    for (CheckState s : CheckState.values()) {
      states[s.ordinal()].set(s == now ? 1 : 0);
    }
  }

  private CheckSeries series(Check check) {
    return series.computeIfAbsent(
        check.key(),
        k -> {
          String[] labels = labels(check);
          Gauge.Child[] states = new Gauge.Child[CheckState.values().length];
          for (CheckState s : CheckState.values()) {
            states[s.ordinal()] = state.labels(concat(labels, s.name().toLowerCase(Locale.ROOT)));
          }
          return new CheckSeries(
              success.labels(labels),
              duration.labels(labels),
              states,
              labels,
              new ConcurrentHashMap<>());
        });
  }

  public void changed(StateChange change) {
    changes.labels(change.to().name().toLowerCase(Locale.ROOT)).inc();
  }

  @Override
  public void started(String checkKey, Duration lagDuration) {
    lag.observe(lagDuration.toNanos() / 1e9);
  }

  @Override
  public void skippedOverrun(String checkKey) {
    skipped.inc();
  }

  @Override
  public void published(ProbeResult result) {
    resultsPublished.increment();
  }

  /** The aggregator took a result off the event bus. */
  public void consumed() {
    resultsConsumed.increment();
  }

  /** The registry, to add collectors of other stages. */
  public CollectorRegistry registry() {
    return registry;
  }

  /** The exposition in Prometheus text format 0.0.4. */
  public String scrape() {
    StringWriter out = new StringWriter();
    try {
      TextFormat.write004(out, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String[] labels(Check c) {
    return new String[] {
      c.commune().id(),
      c.school().id(),
      c.device().id(),
      c.device().kind().key(),
      c.spec().name(),
      c.spec().kind()
    };
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
