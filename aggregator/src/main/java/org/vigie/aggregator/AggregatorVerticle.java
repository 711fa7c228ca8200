package org.vigie.aggregator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.inventory.Check;
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
  private final VigieMetrics metrics;
  private MessageConsumer<ProbeResult> consumer;

  public AggregatorVerticle(List<Check> checks, Hysteresis hysteresis, VigieMetrics metrics) {
    checks.forEach(c -> this.checks.put(c.key(), c));
    this.tracker = new StateTracker(hysteresis);
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    checks.values().forEach(c -> metrics.state(c, CheckState.UNKNOWN));
    consumer = vertx.eventBus().consumer(ProbeResult.ADDRESS, msg -> accept(msg.body()));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  private void accept(ProbeResult r) {
    Check check = checks.get(r.checkKey());
    if (check == null) {
      LOG.warn("result for a check not in the inventory: {}", r.checkKey());
      return;
    }
    metrics.result(check, r);
    tracker
        .accept(r)
        .ifPresent(
            change -> {
              metrics.state(check, change.to());
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
            });
  }

  /** The current state of a check. Call on this verticle's context. */
  public CheckState state(String checkKey) {
    return tracker.state(checkKey);
  }
}
