package org.vigie.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.alerting.AlertingFixtures.ALWAYS_OPEN;
import static org.vigie.alerting.AlertingFixtures.ROTA;
import static org.vigie.alerting.IncidentEvent.Type.ACKNOWLEDGED;
import static org.vigie.alerting.IncidentEvent.Type.FLAPPING;
import static org.vigie.alerting.IncidentEvent.Type.MUTED;
import static org.vigie.alerting.IncidentEvent.Type.OPENED;
import static org.vigie.alerting.IncidentEvent.Type.REOPENED;
import static org.vigie.alerting.IncidentEvent.Type.RESOLVED;
import static org.vigie.alerting.IncidentEvent.Type.SETTLED;
import static org.vigie.alerting.IncidentEvent.Type.UPDATED;
import static org.vigie.alerting.notify.Incidents.event;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.MutableClock;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.Severity;
import org.vigie.alerting.outbox.OutboxStatus;
import org.vigie.alerting.webhook.WebhookSettings;

/**
 * The notification scenarios, end to end on real parts: incident events on the event bus,
 * an SQLite state store and outbox, e-mail to a GreenMail SMTP server on loopback. Counts are
 * exact.
 */
@Timeout(60)
class NotificationIT {
  private static final String ONCALL = "astreinte@dsi.example";
  private static final Route ALL_BY_EMAIL =
      new Route(
          "all",
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          null,
          null,
          List.of(ONCALL),
          false,
          false,
          false,
          false,
          false);
  private static final Route CRITICAL_BY_SMS =
      new Route(
          "critical-sms",
          Set.of(Severity.CRITICAL),
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          null,
          null,
          List.of(),
          false,
          false,
          true,
          false,
          true);

  @TempDir Path dir;
  private NotifyHarness h;

  @AfterEach
  void close() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private NotifyHarness start(Duration groupWait) throws Exception {
    NotifySettings s =
        NotifySettings.of(List.of(CRITICAL_BY_SMS, ALL_BY_EMAIL))
            .withRota(ROTA)
            .withGroupWait(groupWait)
            .withGrafanaUrl("https://grafana.dsi.example")
            .withSweepInterval(Duration.ofMillis(100));
    h = new NotifyHarness(dir, s, ALWAYS_OPEN, Clock.systemUTC());
    return h;
  }

  @Test
  void aSchoolLinkFails_oneEmailForTheSchool_notOnePerDevice_thenOneRecovery() throws Exception {
    start(Duration.ofMillis(300));
    Incident inc = Incidents.school("s001", "c1", Severity.MAJOR, Instant.now());

    h.publishAll(event(OPENED, 1, inc, Instant.now()));
    NotifyHarness.waitFor(() -> h.mails().length == 1);
    h.publishAll(event(RESOLVED, 2, Incidents.resolved(inc, Instant.now()), Instant.now()));
    NotifyHarness.waitFor(() -> h.mails().length == 2);
    Thread.sleep(300);

    MimeMessage problem = h.mails()[0];
    MimeMessage recovery = h.mails()[1];
    assertThat(h.mails()).hasSize(2);
    assertThat(problem.getSubject())
        .isEqualTo("[Vigie] majeur – École s001 : lien internet coupé : 5/5 échos perdus");
    assertThat(recovery.getSubject())
        .isEqualTo("[Vigie] Rétabli – École s001 : lien internet coupé : 5/5 échos perdus");
    assertThat(problem.getAllRecipients()[0].toString()).isEqualTo(ONCALL);
    assertThat(recovery.getHeader("In-Reply-To")[0]).isEqualTo(problem.getMessageID());
    assertThat(problem.getMessageID())
        .isEqualTo(
            "<"
                + inc.id().replace(':', '.').replace('@', '.')
                + "#1#email#astreinte.dsi.example@vigie>");
    String text = part(problem, "text/plain");
    String html = part(problem, "text/html");
    assertThat(text)
        .contains("Vigie a détecté un problème")
        .contains("Éléments touchés (3) : s001/router, s001/server, s001/ap1")
        .contains("https://grafana.dsi.example/d/vigie-school?var-school=s001");
    assertThat(html)
        .contains("<a href=\"https://grafana.dsi.example/d/vigie-school?var-school=s001\">");
    assertThat(h.sms()).isEmpty(); // MAJOR: no SMS route
  }

