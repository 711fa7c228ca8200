package org.vigie.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.reports.ReportFixture.await;
import static org.vigie.reports.ReportFixture.device;
import static org.vigie.reports.ReportFixture.spec;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.inventory.Commune;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Origin;
import org.vigie.inventory.calendar.FrenchSchoolCalendar;
import org.vigie.reports.internal.JdbcIncidentSource;

@Timeout(120)
class ReportSchedulerTest {
  static final Instant NOW = Instant.parse("2025-11-03T08:00:00Z");
  static final YearMonth OCTOBER = YearMonth.of(2025, 10);

  @TempDir Path dir;
  ReportFixture f;
  ReportGenerator generator;

  /** Like the outbox: an id is stored once, ever; enqueuing it again answers false. */
  final Map<String, JsonObject> outbox =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  final EmailQueue queue =
      (id, channel, payload) -> {
        assertThat(channel).isEqualTo("email");
        return Future.succeededFuture(outbox.putIfAbsent(id, payload) == null);
      };

  @BeforeEach
  void setUp() throws Exception {
    f =
        new ReportFixture(
            dir,
            ReportFixture.inventory(
                List.of(
                    ReportFixture.commune("besancon", "Besançon"),
                    ReportFixture.commune("dole", "Dole"),
                    new Commune("nocontact", "Sans contact", List.of(), Origin.builtIn("t"))),
                List.of(
                    ReportFixture.school("ferry", "École Jules Ferry", "besancon"),
                    ReportFixture.school("pasteur", "École Pasteur", "dole")),
                List.of(
                    device("ferry", "rtr", DeviceKind.ROUTER, spec("link", "link")),
                    device("pasteur", "rtr", DeviceKind.ROUTER, spec("link", "link")))),
            NOW);
    generator =
        new ReportGenerator(
            LedgerReader.of(f.ledger),
            new JdbcIncidentSource(f.store),
            FrenchSchoolCalendar.defaults(),
            f.inventory,
            LinkQualitySource.none(),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private ReportScheduler scheduler(ReportSettings settings) throws Exception {
    ReportScheduler s =
        new ReportScheduler(
            settings, generator, f.inventory, f.store, queue, Clock.fixed(NOW, ZoneOffset.UTC));
    await(f.vertx.deployVerticle(s));
    return s;
  }

  private static ReportSettings settings(boolean schedule) {
    return new ReportSettings(
        ReportLanguage.FR,
        schedule,
        LocalTime.of(7, 0),
        List.of(ReportFormat.PDF, ReportFormat.CSV),
        List.of("dsi@metropole.test"));
  }

  @Test
  void nextRun_isTheFirstOfTheMonth_atTheLocalTime_acrossDst() {
    LocalTime seven = LocalTime.of(7, 0);
    assertThat(ReportScheduler.nextRun(Instant.parse("2025-10-15T12:00:00Z"), seven))
        .isEqualTo(Instant.parse("2025-11-01T06:00:00Z"));
    assertThat(ReportScheduler.nextRun(Instant.parse("2026-04-01T05:00:00Z"), seven))
        .isEqualTo(Instant.parse("2026-04-01T05:00:00Z"));
    assertThat(ReportScheduler.nextRun(Instant.parse("2026-04-01T05:00:01Z"), seven))
        .isEqualTo(Instant.parse("2026-05-01T05:00:00Z"));
  }

  @Test
  void sendMonth_sendsEachCommuneOnce_withAttachments_evenWhenRunTwice() throws Exception {
    ReportScheduler s = scheduler(settings(false));
    List<ReportScheduler.Delivery> first = await(s.sendMonth(OCTOBER));
    assertThat(first)
        .extracting(ReportScheduler.Delivery::messageId)
        .containsExactly(
            "report/besancon/2025-10/1", "report/dole/2025-10/1", "report/*dsi*/2025-10/1");
    assertThat(await(s.sendMonth(OCTOBER))).isEmpty();
    assertThat(outbox).hasSize(3);
    JsonObject mail = outbox.get("report/besancon/2025-10/1");
    assertThat(mail.getJsonArray("to").getList()).containsExactly("mairie@besancon.test");
    assertThat(mail.getString("subject"))
        .isEqualTo("Rapport mensuel de disponibilité — Besançon — octobre 2025");
    assertThat(mail.getString("html")).contains("Besançon");
    assertThat(mail.getString("messageId")).isEqualTo("<report.besancon.2025-10.1@vigie>");
    JsonObject pdf = mail.getJsonArray("attachments").getJsonObject(0);
    assertThat(pdf.getString("name")).isEqualTo("vigie-besancon-2025-10.pdf");
    assertThat(pdf.getString("contentType")).isEqualTo("application/pdf");
    assertThat(
            new String(
                Base64.getDecoder().decode(pdf.getString("base64")),
                0,
                5,
                java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo("%PDF-");
    assertThat(mail.getJsonArray("attachments").getJsonObject(1).getString("name"))
        .isEqualTo("vigie-besancon-2025-10.csv");
    assertThat(outbox.get("report/*dsi*/2025-10/1").getJsonArray("to").getList())
        .containsExactly("dsi@metropole.test");
  }

  @Test
  void crashBetweenEnqueueAndRecord_doesNotSendTwice() throws Exception {
    ReportScheduler s = scheduler(settings(false));
    await(s.send("besancon", OCTOBER));
    // The record is lost as if Vigie died right after the outbox took the message.
    await(
        f.store.inTransaction(
            c -> c.createStatement().executeUpdate("DELETE FROM report_delivery")));
    assertThat(await(s.sends("besancon", OCTOBER))).isZero();
    await(s.send("besancon", OCTOBER));
    assertThat(outbox).containsOnlyKeys("report/besancon/2025-10/1");
    assertThat(await(s.sends("besancon", OCTOBER))).isEqualTo(1);
  }

  @Test
  void resend_sendsAgain_withTheNextId() throws Exception {
    ReportScheduler s = scheduler(settings(false));
    await(s.send("besancon", OCTOBER));
    ReportScheduler.Delivery again = await(s.resend("besancon", OCTOBER));
    assertThat(again.messageId()).isEqualTo("report/besancon/2025-10/2");
    assertThat(outbox).containsOnlyKeys("report/besancon/2025-10/1", "report/besancon/2025-10/2");
    assertThat(await(s.sends("besancon", OCTOBER))).isEqualTo(2);
    // The scheduled sending stays done.
    assertThat(await(s.send("besancon", OCTOBER)).sent()).isFalse();
  }

  @Test
  void aCommuneWithoutAnEmailContact_isNotRecorded() throws Exception {
    ReportScheduler s = scheduler(settings(false));
    assertThat(await(s.send("nocontact", OCTOBER)).sent()).isFalse();
    assertThat(await(s.sends("nocontact", OCTOBER))).isZero();
  }

  @Test
  void start_catchesUpAMonthWhoseSendingTimePassedWhileStopped() throws Exception {
    scheduler(settings(true));
    long deadline = System.currentTimeMillis() + 60_000;
    while (outbox.size() < 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(outbox)
        .containsOnlyKeys(
            "report/besancon/2025-10/1", "report/dole/2025-10/1", "report/*dsi*/2025-10/1");
  }
}
