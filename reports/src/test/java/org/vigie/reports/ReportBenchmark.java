package org.vigie.reports;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Device;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.InventoryLoader;
import org.vigie.inventory.School;
import org.vigie.inventory.calendar.FrenchSchoolCalendar;
import org.vigie.probe.ProbeKinds;
import org.vigie.reports.internal.JdbcIncidentSource;

/**
 * Times the monthly reports of the demo inventory (68 communes, 110 schools) for October 2025 over
 * a synthetic ledger of realistic size on SQLite: every school link, server, access point and
 * backup check leaves UP about 3.4 times a day for 1 min – 2 h (two months of history), every
 * workstation is up on school days 08:00–17:00 only; 5 incidents per school; link runs every 10
 * minutes. Seeded, identical every run. Prints one line per phase (see docs/benchmarks.md).
 *
 * <p>Usage: {@code ReportBenchmark [examples/demo.yaml [DIR]]}: with DIR, the files of the last run
 * are kept there.
 */
public final class ReportBenchmark {
  static final YearMonth MONTH = YearMonth.of(2025, 10);
  static final Instant NOW = Instant.parse("2025-11-03T08:00:00Z");
  static final String[] STATES = {
    "DOWN", "DOWN", "DEGRADED", "UNREACHABLE", "UNKNOWN", "MAINTENANCE"
  };

  public static void main(String[] args) throws Exception {
    Path config = Path.of(args.length > 0 ? args[0] : "examples/demo.yaml");
    Inventory inventory = new InventoryLoader(ProbeKinds.schemas()).load(config).orThrow();
    Path keep = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : null;
    Path dir = Files.createTempDirectory("vigie-report-bench");
    Path target = keep != null ? keep : dir;
    Vertx vertx = Vertx.vertx();
    StateStore store =
        await(
            StateStore.open(
                vertx, new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("v.db"))));
    long t0 = System.nanoTime();
    int rows = fill(store, inventory);
    System.out.printf(
        "setup: %d ledger intervals, %d incidents written in %.1f s (not timed below)%n",
        rows, inventory.schools().size() * 5, (System.nanoTime() - t0) / 1e9);
    LinkSamples samples = new LinkSamples(Duration.ofHours(6));
    Random random = new Random(7);
    TimeRangeLike month =
        new TimeRangeLike(ReportGenerator.range(MONTH).start(), ReportGenerator.range(MONTH).end());
    for (School s : inventory.schools()) {
      for (Instant t = month.start; t.isBefore(month.end); t = t.plus(Duration.ofMinutes(10))) {
        samples.add(
            s.id(),
            new LinkSamples.Sample(
                t,
                Duration.ofNanos(1_000L * (8_000 + random.nextInt(30_000))),
                random.nextInt(100) == 0 ? 0.05 : 0));
      }
    }
    ReportGenerator generator =
        new ReportGenerator(
            LedgerReader.readOnly(store),
            new JdbcIncidentSource(store),
            FrenchSchoolCalendar.defaults(),
            inventory,
            samples,
            Clock.fixed(NOW, ZoneOffset.UTC));
    System.out.printf("%-34s %10s%n", "phase (68 communes, October 2025)", "seconds");
    for (int run = 1; run <= 3; run++) {
      long a = System.nanoTime();
      DsiSummary summary = await(generator.month(MONTH, List.of(), ReportProgress.none()));
      long b = System.nanoTime();
      double[] write = new double[ReportFormat.values().length];
      for (ReportFormat f : ReportFormat.values()) {
        long w0 = System.nanoTime();
        ReportWriter writer = ReportWriter.of(f, ReportLanguage.FR);
        for (CommuneReport r : summary.communes()) {
          try (OutputStream o =
              Files.newOutputStream(target.resolve(r.commune().id() + "." + writer.extension()))) {
            writer.write(r, o);
          }
        }
        try (OutputStream o = Files.newOutputStream(target.resolve("dsi." + writer.extension()))) {
          writer.write(summary, o);
        }
        write[f.ordinal()] = (System.nanoTime() - w0) / 1e9;
      }
      System.out.printf(
          "run %d: compute %d communes          %10.2f%n",
          run, summary.communes().size(), (b - a) / 1e9);
      for (ReportFormat f : ReportFormat.values()) {
        System.out.printf(
            "run %d: write %-4s (69 files)         %10.2f%n",
            run, f.name().toLowerCase(), write[f.ordinal()]);
      }
      System.out.printf(
          "run %d: compute + pdf                 %10.2f%n", run, (b - a) / 1e9 + write[0]);
    }
    await(store.close());
    await(vertx.close());
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private record TimeRangeLike(Instant start, Instant end) {}

