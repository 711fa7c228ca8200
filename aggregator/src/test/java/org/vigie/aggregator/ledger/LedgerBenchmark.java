package org.vigie.aggregator.ledger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.vigie.aggregator.Availability;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;

/**
 * Availability of 1,000 checks over 30 days from the ledger on SQLite (issue target: under 0.5 s).
 * Not a test: run by hand, prints figures (see docs/benchmarks.md for the command).
 *
 * <p>Data: 1,000 checks ({@code s000/dev0/c0} … 100 schools × 10), 60 days of history ending now
 * (the first 30 days are older than the period, so the query has to skip them through the index).
 * Each check is UP, and after a uniform 0–12 h (so about 3.4 times a day) leaves UP for an
 * excursion: DOWN 50 %, DEGRADED 35 %, UNREACHABLE 7 %, UNKNOWN 5 %, MAINTENANCE 3 %, lasting 1 min
 * to 2 h, then comes back UP. Seeded, so every run has the same 410,840 intervals (about 205,000 in
 * the period). They are inserted in one transaction (the benchmark is about reading); a second
 * figure times the write path, {@link AvailabilityLedger#record}, for 1,000 changes with
 * synchronous=FULL.
 */
public final class LedgerBenchmark {
  private static final int SCHOOLS = 100;
  private static final int CHECKS_PER_SCHOOL = 10;
  private static final int DAYS = 60;
  private static final int PERIOD_DAYS = 30;
  private static final CheckState[] EXCURSIONS = {
    CheckState.DOWN,
    CheckState.DEGRADED,
    CheckState.UNREACHABLE,
    CheckState.UNKNOWN,
    CheckState.MAINTENANCE
  };
  private static final double[] WEIGHTS = {0.50, 0.35, 0.07, 0.05, 0.03};

  private LedgerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("vigie-ledger-bench");
    Vertx vertx = Vertx.vertx();
    Instant now = Instant.parse("2026-04-01T00:00:00Z");
    StoreOptions options = new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db"));
    StateStore store = await(StateStore.open(vertx, options));
    AvailabilityLedger ledger =
        await(AvailabilityLedger.open(vertx, store, List.of(), Clock.fixed(now, ZoneOffset.UTC)));

    List<String> subjects = new ArrayList<>();
    for (int s = 0; s < SCHOOLS; s++) {
      for (int c = 0; c < CHECKS_PER_SCHOOL; c++) {
        subjects.add(String.format("s%03d/dev%d/c%d", s, c / 3, c));
      }
    }
    long t0 = System.nanoTime();
    long rows = await(store.inTransaction(conn -> generate(conn, subjects, now)));
    System.out.printf(
        "generated %,d intervals for %,d checks over %d days in %.1f s (%s)%n",
        rows, subjects.size(), DAYS, (System.nanoTime() - t0) / 1e9, dir.resolve("vigie.db"));

    String plan =
        await(
            store.<String>withConnection(
                conn -> {
                  var rs =
                      conn.createStatement()
                          .executeQuery(
                              "EXPLAIN QUERY PLAN SELECT subject, state, SUM(end_ms - start_ms) FROM"
                                  + " ledger_interval WHERE subject IN ('a','b') AND end_ms > 5 AND"
                                  + " start_ms < 7 GROUP BY subject, state");
                  StringBuilder sb = new StringBuilder();
                  while (rs.next()) {
                    sb.append(rs.getString(4)).append('\n');
                  }
                  return sb.toString();
                }));
    System.out.print("query plan: " + plan);
    Instant from = now.minus(Duration.ofDays(PERIOD_DAYS));
    await(ledger.availability(subjects, from, now)); // warm-up: JIT, page cache
    double[] runs = new double[7];
    Map<String, Availability> result = null;
    for (int i = 0; i < runs.length; i++) {
      long start = System.nanoTime();
      result = await(ledger.availability(subjects, from, now));
      runs[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(runs);
    long period = Duration.ofDays(PERIOD_DAYS).toMillis();
    long wrong =
        result.values().stream()
            .filter(a -> a.time().values().stream().mapToLong(Duration::toMillis).sum() != period)
            .count();
    double mean =
        result.values().stream().mapToDouble(a -> a.ratio().orElse(0)).average().orElse(0);
    System.out.printf(
        "availability of %,d checks over %d days: min %.0f ms, median %.0f ms, max %.0f ms"
            + " (%d runs); mean ratio %.4f; %d answers not summing to the period%n",
        result.size(),
        PERIOD_DAYS,
        runs[0],
        runs[runs.length / 2],
        runs[runs.length - 1],
        runs.length,
        mean,
        wrong);

    int changes = 1_000;
    long w0 = System.nanoTime();
    for (int i = 0; i < changes; i++) {
      CheckState to = i % 2 == 0 ? CheckState.DOWN : CheckState.UP;
      await(
          ledger.record(
              new StateChange("bench/dev/c", CheckState.UNKNOWN, to, now.plusSeconds(i), "bench")));
    }
    double seconds = (System.nanoTime() - w0) / 1e9;
    System.out.printf(
        "record(): %,d changes one after another in %.2f s (%.0f changes/s, synchronous=FULL)%n",
        changes, seconds, changes / seconds);

    await(ledger.close());
    await(store.close());
    await(vertx.close());
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static long generate(Connection conn, List<String> subjects, Instant now)
      throws SQLException {
    Random random = new Random(20260401);
    long end = now.toEpochMilli();
    long start = now.minus(Duration.ofDays(DAYS)).toEpochMilli();
    long rows = 0;
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO ledger_interval (subject, kind, start_ms, end_ms, state, cause)"
                + " VALUES (?, 'check', ?, ?, ?, ?)")) {
      for (String subject : subjects) {
        long t = start;
        while (t < end) {
          long upFor = 1 + (long) (random.nextDouble() * 12 * 3_600_000);
          long excursionAt = Math.min(end, t + upFor);
          rows += add(ps, subject, t, excursionAt, CheckState.UP, "ok");
          if (excursionAt >= end) {
            break;
          }
          long lasts = 60_000 + (long) (random.nextDouble() * 2 * 3_600_000);
          long back = Math.min(end, excursionAt + lasts);
          rows += add(ps, subject, excursionAt, back, pick(random), "bench");
          t = back;
        }
        ps.executeBatch();
      }
    }
    return rows;
  }

  private static int add(
      PreparedStatement ps, String subject, long from, long to, CheckState state, String cause)
      throws SQLException {
    ps.setString(1, subject);
    ps.setLong(2, from);
    ps.setLong(3, to);
    ps.setString(4, state.name());
    ps.setString(5, cause);
    ps.addBatch();
    return 1;
  }

  private static CheckState pick(Random random) {
    double r = random.nextDouble();
    for (int i = 0; i < WEIGHTS.length; i++) {
      r -= WEIGHTS[i];
      if (r < 0) {
        return EXCURSIONS[i];
      }
    }
    return EXCURSIONS[0];
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
