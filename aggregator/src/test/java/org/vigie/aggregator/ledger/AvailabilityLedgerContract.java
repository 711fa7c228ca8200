package org.vigie.aggregator.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.aggregator.CheckState.DEGRADED;
import static org.vigie.aggregator.CheckState.DOWN;
import static org.vigie.aggregator.CheckState.MAINTENANCE;
import static org.vigie.aggregator.CheckState.UNKNOWN;
import static org.vigie.aggregator.CheckState.UNREACHABLE;
import static org.vigie.aggregator.CheckState.UP;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.aggregator.Availability;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.aggregator.MutableClock;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;

/**
 * The ledger's behaviour, run as is against every database the store supports: each subclass only
 * says where a fresh, empty database is. Times are milliseconds after {@link #T0}.
 */
@Timeout(60)
abstract class AvailabilityLedgerContract {
  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  static final String SMB = "s1/srv/smb";
  static final String HEALTH = "s1/srv/health";
  static final String SRV = "s1/srv";

  private final Map<String, CheckState> last = new HashMap<>();
  protected Vertx vertx;
  protected StoreOptions options;
  protected StateStore store;
  protected AvailabilityLedger ledger;
  protected final MutableClock clock = new MutableClock(T0);

  /** A fresh, empty database for one test. */
  protected abstract StoreOptions newDatabase() throws Exception;

  @BeforeEach
  void openLedger() throws Exception {
    vertx = Vertx.vertx();
    options = newDatabase();
    open();
  }

  @AfterEach
  void closeAll() throws Exception {
    if (store != null) {
      await(ledger.close());
      await(store.close());
    }
    await(vertx.close());
  }

  void open() throws Exception {
    store = await(StateStore.open(vertx, options));
    ledger = await(AvailabilityLedger.open(vertx, store, LedgerFixture.checks(), clock));
  }

  /** Vigie dies: the store goes away without the ledger's goodbye heartbeat. */
  void crash() throws Exception {
    await(store.close());
    store = null;
  }

  static Instant t(long millis) {
    return T0.plusMillis(millis);
  }

  void change(String check, long atMillis, CheckState to, String reason) throws Exception {
    CheckState from = last.getOrDefault(check, UNKNOWN);
    last.put(check, to);
    await(ledger.record(new StateChange(check, from, to, t(atMillis), reason)));
  }

  List<String> intervals(String subject) throws Exception {
    List<String> out = new ArrayList<>();
    for (LedgerInterval i :
        await(ledger.intervals(subject, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))) {
      out.add(
          i.state()
              + " "
              + (i.start().toEpochMilli() - T0.toEpochMilli())
              + ".."
              + (i.isOpen() ? "" : i.end().toEpochMilli() - T0.toEpochMilli()));
    }
    return out;
  }

  static Map<CheckState, Long> millis(Availability a) {
    Map<CheckState, Long> out = new EnumMap<>(CheckState.class);
    a.time().forEach((s, d) -> out.put(s, d.toMillis()));
    return out;
  }

