package org.vigie.aggregator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.inventory.Check;

/**
 * Records every {@link StateChange} from {@link StateChange#ADDRESS} in the availability ledger and
 * keeps its heartbeat, so that time Vigie is away is counted UNKNOWN after a restart.
 *
 * <p>With a {@link MaintenanceSchedule}, a check inside a maintenance window is recorded
 * MAINTENANCE (excluded from availability) from the window's start, checked every {@link
 * #MAINTENANCE_SWEEP}, until its end, when its real state (the last change seen) is recorded again.
 * Only the ledger sees MAINTENANCE: the event bus keeps the real states, so that alerting still
 * records (muted) incidents during a window.
 */
public final class LedgerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerVerticle.class);

  /**
   * How often maintenance windows are looked at: their boundaries are recorded this late at most.
   */
  public static final Duration MAINTENANCE_SWEEP = Duration.ofSeconds(1);

  private final AvailabilityLedger ledger;
  private final MaintenanceSchedule maintenance;
  private final Clock clock;
  private final Map<String, Check> checks = new HashMap<>();
  private final Map<String, StateChange> real = new HashMap<>();
  private final Set<String> inMaintenance = new HashSet<>();
  private MessageConsumer<StateChange> consumer;
  private long sweepTimer = -1;

  public LedgerVerticle(AvailabilityLedger ledger) {
    this(ledger, List.of(), MaintenanceSchedule.NONE, Clock.systemUTC());
  }

  /**
   * @param checks the inventory's checks, to ask {@code maintenance} about
   */
  public LedgerVerticle(
      AvailabilityLedger ledger, List<Check> checks, MaintenanceSchedule maintenance, Clock clock) {
    this.ledger = ledger;
    this.maintenance = maintenance;
    this.clock = clock;
    checks.forEach(c -> this.checks.put(c.key(), c));
  }

  @Override
  public Future<?> start() {
    ledger.startHeartbeat(AvailabilityLedger.DEFAULT_HEARTBEAT);
    consumer = vertx.eventBus().consumer(StateChange.ADDRESS, msg -> accept(msg.body()));
    if (maintenance != MaintenanceSchedule.NONE && !checks.isEmpty()) {
      sweep();
      sweepTimer = vertx.setPeriodic(MAINTENANCE_SWEEP.toMillis(), id -> sweep());
    }
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return consumer.unregister().compose(v -> ledger.close());
  }

  private void accept(StateChange change) {
    real.put(change.checkKey(), change);
    if (inMaintenance.contains(change.checkKey())) {
      return; // recorded as it stands when the window ends
    }
    record(change);
  }

  /** Opens and closes MAINTENANCE intervals at window boundaries. */
  private void sweep() {
    Instant now = clock.instant();
    for (Check c : checks.values()) {
      boolean covered = maintenance.inMaintenance(c, now);
      if (covered == inMaintenance.contains(c.key())) {
        continue;
      }
      StateChange last = real.get(c.key());
      CheckState state = last == null ? CheckState.UNKNOWN : last.to();
      if (covered) {
        inMaintenance.add(c.key());
        record(new StateChange(c.key(), state, CheckState.MAINTENANCE, now, "maintenance window"));
      } else {
        inMaintenance.remove(c.key());
        record(
            new StateChange(
                c.key(),
                CheckState.MAINTENANCE,
                state,
                now,
                last == null ? "maintenance over" : "maintenance over; " + last.reason()));
      }
    }
  }

  private void record(StateChange change) {
    ledger
        .record(change)
        .onFailure(
            e ->
                LOG.error("cannot record {} in the ledger: {}", change.checkKey(), e.getMessage()));
  }
}
