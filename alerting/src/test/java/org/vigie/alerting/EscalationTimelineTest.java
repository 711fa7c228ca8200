package org.vigie.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.alerting.AlertingFixtures.ALWAYS_OPEN;
import static org.vigie.alerting.AlertingFixtures.ROTA;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.MutableClock;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateChangeCodec;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.notify.NotifySettings;
import org.vigie.alerting.notify.Rota;
import org.vigie.alerting.notify.Route;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.OutboxOptions;
import org.vigie.alerting.outbox.OutboxStatus;
import org.vigie.probe.ProbeResult;
import org.vigie.probe.ProbeResultCodec;

/**
 * The whole alerting stage ({@link Alerting#start}) on a real event bus, an SQLite state store and
 * its outbox, with a clock the test moves: an incident nobody acknowledges escalates, and each
 * escalation step is on the incident's stored timeline with who it went to. E-mails and SMS are
 * recorded by deliverers that accept them (their channels are tested on their own).
 */
@Timeout(60)
class EscalationTimelineTest {
  // Wednesday 10 September 2025, 14:00: second week of the rota, Bruno on call, Chloé next.
  private static final Instant T0 =
      ZonedDateTime.of(2025, 9, 10, 14, 0, 0, 0, Rota.ZONE).toInstant();

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final MutableClock clock = new MutableClock(T0);
  private final List<OutboxMessage> emails = new CopyOnWriteArrayList<>();
  private final List<OutboxMessage> sms = new CopyOnWriteArrayList<>();
  private StateStore store;
  private Outbox outbox;
  private Alerting alerting;

  @AfterEach
  void close() throws Exception {
    if (alerting != null) {
      await(alerting.stop());
    }
    if (outbox != null) {
      await(outbox.close());
    }
    if (store != null) {
      await(store.close());
    }
    await(vertx.close());
  }

  @Test
  void notAcknowledged_eachEscalationStepIsOnTheStoredTimeline_withWhoItWentTo() throws Exception {
    start();
    publish("s1/router/link", CheckState.UP, CheckState.DOWN);
    publish("s1/router/admin", CheckState.UP, CheckState.DOWN);
    Thread.sleep(300);
    clock.set(T0.plusSeconds(61)); // the rule's for-duration is over
    waitFor(() -> !await(alerting.incidents().openIncidents()).isEmpty());
    Incident inc = await(alerting.incidents().openIncidents()).getFirst();
    Thread.sleep(300); // the notifier has taken OPENED in: its group wait runs from now
    Instant told = T0.plusSeconds(61 + 30);
    clock.set(told); // the group wait is over: Bruno, on call, gets the problem notice
    waitFor(() -> emails.size() == 1);
    drain();

    clock.set(told.plus(Duration.ofMinutes(30)));
    waitFor(() -> escalations(inc).size() == 1);
    drain();
    clock.set(told.plus(Duration.ofMinutes(60)));
    waitFor(() -> escalations(inc).size() == 2);
    drain();

    List<IncidentEvent> steps = escalations(inc);
    assertThat(steps).extracting(IncidentEvent::actor).containsOnly("vigie");
    assertThat(steps)
        .extracting(IncidentEvent::detail)
        .containsExactly(
            "step 1: e-mail to Chloé (chloe@dsi.example)",
            "step 2: SMS to Bruno (+33600000002), Chloé (+33600000003)");
    assertThat(steps)
        .extracting(IncidentEvent::at)
        .containsExactly(told.plus(Duration.ofMinutes(30)), told.plus(Duration.ofMinutes(60)));
    // What the timeline says is what was sent.
    assertThat(emails.get(1).payload().getJsonArray("to"))
        .isEqualTo(new JsonArray().add("chloe@dsi.example"));
    assertThat(sms)
        .extracting(m -> m.payload().getString("to"))
        .containsExactlyInAnyOrder("+33600000002", "+33600000003");
    // Stored in order after the incident's other events, and the same step twice is stored once.
    List<IncidentEvent> all = await(IncidentStore.of(store).timeline(inc.id()));
    assertThat(all.getFirst().type()).isEqualTo(IncidentEvent.Type.OPENED);
    assertThat(all.getLast().type()).isEqualTo(IncidentEvent.Type.ESCALATED);
    assertThat(await(alerting.incidents().escalated(inc.id(), 2, "again", clock.instant())))
        .isFalse();
    assertThat(escalations(inc)).hasSize(2);
  }

  private void start() throws Exception {
    vertx.eventBus().registerDefaultCodec(StateChange.class, new StateChangeCodec());
    vertx.eventBus().registerDefaultCodec(ProbeResult.class, new ProbeResultCodec());
    vertx.eventBus().registerDefaultCodec(IncidentEvent.class, new IncidentEventCodec());
    store =
        await(
            StateStore.open(
                vertx, new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db"))));
    outbox =
        await(
            Outbox.open(
                vertx,
                store,
                OutboxOptions.defaults()
                    .withPollInterval(Duration.ofMillis(50))
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(300)),
                clock));
    outbox.register("email", recorder(emails));
    outbox.register("sms", recorder(sms));
    Route onCall =
        new Route(
            "on-call", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, null, List.of(),
            false, true, false, false, false);
    NotifySettings notify =
        NotifySettings.of(List.of(onCall))
            .withRota(ROTA)
            .withGroupWait(Duration.ofSeconds(30))
            .withEscalationDelay(Duration.ofMinutes(30))
            .withSweepInterval(Duration.ofMillis(100));
    AlertingSettings settings =
        new AlertingSettings(
            AlertRules.defaults(),
            MuteSchedule.none(),
            notify,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    alerting =
        await(
            Alerting.start(
                vertx, Estate.schools(1, "Orange"), settings, ALWAYS_OPEN, store, outbox, clock));
  }

  private static org.vigie.alerting.outbox.Deliverer recorder(List<OutboxMessage> into) {
    return m -> {
      into.add(m);
      return Future.succeededFuture();
    };
  }

  private void publish(String check, CheckState from, CheckState to) {
    vertx
        .eventBus()
        .publish(
            StateChange.ADDRESS, new StateChange(check, from, to, clock.instant(), "test: " + to));
  }

  /** The ESCALATED entries of the incident's timeline as stored. */
  private List<IncidentEvent> escalations(Incident inc) throws Exception {
    return await(IncidentStore.of(store).timeline(inc.id())).stream()
        .filter(e -> e.type() == IncidentEvent.Type.ESCALATED)
        .toList();
  }

  /** Waits until nothing is pending or in flight, so that a clock jump outruns no lease. */
  private void drain() throws Exception {
    waitFor(
        () -> {
          Map<OutboxStatus, Long> c = await(outbox.counts());
          return c.getOrDefault(OutboxStatus.PENDING, 0L) == 0
              && c.getOrDefault(OutboxStatus.SENDING, 0L) == 0;
        });
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check c) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.ok()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }
}
