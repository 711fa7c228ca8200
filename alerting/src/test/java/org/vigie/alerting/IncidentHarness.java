package org.vigie.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.MutableClock;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateChangeCodec;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.inventory.Inventory;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeResult;
import org.vigie.probe.ProbeResultCodec;

/**
 * A real Vert.x instance, a state store (an SQLite file, or any {@link StoreOptions}) and the
 * incident verticle evaluating every 10 ms of real time against a clock the test moves. Events
 * published on {@code vigie.incidents} are collected.
 */
final class IncidentHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  final Vertx vertx = Vertx.vertx();
  final MutableClock clock = new MutableClock(T0);
  final List<IncidentEvent> events = new CopyOnWriteArrayList<>();
  final Inventory inventory;
  final StateStore store;
  private final AlertRules rules;
  private final MuteSchedule mutes;
  private String deployment;
  IncidentVerticle verticle;

  IncidentHarness(Inventory inventory, StoreOptions options, AlertRules rules, MuteSchedule mutes)
      throws Exception {
    this.inventory = inventory;
    this.rules = rules;
    this.mutes = mutes;
    vertx.eventBus().registerDefaultCodec(StateChange.class, new StateChangeCodec());
    vertx.eventBus().registerDefaultCodec(ProbeResult.class, new ProbeResultCodec());
    vertx.eventBus().registerDefaultCodec(IncidentEvent.class, new IncidentEventCodec());
    vertx.eventBus().<IncidentEvent>consumer(IncidentEvent.ADDRESS, m -> events.add(m.body()));
    store = await(StateStore.open(vertx, options));
    start();
  }

  static StoreOptions sqlite(Path dir) {
    return new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db"));
  }

  void start() throws Exception {
    verticle =
        new IncidentVerticle(inventory, rules, mutes, IncidentStore.of(store), clock)
            .setTick(Duration.ofMillis(10));
    deployment = await(vertx.deployVerticle(verticle));
  }

  /** Undeploys the verticle, as a stop of Vigie would (the store stays). */
  void stop() throws Exception {
    await(vertx.undeploy(deployment));
  }

  /**
   * Moves the clock, once what was published so far has been taken in (so that no periodic
   * evaluation sees the new time with only part of it).
   */
  void at(Duration sinceT0) throws Exception {
    await(verticle.evaluateNow());
    clock.set(T0.plus(sinceT0));
  }

  /** Publishes a state change of {@code check} at the clock's time. */
  void state(String check, CheckState from, CheckState to) {
    vertx
        .eventBus()
        .publish(
            StateChange.ADDRESS, new StateChange(check, from, to, clock.instant(), "test: " + to));
  }

  void down(String... checks) {
    for (String c : checks) {
      state(c, CheckState.UP, CheckState.DOWN);
    }
  }

  void up(String... checks) {
    for (String c : checks) {
      state(c, CheckState.DOWN, CheckState.UP);
    }
  }

  void result(String check, String kind, Outcome outcome, Map<String, Double> figures) {
    vertx
        .eventBus()
        .publish(
            ProbeResult.ADDRESS,
            new ProbeResult(
                check,
                kind,
                outcome,
                outcome.name(),
                clock.instant(),
                clock.instant(),
                Duration.ofMillis(5),
                figures));
  }

  /** Evaluates what was published so far and lets the published events arrive. */
  void settle() throws Exception {
    await(verticle.evaluateNow());
    await(verticle.evaluateNow());
    Thread.sleep(30);
  }

  List<IncidentEvent.Type> types() {
    return events.stream().map(IncidentEvent::type).toList();
  }

  List<IncidentEvent> timeline(String id) throws Exception {
    return await(verticle.service().timeline(id));
  }

  void assertStoredTimelineMatchesPublished() throws Exception {
    for (String id : events.stream().map(e -> e.incident().id()).distinct().toList()) {
      List<IncidentEvent> published =
          events.stream().filter(e -> e.incident().id().equals(id)).toList();
      assertThat(timeline(id).stream().map(e -> e.type() + "#" + e.seq()).toList())
          .isEqualTo(published.stream().map(e -> e.type() + "#" + e.seq()).toList());
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (vertx.deploymentIDs().contains(deployment)) {
      stop();
    }
    await(store.close());
    await(vertx.close());
  }
}
