package org.vigie.alerting;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.StateChange;
import org.vigie.alerting.incident.IncidentEngine;
import org.vigie.alerting.mute.Matcher;
import org.vigie.alerting.mute.MuteWindow;
import org.vigie.inventory.Inventory;
import org.vigie.probe.ProbeResult;

/**
 * The incident stage: consumes {@link StateChange}s ({@link StateChange#ADDRESS}) and {@link
 * ProbeResult}s ({@link ProbeResult#ADDRESS}), finds root causes with the inventory's topology,
 * keeps incidents' lifecycle in the {@link IncidentStore}, and publishes each stored {@link
 * IncidentEvent} on {@link IncidentEvent#ADDRESS} (register {@link IncidentEventCodec} first).
 *
 * <p>Conditions are looked at every {@link #DEFAULT_TICK} (for-durations, windows starting and
 * ending); store writes happen one at a time, in order. At start, open incidents and those resolved
 * within the flap window are loaded, so a restart neither duplicates nor forgets them; everything
 * else in memory is rebuilt from the state changes that follow.
 */
public final class IncidentVerticle extends VerticleBase implements IncidentService {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentVerticle.class);

  /** How often conditions are evaluated. */
  public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

  private final AlertRules rules;
  private final MuteSchedule mutes;
  private final IncidentStore store;
  private final Clock clock;
  private final IncidentEngine engine;
  private Duration tick = DEFAULT_TICK;
  private Future<?> tail = Future.succeededFuture();
  private boolean evaluating;
  private long timer = -1;
  private MessageConsumer<StateChange> states;
  private MessageConsumer<ProbeResult> results;

  public IncidentVerticle(
      Inventory inventory, AlertRules rules, MuteSchedule mutes, IncidentStore store, Clock clock) {
    this.rules = rules;
    this.mutes = mutes;
    this.store = store;
    this.clock = clock;
    this.engine = new IncidentEngine(inventory, rules, mutes);
  }

  /** How often conditions are evaluated (tests shorten it). Set before deployment. */
  public IncidentVerticle setTick(Duration tick) {
    this.tick = tick;
    return this;
  }

  /** The API for people; valid once deployed. */
  public IncidentService service() {
    return this;
  }

  @Override
  public Future<?> start() {
    Instant now = clock.instant();
    return Future.all(
            store.live(),
            store.resolvedSince(now.minus(rules.flapping().reopenWithin())),
            store.silences(now))
        .compose(
            all -> {
              engine.restore(all.resultAt(0), all.resultAt(1));
              List<MuteWindow> silences = all.resultAt(2);
              silences.forEach(mutes::addRuntime);
              LOG.info("{} open incidents loaded", engine.live().size());
              states = vertx.eventBus().consumer(StateChange.ADDRESS, m -> engine.accept(m.body()));
              results =
                  vertx.eventBus().consumer(ProbeResult.ADDRESS, m -> engine.accept(m.body()));
              timer = vertx.setPeriodic(tick.toMillis(), id -> evaluate());
              return Future.all(states.completion(), results.completion());
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.all(states.unregister(), results.unregister()).compose(v -> tail);
  }

  private void evaluate() {
    if (evaluating) {
      return; // the previous write is still going: its successor will see everything
    }
    evaluating = true;
    serial(() -> write(engine.evaluate(clock.instant())).map(v -> (Void) null))
        .onComplete(ar -> evaluating = false);
  }

  /**
   * Evaluates now, after everything already received; completes once the resulting changes are
   * stored and published (tests use it to step a controlled clock).
   */
  Future<Void> evaluateNow() {
    return serial(() -> write(engine.evaluate(clock.instant())).map(v -> (Void) null));
  }

  /** Stores changes, then publishes their events; on failure reloads the view from the store. */
  private Future<List<IncidentStore.Change>> write(List<IncidentStore.Change> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture(changes);
    }
    return store
        .write(changes)
        .map(
            v -> {
              for (IncidentStore.Change ch : changes) {
                for (IncidentEvent e : ch.events()) {
                  LOG.info(
                      "incident {} {} {}: {}",
                      e.type(),
                      ch.incident().id(),
                      ch.incident().severity(),
                      e.detail());
                  vertx.eventBus().publish(IncidentEvent.ADDRESS, e);
                }
              }
              return changes;
            })
        .recover(
            e -> {
              LOG.error("cannot store incident changes, reloading: {}", e.getMessage());
              return reload().transform(x -> Future.failedFuture(e));
            });
  }

  private Future<Void> reload() {
    return Future.all(
            store.live(),
            store.resolvedSince(clock.instant().minus(rules.flapping().reopenWithin())))
        .map(
            all -> {
              engine.restore(all.resultAt(0), all.resultAt(1));
              return null;
            });
  }

  /** Runs {@code work} on this verticle's context after every earlier piece of work. */
  private <T> Future<T> serial(Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(
        v -> {
          tail =
              tail.transform(
                  ignored -> {
                    Future<T> f;
                    try {
                      f = work.get();
                    } catch (RuntimeException e) {
                      f = Future.failedFuture(e);
                    }
                    f.onComplete(done);
                    return f.transform(x -> Future.succeededFuture());
                  });
        });
    return done.future();
  }

  private Future<Incident> change(Supplier<IncidentStore.Change> action) {
    return serial(() -> write(List.of(action.get())).map(list -> list.getFirst().incident()));
  }

  @Override
  public Future<Incident> acknowledge(String incidentId, String user, String comment) {
    return change(() -> engine.acknowledge(incidentId, user, comment, clock.instant()));
  }

  @Override
  public Future<Incident> note(String incidentId, String user, String text) {
    return change(() -> engine.note(incidentId, user, text, clock.instant()));
  }

  @Override
  public Future<Incident> resolve(String incidentId, String user, String comment) {
    return change(() -> engine.resolve(incidentId, user, comment, clock.instant()));
  }

  @Override
  public Future<Boolean> escalated(String incidentId, int step, String to, Instant at) {
    String prefix = "step " + step + ":";
    return serial(
        () ->
            store
                .timeline(incidentId)
                .compose(
                    events -> {
                      boolean already =
                          events.stream()
                              .anyMatch(
                                  e ->
                                      e.type() == IncidentEvent.Type.ESCALATED
                                          && e.detail() != null
                                          && e.detail().startsWith(prefix));
                      if (already || !engine.knows(incidentId)) {
                        return Future.succeededFuture(false);
                      }
                      return write(List.of(engine.escalated(incidentId, prefix + " " + to, at)))
                          .map(true);
                    }));
  }

  @Override
  public Future<List<Incident>> openIncidents() {
    return serial(() -> Future.succeededFuture(engine.live()));
  }

  @Override
  public Future<Optional<Incident>> incident(String incidentId) {
    return serial(() -> store.incident(incidentId));
  }

  @Override
  public Future<List<IncidentEvent>> timeline(String incidentId) {
    return serial(() -> store.timeline(incidentId));
  }

  @Override
  public Future<String> silence(
      Matcher matcher, Instant start, Instant end, String user, String comment) {
    if (matcher.isEmpty() || !end.isAfter(start)) {
      return Future.failedFuture(
          new IllegalArgumentException("a silence needs a matcher and an end after its start"));
    }
    String id = "silence-" + UUID.randomUUID();
    MuteWindow w = MuteWindow.once(id, false, matcher, start, end, comment);
    return serial(
        () ->
            store
                .addSilence(w, user)
                .map(
                    v -> {
                      mutes.addRuntime(w);
                      return id;
                    }));
  }

  @Override
  public Future<Boolean> removeSilence(String silenceId) {
    return serial(
        () ->
            store
                .removeSilence(silenceId)
                .map(
                    found -> {
                      mutes.removeRuntime(silenceId);
                      return found;
                    }));
  }

  @Override
  public List<MuteWindow> muteWindows() {
    return mutes.windows();
  }
}