  @Test
  void twoIncidentsOfOneSchool_withinTheGroupWait_goOutAsOneMessage() throws Exception {
    start(Duration.ofMillis(500));
    Instant now = Instant.now();
    Incident ap = Incidents.device("s002", "ap1", Severity.MINOR, now);
    Incident server = Incidents.device("s002", "server", Severity.MAJOR, now.plusMillis(1));

    h.publishAll(event(OPENED, 1, ap, now), event(OPENED, 1, server, now));
    NotifyHarness.waitFor(() -> h.mails().length == 1);
    Thread.sleep(400);

    assertThat(h.subjects()).containsExactly("[Vigie] mineur – École s002 : 2 incidents");
    assertThat(part(h.mails()[0], "text/plain"))
        .contains("s002/ap1 : borne Wi-Fi injoignable")
        .contains("s002/server : borne Wi-Fi injoignable");
  }

  @Test
  void theBackboneFailsForAll110Schools_oneUpstreamIncident_atMostTwoMessagesPerChannel()
      throws Exception {
    start(Duration.ofSeconds(1));
    Instant now = Instant.now();
    List<IncidentEvent> opened = new ArrayList<>();
    List<IncidentEvent> absorbed = new ArrayList<>();
    for (int i = 1; i <= 110; i++) {
      Incident s = Incidents.school(String.format("s%03d", i), "c1", Severity.CRITICAL, now);
      opened.add(event(OPENED, 1, s, now));
      absorbed.add(event(RESOLVED, 2, Incidents.resolved(s, now), now));
    }
    Incident up = Incidents.upstream("Orange", Severity.CRITICAL, now);
    // The core opens school incidents, then finds the common cause and absorbs them.
    h.publishAll(opened.toArray(IncidentEvent[]::new));
    h.publishAll(event(OPENED, 1, up, now));
    h.publishAll(absorbed.toArray(IncidentEvent[]::new));
    NotifyHarness.waitFor(() -> h.mails().length == 1 && h.sms().size() == 1);
    h.publishAll(event(RESOLVED, 2, Incidents.resolved(up, Instant.now()), Instant.now()));
    NotifyHarness.waitFor(() -> h.mails().length == 2 && h.sms().size() == 2);
    Thread.sleep(1500); // every group wait over: nothing else comes
    h.sweep();
    h.drain();

    assertThat(h.mails()).hasSize(2);
    assertThat(h.sms()).hasSize(2);
    assertThat(h.subjects().get(0)).startsWith("[Vigie] critique – provider:Orange");
    assertThat(h.sms().get(0).payload().getString("to")).isEqualTo(ROTA.onCall(now).phone());
  }

  @Test
  void aFlappingAccessPoint_oneFlappingNotice_oneSettledNotice() throws Exception {
    start(Duration.ofMillis(400));
    Instant t = Instant.now();
    Incident ap = Incidents.device("s003", "ap2", Severity.MINOR, t);
    Incident flapping = Incidents.flapping(ap, true);

    h.publishAll(
        event(OPENED, 1, ap, t),
        event(RESOLVED, 2, Incidents.resolved(ap, t), t),
        event(REOPENED, 3, ap, t),
        event(FLAPPING, 4, flapping, t),
        event(RESOLVED, 5, Incidents.resolved(flapping, t), t),
        event(REOPENED, 6, flapping, t),
        event(RESOLVED, 7, Incidents.resolved(flapping, t), t));
    NotifyHarness.waitFor(() -> h.mails().length == 1);
    Thread.sleep(600);
    h.sweep();
    h.publishAll(
        event(SETTLED, 8, Incidents.resolved(Incidents.flapping(ap, false), t), Instant.now()));
    NotifyHarness.waitFor(() -> h.mails().length == 2);
    Thread.sleep(300);

    assertThat(h.subjects())
        .containsExactly(
            "[Vigie] Instable – École s003 : s003/ap2",
            "[Vigie] Stabilisé et rétabli – École s003 : s003/ap2");
  }

  @Test
  void aMaintenanceWindowOverAFailure_sendsNothing() throws Exception {
    start(Duration.ofMillis(200));
    Instant t = Instant.now();
    Incident muted = Incidents.muted(Incidents.school("s004", "c1", Severity.CRITICAL, t), true);

    h.publishAll(event(OPENED, 1, muted, t), event(UPDATED, 2, muted, t));
    Thread.sleep(500);
    h.sweep();
    h.publishAll(event(RESOLVED, 3, Incidents.resolved(muted, Instant.now()), Instant.now()));
    h.sweep();
    h.drain();

    assertThat(h.mails()).isEmpty();
    assertThat(h.sms()).isEmpty();
    assertThat(h.count(OutboxStatus.SENT)).isZero();
  }

