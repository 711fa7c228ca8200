package org.vigie.aggregator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.inventory.Check;
import org.vigie.inventory.Inventory;
import org.vigie.probe.ProbeResult;

/**
 * The aggregation stage: consumes {@link ProbeResult}s from {@link ProbeResult#ADDRESS}, keeps each
 * check's state with hysteresis, updates the Prometheus metrics, logs one line per state change and
 * publishes it as a {@link StateChange} on {@link StateChange#ADDRESS}.
 */
public final class AggregatorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AggregatorVerticle.class);

  /**
   * State changes have a logger of their own: a first verdict (from UNKNOWN) is logged at DEBUG so
   * that a start-up does not flood the console, a check going DOWN at WARN, every other at INFO.
   */
  private static final Logger STATE_LOG = LoggerFactory.getLogger("vigie.state");

  private final Map<String, Check> checks = new HashMap<>();
  private final StateTracker tracker;
  private final Reachability reachability;
  private final VigieMetrics metrics;

  /** Results missed in a row before a check turns UNKNOWN. */
  public static final int MISSED_INTERVALS = 3;

  private static final Duration EXPIRY_SWEEP = Duration.ofSeconds(5);

  private final Clock clock;
  private MessageConsumer<ProbeResult> consumer;
  private long expiryTimer;

  public AggregatorVerticle(
      Inventory inventory, Hysteresis hysteresis, VigieMetrics metrics, Clock clock) {
    this.clock = clock;
    inventory.checks().forEach(c -> this.checks.put(c.key(), c));
    this.tracker = new StateTracker(hysteresis);
    this.reachability = new Reachability(inventory, tracker);
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    for (Check c : checks.values()) {
      metrics.state(c, CheckState.UNKNOWN);
      metrics.schoolState(c, null, CheckState.UNKNOWN);
    }
    consumer = vertx.eventBus().consumer(ProbeResult.ADDRESS, msg -> accept(msg.body()));
    // A few seconds of precision is plenty against gaps measured in intervals.
    expiryTimer = vertx.setPeriodic(EXPIRY_SWEEP.toMillis(), id -> expire());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(expiryTimer);
    return consumer.unregister();
  }

  private void expire() {
    for (StateChange verdict :
        tracker.expire(clock.instant(), MISSED_INTERVALS, k -> checks.get(k).spec().interval())) {
      publish(checks.get(verdict.checkKey()), verdict);
    }
  }

  private void accept(ProbeResult r) {
    metrics.consumed();
    Check check = checks.get(r.checkKey());
    if (check == null) {
      LOG.warn("result for a check not in the inventory: {}", r.checkKey());
      return;
    }
    metrics.result(check, r);
    tracker.accept(r).ifPresent(verdict -> publish(check, verdict));
  }

  private void publish(Check check, StateChange verdict) {
    for (StateChange change : reachability.apply(check, verdict)) {
      changed(checks.get(change.checkKey()), change);
    }
  }

  private void changed(Check check, StateChange change) {
    metrics.state(check, change.to());
    metrics.schoolState(check, change.from(), change.to());
    metrics.changed(change);
    var level =
        change.from() == CheckState.UNKNOWN
            ? org.slf4j.event.Level.DEBUG
            : change.to() == CheckState.DOWN
                ? org.slf4j.event.Level.WARN
                : org.slf4j.event.Level.INFO;
    STATE_LOG
        .atLevel(level)
        .log(
            "state {} -> {} check={} commune={} reason=\"{}\"",
            change.from(),
            change.to(),
            change.checkKey(),
            check.commune().id(),
            change.reason());
    vertx.eventBus().publish(StateChange.ADDRESS, change);
  }

  /** The current state of a check. Call on this verticle's context. */
  public CheckState state(String checkKey) {
    return reachability.state(checkKey);
  }
}