  private static int fill(StateStore store, Inventory inventory) throws Exception {
    Random random = new Random(42);
    Instant from = Instant.parse("2025-08-31T22:00:00Z");
    List<Object[]> rows = new ArrayList<>();
    for (School s : inventory.schools()) {
      excursions(rows, random, s.id(), "link", from);
      for (Device d : inventory.devicesOf(s.id())) {
        switch (d.kind()) {
          case SERVER, ACCESS_POINT -> excursions(rows, random, d.key(), "device", from);
          case WORKSTATION -> workstation(rows, d.key(), from);
          default -> {}
        }
        for (CheckSpec c : d.checks()) {
          if (c.kind().equals("backup")) {
            excursions(rows, random, d.key() + "/" + c.name(), "check", from);
          }
        }
      }
    }
    await(
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO ledger_interval (subject, kind, start_ms, end_ms, state, cause)"
                          + " VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Object[] r : rows) {
                  ps.setString(1, (String) r[0]);
                  ps.setString(2, (String) r[1]);
                  ps.setLong(3, (Long) r[2]);
                  ps.setLong(4, (Long) r[3]);
                  ps.setString(5, (String) r[4]);
                  ps.setString(6, "synthetic");
                  ps.addBatch();
                }
                ps.executeBatch();
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO incident (id, fingerprint, scope, severity, status, commune_id,"
                          + " school_id, subject, rule, cause, affected, opened_ms, resolved_ms)"
                          + " VALUES (?, ?, 'SCHOOL', 'MAJOR', 'RESOLVED', ?, ?, ?, 'link-down',"
                          + " 'Lien internet coupé', '[]', ?, ?)")) {
                for (School s : inventory.schools()) {
                  for (int i = 0; i < 5; i++) {
                    long opened = from.plus(Duration.ofDays(30 + 6 * i)).toEpochMilli();
                    ps.setString(1, s.id() + "@" + opened);
                    ps.setString(2, s.id());
                    ps.setString(3, s.communeId());
                    ps.setString(4, s.id());
                    ps.setString(5, s.id());
                    ps.setLong(6, opened);
                    ps.setLong(7, opened + 3_600_000);
                    ps.addBatch();
                  }
                }
                ps.executeBatch();
              }
              return null;
            }));
    return rows.size();
  }

  /** UP, and about 3.4 times a day an excursion of 1 min – 2 h; the last interval is open. */
  private static void excursions(
      List<Object[]> rows, Random random, String subject, String kind, Instant from) {
    long t = from.toEpochMilli();
    long end = NOW.toEpochMilli();
    while (true) {
      long up = t + 1 + (long) (random.nextDouble() * 12 * 3_600_000);
      if (up >= end) {
        rows.add(new Object[] {subject, kind, t, Long.MAX_VALUE, "UP"});
        return;
      }
      rows.add(new Object[] {subject, kind, t, up, "UP"});
      long back = up + 60_000 + (long) (random.nextDouble() * 7_140_000);
      rows.add(new Object[] {subject, kind, up, back, STATES[random.nextInt(STATES.length)]});
      t = back;
    }
  }

  /** Up 08:00–17:00 UTC on weekdays, down otherwise. */
  private static void workstation(List<Object[]> rows, String subject, Instant from) {
    LocalDate day = from.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
    long t = from.toEpochMilli();
    for (; day.isBefore(LocalDate.of(2025, 11, 3)); day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() >= 6) {
        continue;
      }
      long on = day.atTime(8, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
      long off = day.atTime(17, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
      rows.add(new Object[] {subject, "device", t, on, "DOWN"});
      rows.add(new Object[] {subject, "device", on, off, "UP"});
      t = off;
    }
    rows.add(new Object[] {subject, "device", t, Long.MAX_VALUE, "DOWN"});
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  private ReportBenchmark() {}
}
