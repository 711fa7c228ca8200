package org.vigie.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.vigie.aggregator.AggregatorVerticle;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.InfluxSink;
import org.vigie.aggregator.LedgerVerticle;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateChangeCodec;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.TimeSeriesVerticle;
import org.vigie.aggregator.VigieMetrics;
import org.vigie.alerting.Alerting;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentEventCodec;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxOptions;
import org.vigie.inventory.Inventory;
import org.vigie.probe.ProbeResult;
import org.vigie.probe.ProbeResultCodec;
import org.vigie.probe.ProbeVerticle;
import org.vigie.probe.SchedulerListener;
import org.vigie.reports.IncidentSource;
import org.vigie.reports.LedgerReader;
import org.vigie.reports.LinkQualitySource;
import org.vigie.reports.ReportGenerator;
import org.vigie.reports.ReportScheduler;
import org.vigie.server.http.Api;
import org.vigie.server.http.HttpVerticle;

/**
 * One running Vigie: the probe, aggregation and HTTP stages wired over the event bus for an
 * inventory and settings. {@link #start} deploys them; {@link #stop} undeploys them.
 */
public final class Vigie {
  private final Vertx vertx;
  private final Inventory inventory;
  private final VigieSettings settings;
  private final Clock clock;
  private final VigieMetrics metrics = new VigieMetrics();
  private final Instant startedAt;
  private final SchedulerListener schedulerListener;
  private final Map<String, String> env;
  private HttpVerticle http;
  private StateStore store;
  private Outbox outbox;
  private Alerting alerting;
  private AvailabilityLedger ledger;
  private LinkQualitySource quality = LinkQualitySource.none();
  private ReportScheduler reports;
  private InfluxSink influxSink;
  private int stagesBeforeAlerting;
  private ProbeVerticle probes;
  private final java.util.List<String> deployments = new java.util.ArrayList<>();

  /**
   * @param env the process environment, where check secrets given as {@code env:NAME} are read
   */
  public Vigie(
      Vertx vertx,
      Inventory inventory,
      VigieSettings settings,
      Clock clock,
      Map<String, String> env) {
    this(vertx, inventory, settings, clock, env, SchedulerListener.NONE);
  }

