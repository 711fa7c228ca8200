package org.vigie.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.reports.ReportFixture.await;
import static org.vigie.reports.ReportFixture.chain;
import static org.vigie.reports.ReportFixture.device;
import static org.vigie.reports.ReportFixture.spec;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.calendar.FrenchSchoolCalendar;
import org.vigie.reports.internal.JdbcIncidentSource;
import org.vigie.reports.internal.Texts;

/**
 * October 2025, zone A, one school with known outages, every figure asserted to the second.
 *
 * <p>October 2025 lasts 745 h (winter time on the 26th). Its school days are the 2nd, 3rd, 6th,
 * 7th, 9th, 10th, 13th, 14th, 16th and 17th (Wednesdays closed, Toussaint holidays from the 18th):
 * 10 × 8 h = 80 h. The link of "ferry":
 *
 * <ul>
 *   <li>a monitoring gap on Monday 6 October 08:00–09:00 local (30 min of it in school hours);
 *   <li>a maintenance window on Thursday 9 October 12:00–14:00 local (all in school hours);
 *   <li>down on Tuesday 14 October 09:15–11:25 local: school hours only, 2 h 10 min;
 *   <li>down on Tuesday 21 October 10:00–12:00 local, during the Toussaint holidays;
 *   <li>down from Saturday 25 October 23:00 CEST to Sunday 26 October 05:00 CET: 7 h, across the
 *       change to winter time;
 *   <li>down from Friday 31 October 22:00 to Saturday 1 November 02:00 local: 2 h in October.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ReportAccuracyTest {
  static final Instant NOW = Instant.parse("2025-11-03T08:00:00Z");
  static final YearMonth OCTOBER = YearMonth.of(2025, 10);

  Path dir;

  /** Read through the running ledger (false) or the read-only reader of the CLI (true). */
  boolean readOnly;

  ReportFixture f;
  CommuneReport report;
  DsiSummary dsi;

  @BeforeAll
  void build() throws Exception {
    dir = java.nio.file.Files.createTempDirectory("vigie-report");
    f =
        new ReportFixture(
            dir,
            ReportFixture.inventory(
                List.of(
                    ReportFixture.commune("besancon", "Besançon"),
                    ReportFixture.commune("dole", "Dole")),
                List.of(
                    ReportFixture.school("ferry", "École Jules Ferry", "besancon"),
                    ReportFixture.school("pasteur", "École Pasteur", "dole")),
                List.of(
                    device("ferry", "rtr", DeviceKind.ROUTER, spec("link", "link")),
                    device(
                        "ferry",
                        "srv",
                        DeviceKind.SERVER,
                        spec("ping", "icmp"),
                        spec("backup", "backup")),
                    device("ferry", "ap1", DeviceKind.ACCESS_POINT, spec("ping", "icmp")),
                    device("ferry", "ap2", DeviceKind.ACCESS_POINT, spec("ping", "icmp")),
                    device("ferry", "ws-01", DeviceKind.WORKSTATION, spec("ping", "icmp")),
                    device("ferry", "ws-02", DeviceKind.WORKSTATION, spec("ping", "icmp")),
                    device("ferry", "ws-03", DeviceKind.WORKSTATION, spec("ping", "icmp")),
                    device("ferry", "ws-04", DeviceKind.WORKSTATION),
                    device("pasteur", "rtr", DeviceKind.ROUTER, spec("link", "link")))),
            NOW);
    List<Object[]> rows = new ArrayList<>();
    rows.addAll(
        chain(
            "ferry",
            "link",
            "2025-08-31T22:00:00Z",
            "UP",
            "first verdict",
            "2025-10-06T06:00:00Z",
            "UNKNOWN",
            "Vigie was not running",
            "2025-10-06T07:00:00Z",
            "UP",
            "back",
            "2025-10-09T10:00:00Z",
            "MAINTENANCE",
            "router firmware",
            "2025-10-09T12:00:00Z",
            "UP",
            "end of maintenance",
            "2025-10-14T07:15:00Z",
            "DOWN",
            "100 % loss",
            "2025-10-14T09:25:00Z",
            "UP",
            "recovered",
            "2025-10-21T08:00:00Z",
            "DOWN",
            "100 % loss",
            "2025-10-21T10:00:00Z",
            "UP",
            "recovered",
            "2025-10-25T21:00:00Z",
            "DOWN",
            "100 % loss",
            "2025-10-26T04:00:00Z",
            "UP",
            "recovered",
            "2025-10-31T21:00:00Z",
            "DOWN",
            "100 % loss",
            "2025-11-01T01:00:00Z",
            "UP",
            "recovered"));
    rows.addAll(chain("ferry/srv", "device", "2025-08-31T22:00:00Z", "UP", "ok"));
    rows.addAll(chain("ferry/ap1", "device", "2025-08-31T22:00:00Z", "UP", "ok"));
    rows.addAll(
        chain(
            "ferry/ap2",
            "device",
            "2025-08-31T22:00:00Z",
            "UP",
            "ok",
            "2025-10-02T06:30:00Z",
            "DOWN",
            "no answer",
            "2025-10-02T14:30:00Z",
            "UP",
            "ok"));
    rows.addAll(
        chain(
            "ferry/srv/backup",
            "check",
            "2025-08-31T22:00:00Z",
            "UP",
            "fresh",
            "2025-10-09T22:00:00Z",
            "DOWN",
            "last backup 26 h old",
            "2025-10-13T02:00:00Z",
            "UP",
            "fresh"));
    rows.addAll(
        chain("ferry/ws-01", "device", "2025-10-20T07:00:00Z", "UP", "ok", "2025-10-20T09:00:00Z"));
    rows.addAll(chain("ferry/ws-02", "device", "2025-09-30T22:00:00Z", "DOWN", "off"));
    rows.addAll(chain("pasteur", "link", "2025-08-31T22:00:00Z", "UP", "ok"));
    f.intervals(rows);
    f.incident(
        "fp-ferry@1",
        "besancon",
        "ferry",
        "2025-10-14T07:16:00Z",
        "2025-10-14T09:26:00Z",
        "Lien internet coupé");
    f.incident(
        "fp-ferry@2",
        "besancon",
        "ferry",
        "2025-10-31T21:01:00Z",
        "2025-11-01T01:01:00Z",
        "Lien internet coupé");
    f.incident(
        "fp-ferry@0",
        "besancon",
        "ferry",
        "2025-09-10T07:00:00Z",
        "2025-09-10T08:00:00Z",
        "Septembre");
    f.incident("fp-pasteur@1", "dole", "pasteur", "2025-10-14T07:00:00Z", null, "Autre commune");
    f.ticket("fp-ferry@1", "GLPI-4711");
    LinkSamples samples = new LinkSamples(Duration.ofDays(1));
    for (int i = 1; i <= 10; i++) {
      samples.add(
          "ferry",
          new LinkSamples.Sample(
              Instant.parse("2025-10-0" + (i % 9 + 1) + "T10:00:00Z"),
              Duration.ofMillis(10L * i),
              i == 10 ? 0.5 : 0));
    }
    ReportGenerator gen =
        new ReportGenerator(
            readOnly ? LedgerReader.readOnly(f.store) : LedgerReader.of(f.ledger),
            new JdbcIncidentSource(f.store),
            FrenchSchoolCalendar.defaults(),
            f.inventory,
            samples,
            Clock.fixed(NOW, ZoneOffset.UTC));
    List<String> progress = new ArrayList<>();
    dsi =
        await(
            gen.month(
                OCTOBER,
                List.of(),
                (id, done, total) -> progress.add(id + " " + done + "/" + total)));
    report = dsi.communes().getFirst();
    assertThat(progress).containsExactly("besancon 1/2", "dole 2/2");
  }

  @AfterAll
  void close() throws Exception {
    f.close();
    try (var files = java.nio.file.Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private SchoolReport ferry() {
    return report.schools().getFirst();
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  @Test
  void link_allDay_countsEveryOutage_andLeavesGapAndMaintenanceOut() {
    Figure link = ferry().link().allDay();
    assertThat(link.total()).isEqualTo(Duration.ofHours(745));
    // 2 h 10 + 2 h (holiday) + 7 h (across the DST change) + 2 h (up to midnight on the 31st).
    assertThat(link.down()).isEqualTo(s(47_400));
    assertThat(link.unknown()).isEqualTo(s(3_600));
    assertThat(link.maintenance()).isEqualTo(s(7_200));
    assertThat(link.available()).isEqualTo(s(2_623_800));
    assertThat(link.ratio().getAsDouble()).isEqualTo(2_623_800.0 / 2_671_200.0);
  }

  @Test
  void link_schoolHours_countsOnlyTheSchoolHoursOutage() {
    Figure link = ferry().link().schoolHours();
    assertThat(link.total()).isEqualTo(Duration.ofHours(80));
    assertThat(link.down()).isEqualTo(s(7_800));
    assertThat(link.unknown()).isEqualTo(s(1_800));
    assertThat(link.maintenance()).isEqualTo(s(7_200));
    assertThat(link.available()).isEqualTo(s(271_200));
    assertThat(ferry().linkDownByDay())
        .containsExactly(Map.entry(LocalDate.of(2025, 10, 14), s(7_800)));
  }

  @Test
  void outages_maintenance_andGaps_areListedApart() {
    SchoolReport s = ferry();
    assertThat(s.outages())
        .extracting(Window::start, Window::length, Window::schoolHours)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2025-10-14T07:15:00Z"), s(7_800), s(7_800)),
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2025-10-21T08:00:00Z"), s(7_200), s(0)),
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2025-10-25T21:00:00Z"), s(25_200), s(0)),
            // Clipped at the end of the month (midnight local = 23:00 UTC).
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2025-10-31T21:00:00Z"), s(7_200), s(0)));
    assertThat(s.maintenance())
        .extracting(Window::start, Window::end, Window::schoolHours, Window::cause)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2025-10-09T10:00:00Z"),
                Instant.parse("2025-10-09T12:00:00Z"),
                s(7_200),
                "router firmware"));
    assertThat(s.gaps())
        .extracting(Window::start, Window::end, Window::schoolHours)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2025-10-06T06:00:00Z"),
                Instant.parse("2025-10-06T07:00:00Z"),
                s(1_800)));
  }

  @Test
  void timeToRestore_coversOutagesEndedInTheMonth() {
    // 2 h 10, 2 h and 7 h ended in October; the last one ended in November.
    assertThat(ferry().restore()).isEqualTo(new Restore(3, s(13_400), s(25_200)));
  }

  @Test
  void wifi_isTheShareOfAccessPointsUp() {
    Measure wifi = ferry().wifi();
    assertThat(wifi.allDay().down()).isEqualTo(s(28_800));
    assertThat(wifi.allDay().available()).isEqualTo(s(2 * 2_682_000 - 28_800));
    assertThat(wifi.schoolHours().ratio().getAsDouble()).isEqualTo(0.95);
    assertThat(ferry().server().allDay().ratio().getAsDouble()).isEqualTo(1.0);
  }

  @Test
  void backups_areCountedInDays() {
    // Stale from 10 October 00:00 to 13 October 04:00 local: the 10th, 11th and 12th missed.
    assertThat(ferry().backups())
        .isEqualTo(new Backups(new DayCount(28, 31, 0), new DayCount(9, 10, 0)));
  }

  @Test
  void incidents_ofTheCommuneAndMonth_withTheirTicket() {
    assertThat(ferry().incidents())
        .extracting(IncidentLine::id, IncidentLine::ticket, IncidentLine::cause)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fp-ferry@1", "GLPI-4711", "Lien internet coupé"),
            org.assertj.core.groups.Tuple.tuple("fp-ferry@2", null, "Lien internet coupé"));
    assertThat(ferry().incidents().getFirst().duration(NOW)).isEqualTo(s(7_800));
    assertThat(report.summary().incidents()).isEqualTo(2);
    assertThat(report.previous().incidents()).isEqualTo(1);
  }

  @Test
  void linkQuality_againstTheFibreProfile() {
    LinkQuality q = ferry().quality();
    assertThat(q.samples()).isEqualTo(10);
    // As InfluxQL: the median of an even count is the mean of the two middle values.
    assertThat(q.medianRtt()).isEqualTo(Duration.ofMillis(55));
    assertThat(q.p95Rtt()).isEqualTo(Duration.ofMillis(100));
    assertThat(q.loss()).isEqualTo(0.05);
    // Fibre: RTT at most 20 ms, loss at most 1 %: a 55 ms median is outside.
    assertThat(q.maxRtt()).isEqualTo(Duration.ofMillis(20));
    assertThat(q.maxLoss()).isEqualTo(0.01);
    assertThat(q.withinProfile()).isFalse();
    assertThat(q.series()).hasSize(9);
    // 2 October had the 10 ms and the 100 ms runs.
    assertThat(q.series().get(1).rtt()).isEqualTo(Duration.ofMillis(55));
  }

  @Test
  void billing_countsWorkstationsThatAnswered_andUnmonitoredOnesFromTheInventory() {
    Billing b = report.billing();
    // ws-01 answered, ws-02 never did, ws-03 has no data; ws-04 has no check: counted as listed.
    assertThat(b.workstations()).isEqualTo(2);
    assertThat(b.unmonitored()).isEqualTo(1);
    assertThat(b.workstationsInInventory()).isEqualTo(4);
    assertThat(b.accessPoints()).isEqualTo(2);
    assertThat(b.schools()).isEqualTo(1);
    assertThat(b.invoice()).isEqualByComparingTo(new BigDecimal("504"));
    assertThat(dsi.invoices()).isEqualByComparingTo(new BigDecimal("704"));
    assertThat(dsi.schools()).isEqualTo(2);
  }

  @Test
  void previousMonth_isComputedForComparison() {
    assertThat(report.previous().link().schoolHours().total()).isEqualTo(Duration.ofHours(18 * 8));
    assertThat(report.previous().link().allDay().ratio().getAsDouble()).isEqualTo(1.0);
  }

  @Test
  void sentence_aMayorCanRead() {
    assertThat(new Texts(ReportLanguage.FR).sentences(ferry()))
        .containsExactly(
            "Le lien internet de l'école Jules Ferry a été indisponible 2 h 10 min pendant les"
                + " heures de classe, le 14 octobre.");
    assertThat(new Texts(ReportLanguage.EN).sentences(report.schools().getFirst()))
        .containsExactly(
            "The internet link of École Jules Ferry was down for 2 h 10 min during school hours, on 14"
                + " October.");
    assertThat(new Texts(ReportLanguage.FR).sentences(dsi.communes().get(1).schools().getFirst()))
        .containsExactly(
            "Aucune interruption du lien internet ni du serveur de l'école Pasteur pendant les"
                + " heures de classe.");
  }
}
