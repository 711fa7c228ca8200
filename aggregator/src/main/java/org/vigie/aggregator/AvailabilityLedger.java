package org.vigie.aggregator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.vigie.aggregator.ledger.JdbcAvailabilityLedger;
import org.vigie.inventory.Check;
import org.vigie.inventory.Device;
import org.vigie.inventory.School;

/**
 * The durable record of state intervals (start, end, state, cause) of every check, device and
 * school link, in the {@link StateStore}, from which availability over any period is computed
 * exactly.
 *
 * <p>Subjects: a check ({@code school/device/check}, its own states as judged by the aggregator); a
 * device ({@code school/device}: the worst state of its checks, DOWN &gt; UNREACHABLE &gt; DEGRADED
 * &gt; UP, ignoring UNKNOWN checks; MAINTENANCE when every known check is in maintenance; UNKNOWN
 * only when all its checks are); a school's link ({@code school}: the same rule over the school's
 * link checks, i.e. checks of probe kind or name {@code link}, or, if it has none, over the checks
 * of its routers).
 *
 * <p>After a restart the ledger continues: open intervals are closed at the last instant Vigie was
 * known to run (the last {@link #heartbeat()} or recorded change) and the time since is UNKNOWN
 * until the next change, so the absence is accounted to within one heartbeat period.
 */
public interface AvailabilityLedger extends LedgerView {

  /** How often {@link #startHeartbeat(Duration)} is usually asked to beat. */
  Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

  /**
   * Opens the ledger over {@code store} for the inventory's {@code checks} and recovers from the
   * previous run (see the class comment).
   */
  static Future<AvailabilityLedger> open(
      Vertx vertx, StateStore store, List<Check> checks, Clock clock) {
    return JdbcAvailabilityLedger.open(vertx, store, checks, clock);
  }

  static String subject(Check check) {
    return check.key();
  }

  static String subject(Device device) {
    return device.key();
  }

  /** The school link's subject: the school id. */
  static String linkSubject(School school) {
    return school.id();
  }

  /**
   * Closes the check's open interval at {@code change.at()} and opens one in {@code change.to()},
   * then does the same for its device and school link when their derived state changes. Replaying a
   * change already recorded does nothing; a change older than the subject's current interval is
   * logged and ignored (history is not rewritten).
   */
  Future<Void> record(StateChange change);

  /** Notes that Vigie is running now (see the class comment). */
  Future<Void> heartbeat();

  /** Calls {@link #heartbeat()} every {@code period} until {@link #close()}. */
  void startHeartbeat(Duration period);

  /** Stops the heartbeat and notes a last one; the store stays open (it is shared). */
  Future<Void> close();
}