  /**
   * @param env the process environment, where check secrets given as {@code env:NAME} are read
   * @param schedulerListener told of every run's lag and overrun besides the metrics (benchmarks
   *     use it for exact percentiles)
   */
  public Vigie(
      Vertx vertx,
      Inventory inventory,
      VigieSettings settings,
      Clock clock,
      Map<String, String> env,
      SchedulerListener schedulerListener) {
    this.vertx = vertx;
    this.env = Map.copyOf(env);
    this.schedulerListener = schedulerListener;
    this.inventory = inventory;
    this.settings = settings;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  public Future<Vigie> start() {
    vertx.eventBus().registerDefaultCodec(ProbeResult.class, new ProbeResultCodec());
    vertx.eventBus().registerDefaultCodec(StateChange.class, new StateChangeCodec());
    vertx.eventBus().registerDefaultCodec(IncidentEvent.class, new IncidentEventCodec());
    var checks = inventory.checks();
    SchedulerListener listener =
        schedulerListener == SchedulerListener.NONE
            ? metrics
            : new SchedulerListener() {
              @Override
              public void started(String checkKey, java.time.Duration lag) {
                metrics.started(checkKey, lag);
                schedulerListener.started(checkKey, lag);
              }

              @Override
              public void skippedOverrun(String checkKey) {
                metrics.skippedOverrun(checkKey);
                schedulerListener.skippedOverrun(checkKey);
              }

              @Override
              public void published(org.vigie.probe.ProbeResult result) {
                metrics.published(result);
                schedulerListener.published(result);
              }
            };
    probes = new ProbeVerticle(checks, settings.scheduler(), clock, listener, env);
    Api api =
        new Api(
            settings.apiToken(), () -> alerting.incidents(), () -> outbox, () -> reports, clock);
    http = new HttpVerticle(settings.httpHost(), settings.httpPort(), metrics, this::health, api);
    // Store and ledger first, then consumers, then probes: no change is published before
    // everything that records it listens.
    return StateStore.open(vertx, settings.store())
        .compose(
            s -> {
              store = s;
              return Outbox.open(vertx, s, OutboxOptions.defaults(), clock);
            })
        .compose(
            o -> {
              outbox = o;
              metrics.registry().register(o.metrics());
              return AvailabilityLedger.open(vertx, store, checks, clock);
            })
        .compose(
            l -> {
              ledger = l;
              return vertx.deployVerticle(
                  new LedgerVerticle(l, checks, settings.alerting().mutes(), clock));
            })
        .compose(
            id ->
                deployed(
                    id, new AggregatorVerticle(inventory, settings.hysteresis(), metrics, clock)))
        // Time series before alerting, so that every incident event, from the first to those of
        // the shutdown (alerting stops first), has its consumer, and the sink flushes them last.
        .compose(
            id ->
                settings.influx().isPresent()
                    ? deployed(id, timeSeries())
                        .compose(ts -> deployed(ts, new IncidentTimeSeriesVerticle(influxSink)))
                    : Future.succeededFuture(id))
        .compose(
            id -> {
              deployments.add(id);
              stagesBeforeAlerting = deployments.size();
              return Alerting.start(
                  vertx, inventory, settings.alerting(), settings.calendar(), store, outbox, clock);
            })
        .compose(
            a -> {
              alerting = a;
              metrics.registry().register(a.metrics());
              return vertx.deployVerticle(reportScheduler());
            })
        .compose(id -> deployed(id, http))
        .compose(id -> deployed(id, probes))
        .map(id -> deployments.add(id))
        .map(ok -> this);
  }

  /**
   * The monthly reports, sent through the outbox; link quality from InfluxDB when it is configured.
   */
  private ReportScheduler reportScheduler() {
    quality =
        settings.influx().isPresent()
            ? LinkQualitySource.influx(vertx, settings.influx().get(), Duration.ofHours(6))
            : LinkQualitySource.none();
    ReportGenerator generator =
        new ReportGenerator(
            LedgerReader.of(ledger),
            IncidentSource.jdbc(store),
            settings.calendar(),
            inventory,
            quality,
            clock);
    reports =
        new ReportScheduler(
            settings.reports(), generator, inventory, store, outbox::enqueue, clock);
    return reports;
  }

  /**
   * Time series to InfluxDB, with the sink's counters exported as metrics; the sink is kept for the
   * incident events (one queue and spool for every point).
   */
  private TimeSeriesVerticle timeSeries() {
    influxSink = new InfluxSink(vertx, settings.influx().orElseThrow(), clock);
    metrics.registry().register(TimeSeriesVerticle.metrics(influxSink));
    return new TimeSeriesVerticle(inventory.checks(), influxSink);
  }

  private Future<String> deployed(String previous, io.vertx.core.Deployable next) {
    deployments.add(previous);
    return vertx.deployVerticle(next);
  }

  /** Undeploys the stages, probes first so that no result is left without a consumer. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    // Reverse order of start; the alerting stage sits after the first `stagesBeforeAlerting`.
    for (int i = deployments.size() - 1; i >= 0; i--) {
      if (i == stagesBeforeAlerting - 1 && alerting != null) {
        chain = chain.compose(v -> alerting.stop());
      }
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    return chain
        .compose(
            v -> {
              quality.close();
              return Future.<Void>succeededFuture();
            })
        .compose(v -> outbox == null ? Future.<Void>succeededFuture() : outbox.close())
        .compose(v -> store == null ? Future.<Void>succeededFuture() : store.close())
        .onComplete(
            ar -> {
              deployments.clear();
              // So that a Vigie can start again on this Vert.x (a restart, in tests).
              vertx.eventBus().unregisterDefaultCodec(ProbeResult.class);
              vertx.eventBus().unregisterDefaultCodec(StateChange.class);
              vertx.eventBus().unregisterDefaultCodec(IncidentEvent.class);
            });
  }

  /** The HTTP port really bound. */
  public int httpPort() {
    return http.actualPort();
  }

  /** Incidents: acknowledge, note, resolve, silence (the HTTP API's backend). */
  public org.vigie.alerting.IncidentService incidents() {
    return alerting.incidents();
  }

  /** The monthly report sender (resend on demand, send a month now). */
  public ReportScheduler reports() {
    return reports;
  }

  /** The persistent outbox every notification and helpdesk call goes through. */
  public Outbox outbox() {
    return outbox;
  }

  public VigieMetrics metrics() {
    return metrics;
  }

  private JsonObject health() {
    return new JsonObject()
        .put("status", "UP")
        .put("startedAt", startedAt.toString())
        .put("checks", inventory.checks().size())
        .put("inFlight", probes.scheduler().inFlight())
        .put("queued", probes.scheduler().queued());
  }
}