  @Test
  void mutedAfterItWasNotified_theRecoveryIsStillSent() throws Exception {
    start(Duration.ofMillis(200));
    Instant t = Instant.now();
    Incident inc = Incidents.school("s005", "c1", Severity.MAJOR, t);

    h.publishAll(event(OPENED, 1, inc, t));
    NotifyHarness.waitFor(() -> h.mails().length == 1);
    Incident muted = Incidents.muted(inc, true);
    h.publishAll(event(MUTED, 2, muted, Instant.now()));
    h.publishAll(event(RESOLVED, 3, Incidents.resolved(muted, Instant.now()), Instant.now()));
    NotifyHarness.waitFor(() -> h.mails().length == 2);
    Thread.sleep(300);

    assertThat(h.subjects())
        .containsExactly(
            "[Vigie] majeur – École s005 : lien internet coupé : 5/5 échos perdus",
            "[Vigie] Rétabli – École s005 : lien internet coupé : 5/5 échos perdus");
  }

  @Test
  void theSmtpServerDownForAWhile_everyNotificationDeliveredExactlyOnce() throws Exception {
    start(Duration.ofMillis(100));
    h.smtp.stop();
    Instant t = Instant.now();
    List<Incident> incidents = new ArrayList<>();
    for (int i = 10; i < 13; i++) {
      incidents.add(Incidents.school("s0" + i, "c1", Severity.MAJOR, t));
    }
    for (Incident inc : incidents) {
      h.publishAll(event(OPENED, 1, inc, t));
    }
    // Several attempts fail while the server is away.
    NotifyHarness.waitFor(() -> h.count(OutboxStatus.PENDING) == 3);
    Thread.sleep(700);
    h.startSmtp();
    h.drain();
    for (Incident inc : incidents) {
      h.publishAll(event(RESOLVED, 2, Incidents.resolved(inc, Instant.now()), Instant.now()));
    }
    NotifyHarness.waitFor(() -> h.mails().length == 6);
    h.drain();
    Thread.sleep(300);

    assertThat(h.mails()).hasSize(6);
    Set<String> ids = new HashSet<>();
    for (MimeMessage m : h.mails()) {
      ids.add(m.getMessageID());
    }
    assertThat(ids).hasSize(6);
    assertThat(h.count(OutboxStatus.SENT)).isEqualTo(6);
    assertThat(h.count(OutboxStatus.DEAD)).isZero();
  }

  @Test
  void vigieRestartedMidIncident_noDuplicate_andTheRecoveryIsStillSent() throws Exception {
    start(Duration.ofMillis(300));
    Instant t = Instant.now();
    Incident notified = Incidents.school("s020", "c1", Severity.MAJOR, t);
    Incident waiting = Incidents.school("s021", "c1", Severity.MAJOR, t);
    h.publishAll(event(OPENED, 1, notified, t));
    NotifyHarness.waitFor(() -> h.mails().length == 1);
    // Opened just before the stop: still in its group wait.
    h.publishAll(event(OPENED, 1, waiting, t));

    h.restart();
    // The core replays the last events after a restart: they must change nothing.
    h.publishAll(event(OPENED, 1, notified, t), event(OPENED, 1, waiting, t));
    NotifyHarness.waitFor(() -> h.mails().length == 2);
    h.publishAll(
        event(RESOLVED, 2, Incidents.resolved(notified, Instant.now()), Instant.now()),
        event(RESOLVED, 2, Incidents.resolved(waiting, Instant.now()), Instant.now()));
    NotifyHarness.waitFor(() -> h.mails().length == 4);
    Thread.sleep(500);
    h.sweep();
    h.drain();

    assertThat(h.subjects())
        .containsExactlyInAnyOrder(
            "[Vigie] majeur – École s020 : lien internet coupé : 5/5 échos perdus",
            "[Vigie] majeur – École s021 : lien internet coupé : 5/5 échos perdus",
            "[Vigie] Rétabli – École s020 : lien internet coupé : 5/5 échos perdus",
            "[Vigie] Rétabli – École s021 : lien internet coupé : 5/5 échos perdus");
  }

