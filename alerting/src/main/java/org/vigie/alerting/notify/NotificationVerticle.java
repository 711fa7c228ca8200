package org.vigie.alerting.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.StateStore;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.notify.internal.NotifyEngine;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.SchoolCalendar;

/**
 * The notification pipeline: consumes {@link IncidentEvent}s on {@link IncidentEvent#ADDRESS} and
 * turns them into messages in the {@link Outbox} (channels {@code email}, {@code sms} and, for
 * routes with {@code webhook: true}, {@code webhook} with one JSON document per notice): muted,
 * flapping and acknowledged incidents are not told; non-critical notices wait for the school to
 * open ({@link SchoolCalendar}); {@code alerting.routes} and the on-call {@link Rota} decide who is
 * told; incidents of one school opened within the group wait go out as one message; reminders while
 * open and unacknowledged; escalation (the next person, then SMS), put on the incident's timeline
 * through channel {@link TimelineDeliverer#CHANNEL}; every problem that was told gets its recovery
 * notice, to the same people.
 *
 * <p>Work is done by one serial loop, a batch of events per transaction on the state store (table
 * {@code notification} and the outbox together), so that nothing is decided twice and a restart
 * resumes exactly where the last commit left: groups still waiting are sent by the next sweep.
 */
public final class NotificationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
  private static final int MAX_BATCH = 500;
  private static final int MAX_ATTEMPTS = 5;

  private final NotifySettings settings;
  private final StateStore store;
  private final Clock clock;
  private final Outbox outbox;
  private final NotifyEngine engine;

  private final Deque<IncidentEvent> queue = new ArrayDeque<>();
  private final List<Promise<Void>> sweepWaiters = new ArrayList<>();
  private boolean running;
  private boolean sweepWanted;
  private int failures;
  private long timerId = -1;
  private long timerDue = Long.MAX_VALUE;
  private long handled;
  private MessageConsumer<IncidentEvent> consumer;
  private long periodic = -1;

  /**
   * @param store where the notification state lives (the outbox's store)
   * @param outbox where messages go; the {@code email}, {@code sms}, {@code webhook} and {@code
   *     timeline} deliverers are registered there by their features
   * @param calendar opening hours of the schools
   * @param inventory school names and commune contacts
   * @param clock decides every time (tests move it by hand)
   */
  public NotificationVerticle(
      NotifySettings settings,
      StateStore store,
      Outbox outbox,
      SchoolCalendar calendar,
      Inventory inventory,
      Clock clock) {
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.outbox = outbox;
    this.engine = new NotifyEngine(settings, outbox, calendar, inventory);
  }

  @Override
  public Future<?> start() {
    consumer =
        vertx
            .eventBus()
            .<IncidentEvent>localConsumer(
                IncidentEvent.ADDRESS,
                m -> {
                  queue.add(m.body());
                  kick();
                });
    periodic = vertx.setPeriodic(settings.sweepInterval().toMillis(), id -> requestSweep());
    // Groups that were waiting when Vigie stopped go out now (or when their wait ends).
    requestSweep();
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(periodic);
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return consumer.unregister();
  }

  /**
   * Sends what is due now by the clock: waiting groups, reminders, escalations. Completes once that
   * is committed (events received before are handled first). Runs by itself every {@code
   * sweep-interval}; tests with a hand-moved clock call it.
   */
  public Future<Void> sweep() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(
        v -> {
          sweepWaiters.add(p);
          sweepWanted = true;
          kick();
        });
    return p.future();
  }

  /** How many events were handled (committed) so far. */
  public long handledEvents() {
    return handled;
  }

  private void requestSweep() {
    sweepWanted = true;
    kick();
  }

  private void kick() {
    if (running || (queue.isEmpty() && !sweepWanted)) {
      return;
    }
    running = true;
    List<IncidentEvent> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    boolean sweep = sweepWanted;
    sweepWanted = false;
    List<Promise<Void>> waiters = sweep ? new ArrayList<>(sweepWaiters) : List.of();
    if (sweep) {
      sweepWaiters.clear();
    }
    Instant now = clock.instant();
    store
        .inTransaction(
            c -> {
              Instant earliest = null;
              for (IncidentEvent e : batch) {
                Instant due = engine.handle(c, e, now);
                if (due != null && (earliest == null || due.isBefore(earliest))) {
                  earliest = due;
                }
              }
              engine.flushDue(c, now);
              if (sweep) {
                engine.sweep(c, now);
              }
              return earliest;
            })
        .onComplete(
            ar -> {
              running = false;
              if (ar.succeeded()) {
                failures = 0;
                handled += batch.size();
                outbox.wake();
                if (ar.result() != null) {
                  armTimer(ar.result(), now);
                }
                waiters.forEach(Promise::tryComplete);
              } else if (++failures >= MAX_ATTEMPTS) {
                LOG.error(
                    "notification: giving up on {} events after {} failures",
                    batch.size(),
                    failures,
                    ar.cause());
                failures = 0;
                waiters.forEach(w -> w.tryFail(ar.cause()));
              } else {
                LOG.warn("notification: state store failed, retrying: {}", ar.cause().toString());
                for (int i = batch.size() - 1; i >= 0; i--) {
                  queue.addFirst(batch.get(i));
                }
                sweepWaiters.addAll(waiters);
                sweepWanted |= sweep;
                vertx.setTimer(200L * failures, id -> kick());
                return;
              }
              kick();
            });
  }

  /** A timer for the earliest group due, so a group goes out when its wait ends, not later. */
  private void armTimer(Instant due, Instant now) {
    long at = due.toEpochMilli();
    if (timerId >= 0 && timerDue <= at) {
      return;
    }
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    timerDue = at;
    if (at <= now.toEpochMilli()) {
      timerId = -1;
      timerDue = Long.MAX_VALUE;
      sweepWanted = true;
      return;
    }
    timerId =
        vertx.setTimer(
            at - now.toEpochMilli(),
            id -> {
              timerId = -1;
              timerDue = Long.MAX_VALUE;
              requestSweep();
            });
  }
}
