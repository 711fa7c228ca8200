package org.vigie.aggregator.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.aggregator.CheckState.DOWN;
import static org.vigie.aggregator.CheckState.MAINTENANCE;
import static org.vigie.aggregator.CheckState.UP;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.aggregator.LedgerVerticle;
import org.vigie.aggregator.MaintenanceSchedule;
import org.vigie.aggregator.MutableClock;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateChangeCodec;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.inventory.Check;

/** The ledger verticle records MAINTENANCE while a check is in a maintenance window. */
@Timeout(30)
class LedgerMaintenanceTest {
  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  @TempDir Path dir;

  @Test
  void checkInAWindow_isMaintenanceInTheLedger_andItsRealStateAfter() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      vertx.eventBus().registerDefaultCodec(StateChange.class, new StateChangeCodec());
      MutableClock clock = new MutableClock(T0);
      List<Check> checks = LedgerFixture.checks();
      Instant from = T0.plusSeconds(60);
      Instant to = T0.plusSeconds(600);
      MaintenanceSchedule smbOnly =
          (c, at) -> c.key().equals("s1/srv/smb") && !at.isBefore(from) && at.isBefore(to);
      StateStore store =
          await(
              StateStore.open(
                  vertx, new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("v.db"))));
      AvailabilityLedger ledger = await(AvailabilityLedger.open(vertx, store, checks, clock));
      await(vertx.deployVerticle(new LedgerVerticle(ledger, checks, smbOnly, clock)));

      vertx.eventBus().publish(StateChange.ADDRESS, change("s1/srv/smb", UP, T0));
      vertx.eventBus().publish(StateChange.ADDRESS, change("s1/srv/health", UP, T0));
      Thread.sleep(300);
      clock.set(from);
      Thread.sleep(1500); // one sweep at least
      clock.set(T0.plusSeconds(120));
      vertx.eventBus().publish(StateChange.ADDRESS, change("s1/srv/smb", DOWN, clock.instant()));
      Thread.sleep(300);
      clock.set(to);
      Thread.sleep(1500);

      List<LedgerInterval> smb = await(ledger.intervals("s1/srv/smb", T0, to.plusSeconds(1)));
      assertThat(smb).extracting(LedgerInterval::state).containsExactly(UP, MAINTENANCE, DOWN);
      assertThat(smb.get(1).start()).isEqualTo(from);
      assertThat(smb.get(2).start()).isEqualTo(to);
      // Another check of the same device is not in the window: it keeps its own state.
      assertThat(await(ledger.intervals("s1/srv/health", T0, to.plusSeconds(1))))
          .extracting(LedgerInterval::state)
          .containsExactly(UP);
    } finally {
      await(vertx.close());
    }
  }

  private static StateChange change(String check, org.vigie.aggregator.CheckState to, Instant at) {
    return new StateChange(check, org.vigie.aggregator.CheckState.UNKNOWN, to, at, "test");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