  @Test
  void outsideOpeningHours_aMajorIncidentWaitsForMonday_aCriticalOneGoesNow() throws Exception {
    // Saturday 4 October 2025, 10:00 in Paris.
    ZonedDateTime saturday = ZonedDateTime.of(2025, 10, 4, 10, 0, 0, 0, Rota.ZONE);
    MutableClock clock = new MutableClock(saturday.toInstant());
    NotifySettings s =
        NotifySettings.of(List.of(ALL_BY_EMAIL)).withGroupWait(Duration.ofSeconds(30));
    h = new NotifyHarness(dir, s, new OfficeHours(), clock);
    Instant t = clock.instant();
    Incident major = Incidents.school("s030", "c1", Severity.MAJOR, t);
    Incident critical = Incidents.school("s031", "c1", Severity.CRITICAL, t);

    h.publishAll(event(OPENED, 1, major, t), event(OPENED, 1, critical, t));
    clock.set(t.plusSeconds(31));
    h.sweep();
    NotifyHarness.waitFor(() -> h.mails().length == 1);
    Thread.sleep(300);
    assertThat(h.subjects())
        .containsExactly("[Vigie] critique – École s031 : lien internet coupé : 5/5 échos perdus");
    assertThat(h.count(OutboxStatus.PENDING)).isEqualTo(1);

    clock.set(ZonedDateTime.of(2025, 10, 6, 7, 59, 59, 0, Rota.ZONE).toInstant());
    Thread.sleep(300);
    assertThat(h.mails()).hasSize(1);
    clock.set(ZonedDateTime.of(2025, 10, 6, 8, 0, 0, 0, Rota.ZONE).toInstant());
    NotifyHarness.waitFor(() -> h.mails().length == 2);
    assertThat(h.subjects().get(1))
        .isEqualTo("[Vigie] majeur – École s030 : lien internet coupé : 5/5 échos perdus");
  }

  @Test
  void notAcknowledged_escalatesToTheNextPersonThenBySms_andBothGetTheRecovery() throws Exception {
    // Wednesday 10 September 2025, 14:00: second week of the rota, Bruno is on call.
    MutableClock clock =
        new MutableClock(ZonedDateTime.of(2025, 9, 10, 14, 0, 0, 0, Rota.ZONE).toInstant());
    Route onCall =
        new Route(
            "on-call", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, null, List.of(),
            false, true, false, false, false);
    NotifySettings s =
        NotifySettings.of(List.of(onCall))
            .withRota(ROTA)
            .withGroupWait(Duration.ofSeconds(30))
            .withEscalationDelay(Duration.ofMinutes(30))
            .withRepeatInterval(Duration.ofHours(4));
    h = new NotifyHarness(dir, s, ALWAYS_OPEN, clock);
    Instant t = clock.instant();
    Incident inc = Incidents.school("s040", "c1", Severity.MAJOR, t);

    h.publishAll(event(OPENED, 1, inc, t));
    clock.set(t.plusSeconds(30));
    h.sweep();
    NotifyHarness.waitFor(() -> h.mails().length == 1);
    h.drain();
    clock.set(t.plusSeconds(30 + 29 * 60));
    h.sweep();
    Thread.sleep(200);
    assertThat(h.mails()).hasSize(1);
    clock.set(t.plusSeconds(30 + 30 * 60));
    h.sweep();
    NotifyHarness.waitFor(() -> h.mails().length == 2);
    h.drain();
    clock.set(t.plusSeconds(30 + 60 * 60));
    h.sweep();
    NotifyHarness.waitFor(() -> h.sms().size() == 2);
    h.drain();
    clock.set(t.plusSeconds(30 + 90 * 60));
    h.sweep(); // nothing more: escalation has two steps
    h.publishAll(event(RESOLVED, 2, Incidents.resolved(inc, clock.instant()), clock.instant()));
    NotifyHarness.waitFor(() -> h.mails().length == 4 && h.sms().size() == 4);
    Thread.sleep(300);

    // GreenMail lists messages mailbox by mailbox: compare per recipient.
    assertThat(h.subjectsTo("bruno@dsi.example"))
        .containsExactly(
            "[Vigie] majeur – École s040 : lien internet coupé : 5/5 échos perdus",
            "[Vigie] Rétabli – École s040 : lien internet coupé : 5/5 échos perdus");
    assertThat(h.subjectsTo("chloe@dsi.example"))
        .containsExactly(
            "[Vigie] Escalade, non pris en charge depuis 30 min – École s040 : lien internet"
                + " coupé : 5/5 échos perdus",
            "[Vigie] Rétabli – École s040 : lien internet coupé : 5/5 échos perdus");
    assertThat(h.sms().subList(0, 2).stream().map(m -> m.payload().getString("to")))
        .containsExactlyInAnyOrder("+33600000002", "+33600000003");
    assertThat(h.sms().subList(2, 4).stream().map(m -> m.payload().getString("text")))
        .allMatch(text -> text.startsWith("Vigie RÉTABLI : École s040"));
    // Each step is handed to the incident stage for the timeline, saying who was told.
    assertThat(h.timelineSent.stream().map(m -> m.payload().getString("to")))
        .containsExactly(
            "e-mail to Chloé (chloe@dsi.example)",
            "SMS to Bruno (+33600000002), Chloé (+33600000003)");
  }

