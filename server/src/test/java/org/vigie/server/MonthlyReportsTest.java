package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running server sends the monthly reports from its {@code reports:} section: started after the
 * sending time of the 1st, it catches up the past month through the outbox (one e-mail per commune
 * with a contact, the PDF attached, the DSI summary), and a restart sends nothing again.
 */
@Timeout(120)
class MonthlyReportsTest {
  // 1 November 2026, 08:00 in Paris: after the default 07:00 sending time.
  private static final Clock AFTER_SENDING_TIME =
      Clock.fixed(Instant.parse("2026-11-01T07:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Configuration config(String reports) throws Exception {
    Path file = dir.resolve("vigie.yaml");
    Files.writeString(
        file,
        """
        vigie:
          http: {host: 127.0.0.1, port: 0}
          store: {url: "jdbc:sqlite:%s"}
        communes:
          - id: ornans
            name: Ornans
            contacts:
              - {name: Mairie, email: mairie@ornans.example}
          - id: silent
            name: Sans contact
        schools:
          - id: pasteur
            name: École Pasteur
            commune: ornans
            link: {type: fibre, address: 127.0.0.10}
          - id: moulin
            name: École du Moulin
            commune: silent
            link: {type: adsl, address: 127.0.0.11}
        """
                .formatted(dir.resolve("vigie.db"))
            + reports);
    return Configuration.load(file, Map.of());
  }

  /** E-mails as the outbox delivers them (no alerting.email here: this test is the mailer). */
  private final Map<String, JsonObject> mailed = new ConcurrentHashMap<>();

  private Vigie start(Configuration c) {
    Vigie vigie =
        new Vigie(vertx, c.inventory(), c.settings(), AFTER_SENDING_TIME, Map.of()).start().await();
    vigie
        .outbox()
        .register(
            "email",
            m -> {
              mailed.put(m.id(), m.payload());
              return Future.succeededFuture();
            });
    vigie.outbox().wake();
    return vigie;
  }

  private JsonObject waitFor(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject p = mailed.get(id);
      if (p != null) {
        return p;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no e-mail " + id + " within 60 s; got " + mailed.keySet());
  }

  @Test
  void scheduled_catchesUpLastMonth_oncePerCommune_andNotAgainAfterRestart() throws Exception {
    Configuration c =
        config("reports:\n  schedule: true\n  dsi-recipients: [dsi@metropole.example]\n");
    Vigie vigie = start(c);
    JsonObject payload = waitFor("report/ornans/2026-10/1");
    JsonObject summary = waitFor("report/*dsi*/2026-10/1");
    assertThat(payload.getJsonArray("to").getList()).containsExactly("mairie@ornans.example");
    assertThat(payload.getString("subject")).contains("Ornans").contains("octobre 2026");
    assertThat(payload.getJsonArray("attachments").getJsonObject(0).getString("name"))
        .isEqualTo("vigie-ornans-2026-10.pdf");
    assertThat(summary.getJsonArray("to").getList()).containsExactly("dsi@metropole.example");
    // A commune without an e-mail contact gets nothing (and is logged).
    assertThat(vigie.outbox().entry("report/silent/2026-10/1").await()).isNull();
    vigie.stop().await();
    mailed.clear();

    Vigie again = start(c);
    Thread.sleep(2000); // the catch-up runs at start; give it time to (wrongly) send
    assertThat(mailed).isEmpty();
    assertThat(again.outbox().entry("report/ornans/2026-10/2").await()).isNull();
    again.stop().await();
  }

  @Test
  void notScheduled_sendsNothing_butResendOnDemandWorks() throws Exception {
    Vigie vigie = start(config("reports:\n  schedule: false\n"));
    Thread.sleep(1000);
    assertThat(mailed).isEmpty();
    var delivery = vigie.reports().resend("ornans", java.time.YearMonth.of(2026, 10)).await();
    assertThat(delivery.messageId()).isEqualTo("report/ornans/2026-10/1");
    assertThat(waitFor("report/ornans/2026-10/1").getString("subject")).contains("Ornans");
    vigie.stop().await();
  }
}