  static Map<CheckState, Long> expected(Object... stateThenMillis) {
    Map<CheckState, Long> out = new EnumMap<>(CheckState.class);
    for (CheckState s : CheckState.values()) {
      out.put(s, 0L);
    }
    for (int i = 0; i < stateThenMillis.length; i += 2) {
      out.put((CheckState) stateThenMillis[i], ((Number) stateThenMillis[i + 1]).longValue());
    }
    return out;
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** smb: UP, DOWN, UP, DEGRADED, MAINTENANCE, UP; nothing else reports. */
  void smbScript() throws Exception {
    change(SMB, 0, UP, "ok");
    change(SMB, 100_250, DOWN, "connection refused");
    change(SMB, 160_500, UP, "ok");
    change(SMB, 200_000, DEGRADED, "answers in 2.1 s");
    change(SMB, 260_000, MAINTENANCE, "planned: disk swap");
    change(SMB, 290_000, UP, "ok");
    clock.set(t(400_000));
  }

  @Test
  void scriptedChanges_giveExactIntervals_forTheCheckAndItsDevice() throws Exception {
    smbScript();

    List<String> expected =
        List.of(
            "UP 0..100250",
            "DOWN 100250..160500",
            "UP 160500..200000",
            "DEGRADED 200000..260000",
            "MAINTENANCE 260000..290000",
            "UP 290000..");
    assertThat(intervals(SMB)).containsExactlyElementsOf(expected);
    // health never reported (UNKNOWN, ignored): the server is whatever smb is.
    assertThat(intervals(SRV)).containsExactlyElementsOf(expected);
    List<LedgerInterval> srv = await(ledger.intervals(SRV, t(100_000), t(100_300)));
    assertThat(srv)
        .extracting(LedgerInterval::cause)
        .containsExactly("s1/srv/smb: ok", "s1/srv/smb: connection refused");
  }

  @Test
  void availability_clipsIntervalsCrossingThePeriodBounds_toTheMillisecond() throws Exception {
    smbScript();

    // UP from 0 crosses the start (50,000); MAINTENANCE 260,000..290,000 crosses the end.
    Availability a = await(ledger.availability(SMB, t(50_000), t(280_000)));

    assertThat(millis(a))
        .isEqualTo(
            expected(UP, 50_250 + 39_500, DOWN, 60_250, DEGRADED, 60_000, MAINTENANCE, 20_000));
    assertThat(a.time().values().stream().mapToLong(Duration::toMillis).sum()).isEqualTo(230_000);
    // MAINTENANCE is excluded, DEGRADED counts as available.
    assertThat(a.ratio()).hasValue((89_750.0 + 60_000) / (89_750 + 60_000 + 60_250));
  }

  @Test
  void timeBeforeTheFirstChange_andAfterNow_isUnknown() throws Exception {
    smbScript(); // now is 400,000

    Availability before = await(ledger.availability(SMB, t(-30_000), t(50_000)));
    Availability after = await(ledger.availability(SMB, t(350_000), t(500_000)));

    assertThat(millis(before)).isEqualTo(expected(UNKNOWN, 30_000, UP, 50_000));
    assertThat(millis(after)).isEqualTo(expected(UP, 50_000, UNKNOWN, 100_000));
    assertThat(after.ratio()).hasValue(1.0);
  }

  @Test
  void aGapInResults_isUnknown_andLeftOutOfTheRatio() throws Exception {
    change(HEALTH, 0, UP, "200");
    change(HEALTH, 100_000, UNKNOWN, "no result for 3 intervals");
    change(HEALTH, 130_000, DOWN, "500");
    clock.set(t(200_000));

    Availability a = await(ledger.availability(HEALTH, t(0), t(200_000)));

    assertThat(millis(a)).isEqualTo(expected(UP, 100_000, UNKNOWN, 30_000, DOWN, 70_000));
    assertThat(a.ratio()).hasValue(100_000.0 / 170_000);
  }

  @Test
  void unreachable_isCountedApart_andLeftOutOfTheRatio() throws Exception {
    change(SMB, 0, UP, "ok");
    change(SMB, 60_000, UNREACHABLE, "parent s1/rtr is down");
    change(SMB, 90_000, UP, "ok");
    clock.set(t(120_000));

    Availability a = await(ledger.availability(SMB, t(0), t(120_000)));

    assertThat(millis(a)).isEqualTo(expected(UP, 90_000, UNREACHABLE, 30_000));
    assertThat(a.ratio()).hasValue(1.0);
  }

  @Test
  void aPeriodWithNothingJudged_hasNoRatio() throws Exception {
    Availability a = await(ledger.availability(SMB, t(0), t(10_000)));

    assertThat(millis(a)).isEqualTo(expected(UNKNOWN, 10_000));
    assertThat(a.ratio()).isEmpty();
  }

  @Test
  void device_isTheWorstOfItsChecks_maintenanceWhenAllAre_unknownWhenAllAre() throws Exception {
    change(SMB, 0, UP, "ok");
    change(HEALTH, 5_000, UP, "200");
    change(HEALTH, 10_000, DOWN, "HTTP 500");
    change(SMB, 20_000, DEGRADED, "slow");
    change(HEALTH, 30_000, UP, "200");
    change(SMB, 40_000, UP, "ok");
    change(SMB, 50_000, MAINTENANCE, "planned");
    change(HEALTH, 50_000, MAINTENANCE, "planned");
    change(SMB, 60_000, UNKNOWN, "no result");
    change(HEALTH, 60_000, UNKNOWN, "no result");

    assertThat(intervals(SRV))
        .containsExactly(
            "UP 0..10000",
            "DOWN 10000..30000",
            "DEGRADED 30000..40000",
            "UP 40000..50000",
            "MAINTENANCE 50000..60000",
            "UNKNOWN 60000..");
    assertThat(await(ledger.intervals(SRV, t(10_000), t(10_001))))
        .extracting(LedgerInterval::cause)
        .containsExactly("s1/srv/health: HTTP 500");
  }

  @Test
  void schoolLink_followsItsLinkCheck_elseItsRouterChecks() throws Exception {
    change("s1/rtr/admin", 1_000, DOWN, "timeout");
    change("s2/rtr/admin", 1_000, DOWN, "HTTP 503");
    change("s2/rtr/link", 2_000, UP, "ok");

    // s1 has no link check: its router judges the link.
    assertThat(intervals("s1")).containsExactly("DOWN 1000..");
    // s2's router admin page failing says nothing of its link; the router itself is down.
    assertThat(intervals("s2")).containsExactly("UP 2000..");
    assertThat(intervals("s2/rtr")).containsExactly("DOWN 1000..");
  }

  @Test
  void replayingChanges_changesNothing_andALateChangeIsIgnored() throws Exception {
    smbScript();
    List<String> before = intervals(SMB);
    List<String> deviceBefore = intervals(SRV);

    await(ledger.record(new StateChange(SMB, UNKNOWN, UP, t(0), "ok")));
    await(ledger.record(new StateChange(SMB, UP, DOWN, t(100_250), "connection refused")));
    await(ledger.record(new StateChange(SMB, MAINTENANCE, UP, t(290_000), "ok")));
    await(ledger.record(new StateChange(SMB, UP, DOWN, t(150_000), "late and unheard of")));

    assertThat(intervals(SMB)).isEqualTo(before);
    assertThat(intervals(SRV)).isEqualTo(deviceBefore);
  }

  @Test
  void afterACrash_openIntervalsEndAtTheLastHeartbeat_andTheAbsenceIsUnknown() throws Exception {
    change(SMB, 0, UP, "ok");
    clock.set(t(60_000));
    await(ledger.heartbeat());
    crash(); // somewhere before the next heartbeat at 90,000

    clock.set(t(300_000));
    open();
    change(SMB, 310_000, DOWN, "connection refused");
    clock.set(t(400_000));

    assertThat(intervals(SMB))
        .containsExactly("UP 0..60000", "UNKNOWN 60000..310000", "DOWN 310000..");
    assertThat(intervals(SRV))
        .containsExactly("UP 0..60000", "UNKNOWN 60000..310000", "DOWN 310000..");
    assertThat(await(ledger.intervals(SMB, t(60_000), t(60_001))))
        .extracting(LedgerInterval::cause)
        .containsExactly("Vigie was not running");
    assertThat(millis(await(ledger.availability(SMB, t(0), t(400_000)))))
        .isEqualTo(expected(UP, 60_000, UNKNOWN, 250_000, DOWN, 90_000));
  }

  @Test
  void aRecordedChange_isASignOfLife_tooForTheRestart() throws Exception {
    change(SMB, 0, UP, "ok");
    clock.set(t(60_000));
    await(ledger.heartbeat());
    change(HEALTH, 70_000, UP, "200");
    crash();

    clock.set(t(300_000));
    open();

    assertThat(intervals(SMB)).containsExactly("UP 0..70000", "UNKNOWN 70000..");
    // health's interval began at the last sign of life: it never lasted a known millisecond.
    assertThat(intervals(HEALTH)).containsExactly("UNKNOWN 70000..");
  }

  @Test
  void aCleanStop_endsTheIntervalsWhenVigieStopped() throws Exception {
    change(SMB, 0, UP, "ok");
    clock.set(t(100_000));
    await(ledger.close());
    await(store.close());

    clock.set(t(200_000));
    open();

    assertThat(intervals(SMB)).containsExactly("UP 0..100000", "UNKNOWN 100000..");
  }

  @Test
  void aSecondRestart_continuesTheSameUnknownInterval() throws Exception {
    change(SMB, 0, UP, "ok");
    clock.set(t(10_000));
    await(ledger.heartbeat());
    crash();
    clock.set(t(20_000));
    open();
    clock.set(t(30_000));
    crash();
    clock.set(t(40_000));
    open();

    assertThat(intervals(SMB)).containsExactly("UP 0..10000", "UNKNOWN 10000..");
  }

  @Test
  void batchAvailability_answersEverySubject_likeOneByOne() throws Exception {
    smbScript();
    change(HEALTH, 100_000, DOWN, "HTTP 500");

    Map<String, Availability> batch =
        await(ledger.availability(List.of(SMB, HEALTH, SRV, "s9/nothing"), t(0), t(300_000)));

    assertThat(batch).containsOnlyKeys(SMB, HEALTH, SRV, "s9/nothing");
    for (String s : List.of(SMB, HEALTH, SRV)) {
      assertThat(batch.get(s)).isEqualTo(await(ledger.availability(s, t(0), t(300_000))));
    }
    assertThat(millis(batch.get(HEALTH))).isEqualTo(expected(UNKNOWN, 100_000, DOWN, 200_000));
    assertThat(millis(batch.get("s9/nothing"))).isEqualTo(expected(UNKNOWN, 300_000));
  }

  @Test
  void reopening_doesNotMigrateTwice() throws Exception {
    await(ledger.close());
    await(store.close());
    open();

    List<String> versions =
        await(
            store.withConnection(
                c -> {
                  List<String> out = new ArrayList<>();
                  try (Statement s = c.createStatement();
                      ResultSet rs =
                          s.executeQuery(
                              "SELECT version FROM flyway_schema_history WHERE success"
                                  + " ORDER BY installed_rank")) {
                    while (rs.next()) {
                      out.add(rs.getString(1));
                    }
                  }
                  return out;
                }));
    assertThat(versions).containsExactly("1");
  }

  @Test
  void changesSubmittedTogether_areRecordedInOrder_andTheDeviceSeesBoth() throws Exception {
    Future<Void> a = ledger.record(new StateChange(SMB, UNKNOWN, UP, t(0), "ok"));
    Future<Void> b = ledger.record(new StateChange(HEALTH, UNKNOWN, DOWN, t(1_000), "HTTP 500"));
    Future<Void> c = ledger.record(new StateChange(SMB, UP, DOWN, t(2_000), "refused"));
    await(Future.all(a, b, c));

    assertThat(intervals(SRV)).containsExactly("UP 0..1000", "DOWN 1000..");
    assertThat(intervals(SMB)).containsExactly("UP 0..2000", "DOWN 2000..");
  }

  @Test
  void theHeartbeatTimer_movesTheLastSignOfLife() throws Exception {
    change(SMB, 0, UP, "ok");
    clock.set(t(45_000));
    ledger.startHeartbeat(Duration.ofMillis(20));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (alive() != t(45_000).toEpochMilli() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    crash();

    clock.set(t(100_000));
    open();

    assertThat(intervals(SMB)).containsExactly("UP 0..45000", "UNKNOWN 45000..");
  }

  private long alive() throws Exception {
    return await(
        store.withConnection(
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("SELECT alive_ms FROM ledger_alive")) {
                rs.next();
                return rs.getLong(1);
              }
            }));
  }
}