  @Test
  void acknowledged_stopsEscalationAndReminders() throws Exception {
    MutableClock clock =
        new MutableClock(ZonedDateTime.of(2025, 9, 10, 14, 0, 0, 0, Rota.ZONE).toInstant());
    NotifySettings s =
        NotifySettings.of(List.of(ALL_BY_EMAIL))
            .withRota(ROTA)
            .withGroupWait(Duration.ofSeconds(30))
            .withEscalationDelay(Duration.ofMinutes(30))
            .withRepeatInterval(Duration.ofHours(1));
    h = new NotifyHarness(dir, s, ALWAYS_OPEN, clock);
    Instant t = clock.instant();
    Incident inc = Incidents.school("s041", "c1", Severity.CRITICAL, t);
    h.publishAll(event(OPENED, 1, inc, t));
    clock.set(t.plusSeconds(30));
    h.sweep();
    NotifyHarness.waitFor(() -> h.mails().length == 1);

    h.publishAll(
        event(
            ACKNOWLEDGED,
            2,
            Incidents.acknowledged(inc, clock.instant(), "bruno"),
            clock.instant()));
    clock.set(t.plus(Duration.ofHours(5)));
    h.sweep();
    h.drain();

    assertThat(h.mails()).hasSize(1);
    assertThat(h.sms()).isEmpty();
  }

  @Test
  void openAndUnacknowledged_getsAReminderEveryRepeatInterval() throws Exception {
    MutableClock clock =
        new MutableClock(ZonedDateTime.of(2025, 9, 10, 14, 0, 0, 0, Rota.ZONE).toInstant());
    NotifySettings s =
        NotifySettings.of(List.of(ALL_BY_EMAIL))
            .withGroupWait(Duration.ofSeconds(30))
            .withRepeatInterval(Duration.ofHours(4));
    h = new NotifyHarness(dir, s, ALWAYS_OPEN, clock);
    Instant t = clock.instant();
    Incident inc = Incidents.school("s042", "c1", Severity.MAJOR, t);
    h.publishAll(event(OPENED, 1, inc, t));
    // Each step drains the outbox before the clock jumps: a lease outrun by a jump of hours
    // would redeliver (at least once), which is the outbox's contract, not this test's subject.
    clock.set(t.plusSeconds(30));
    h.sweep();
    h.drain();
    clock.set(t.plusSeconds(30).plus(Duration.ofHours(4)));
    h.sweep();
    h.drain();
    clock.set(t.plusSeconds(30).plus(Duration.ofHours(8)));
    h.sweep();
    h.drain();
    NotifyHarness.waitFor(() -> h.mails().length == 3);
    Thread.sleep(200);

    assertThat(h.subjects())
        .containsExactly(
            "[Vigie] majeur – École s042 : lien internet coupé : 5/5 échos perdus",
            "[Vigie] Rappel, non pris en charge – École s042 : lien internet coupé : 5/5 échos perdus",
            "[Vigie] Rappel, non pris en charge – École s042 : lien internet coupé : 5/5 échos perdus");
  }

  /** One request as the receiver saw it. */
  private record Post(String method, String path, Headers headers, byte[] body) {
    JsonObject json() {
      return new JsonObject(new String(body, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aWebhookRoute_aSchoolLinkFails_oneOpenedAndOneResolvedPost_signed_evenOverARestart()
      throws Exception {
    String secret = "s3cr3t-hmac-key";
    List<Post> posts = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          posts.add(
              new Post(
                  ex.getRequestMethod(),
                  ex.getRequestURI().getPath(),
                  ex.getRequestHeaders(),
                  body));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    try {
      Route route =
          new Route(
              "all-and-webhook",
              Set.of(),
              Set.of(),
              Set.of(),
              Set.of(),
              Set.of(),
              null,
              null,
              List.of(ONCALL),
              false,
              false,
              false,
              true,
              false);
      NotifySettings s =
          NotifySettings.of(List.of(route))
              .withGroupWait(Duration.ofMillis(300))
              .withGrafanaUrl("https://grafana.dsi.example")
              .withSweepInterval(Duration.ofMillis(100));
      WebhookSettings hook =
          new WebhookSettings(
              "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/vigie",
              Secret.of(secret),
              WebhookSettings.DEFAULT_SIGNATURE_HEADER,
              null,
              Map.of(),
              Duration.ofSeconds(3));
      h = new NotifyHarness(dir, s, ALWAYS_OPEN, Clock.systemUTC(), hook);
      // The notifier keeps instants to the millisecond.
      Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Incident inc = Incidents.school("s001", "c1", Severity.MAJOR, t);

      h.publishAll(event(OPENED, 1, inc, t));
      NotifyHarness.waitFor(() -> posts.size() == 1);
      h.drain();
      // A restart, and the core replaying its last event: nothing goes out again.
      h.restart();
      h.publishAll(event(OPENED, 1, inc, t));
      Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      h.publishAll(event(RESOLVED, 2, Incidents.resolved(inc, end), end));
      NotifyHarness.waitFor(() -> posts.size() == 2);
      Thread.sleep(500);
      h.sweep();
      h.drain();

      assertThat(posts).hasSize(2);
      assertThat(h.mails()).hasSize(2); // the route's e-mail is still sent
      for (Post p : posts) {
        assertThat(p.method()).isEqualTo("POST");
        assertThat(p.path()).isEqualTo("/hooks/vigie");
        assertThat(p.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(p.headers().getFirst("X-Vigie-Signature-256"))
            .isEqualTo("sha256=" + hmacSha256(secret, p.body()));
        assertThat(p.headers().getFirst("Idempotency-Key")).isEqualTo(p.json().getString("key"));
      }
      JsonObject opened = posts.get(0).json();
      assertThat(opened.getInteger("version")).isEqualTo(1);
      assertThat(opened.getString("type")).isEqualTo("incident.opened");
      assertThat(opened.getString("key")).isEqualTo(inc.id() + "#1#webhook");
      assertThat(opened.getString("title"))
          .isEqualTo("[Vigie] majeur – École s001 : lien internet coupé : 5/5 échos perdus");
      assertThat(opened.getString("grafana"))
          .isEqualTo("https://grafana.dsi.example/d/vigie-school?var-school=s001");
      JsonArray incidents = opened.getJsonArray("incidents");
      assertThat(incidents).hasSize(1);
      JsonObject i = incidents.getJsonObject(0);
      assertThat(i.getString("id")).isEqualTo(inc.id());
      assertThat(i.getString("severity")).isEqualTo("major");
      assertThat(i.getString("scope")).isEqualTo("school");
      assertThat(i.getString("status")).isEqualTo("open");
      assertThat(i.getString("commune")).isEqualTo("c1");
      assertThat(i.getString("communeName")).isEqualTo("Villeurbanne");
      assertThat(i.getString("school")).isEqualTo("s001");
      assertThat(i.getString("schoolName")).isEqualTo("École s001");
      assertThat(i.getString("subject")).isEqualTo("s001");
      assertThat(i.getString("cause")).isEqualTo("lien internet coupé : 5/5 échos perdus");
      assertThat(i.getJsonArray("affected").getList())
          .containsExactly("s001/router", "s001/server", "s001/ap1");
      assertThat(i.getString("openedAt")).isEqualTo(t.toString());
      assertThat(i.containsKey("resolvedAt")).isTrue();
      assertThat(i.getString("resolvedAt")).isNull();

      JsonObject resolved = posts.get(1).json();
      assertThat(resolved.getString("type")).isEqualTo("incident.resolved");
      assertThat(resolved.getString("key")).isEqualTo(inc.id() + "#2#webhook");
      JsonObject r = resolved.getJsonArray("incidents").getJsonObject(0);
      assertThat(r.getString("status")).isEqualTo("resolved");
      assertThat(r.getString("resolvedAt")).isEqualTo(end.toString());
    } finally {
      receiver.stop(0);
    }
  }

  private static String hmacSha256(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static String part(MimeMessage m, String type) throws Exception {
    return find(m.getContent(), type);
  }

  private static String find(Object content, String type) throws Exception {
    if (content instanceof MimeMultipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        var p = mp.getBodyPart(i);
        if (p.isMimeType(type)) {
          return (String) p.getContent();
        }
        String inner = find(p.getContent(), type);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }
}
