package org.vigie.alerting.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.alerting.sms.SmppSmsProviderTest.await;
import static org.vigie.alerting.sms.SmppSmsProviderTest.waitFor;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.Secret;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxEntry;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.OutboxOptions;
import org.vigie.alerting.outbox.OutboxStatus;

/**
 * The SMS channel end to end: a real outbox over SQLite, the generic HTTP provider against a
 * gateway on 127.0.0.1, the daily cap in the state store, the e-mail fallback into the outbox.
 */
@Timeout(60)
class SmsDelivererTest {
  private static final String TOKEN = "sms-T0ken-Never-Shown";

  @TempDir Path dir;
  private Vertx vertx;
  private StateStore store;
  private Outbox outbox;
  private HttpServer gateway;
  private SmsDeliverer deliverer;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<MultiMap> headers = new CopyOnWriteArrayList<>();
  private final List<Integer> script = new CopyOnWriteArrayList<>();
  private final List<OutboxMessage> emails = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void start() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    logs.start();
    vertx = Vertx.vertx();
    store =
        await(
            StateStore.open(
                vertx, new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db"))));
    gateway =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                b -> {
                                  bodies.add(b.toString());
                                  headers.add(req.headers());
                                  int status = script.isEmpty() ? 200 : script.remove(0);
                                  // A careless gateway that echoes the request's credentials.
                                  req.response()
                                      .setStatusCode(status)
                                      .end(
                                          "{\"status\":\""
                                              + (status == 200 ? "queued" : "error")
                                              + "\",\"auth\":\""
                                              + req.getHeader("Authorization")
                                              + "\"}");
                                }))
                .listen(0, "127.0.0.1"));
    outbox =
        await(
            Outbox.open(
                vertx,
                store,
                OutboxOptions.defaults()
                    .withPollInterval(Duration.ofMillis(50))
                    .withBackoff(Duration.ofMillis(40), Duration.ofMillis(200)),
                Clock.systemUTC()));
    outbox.register(
        "email",
        m -> {
          emails.add(m);
          return Future.succeededFuture();
        });
  }

  @AfterEach
  void stop() throws Exception {
    await(outbox.close());
    await(deliverer.close());
    await(gateway.close());
    await(store.close());
    await(vertx.close());
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  private void register(String cost, String cap, int fallbackAfter) {
    SmsSettings.HttpTemplate http =
        new SmsSettings.HttpTemplate(
            "POST",
            "http://127.0.0.1:" + gateway.actualPort() + "/send?to={to}",
            Map.of("X-Account", "dsi"),
            "application/json",
            "{\"to\":\"{to}\",\"text\":\"{text}\",\"ref\":\"{ref}\",\"from\":\"{from}\"}",
            null,
            "status",
            "queued",
            "Authorization",
            "Bearer",
            Secret.of(TOKEN),
            Duration.ofSeconds(2));
    SmsSettings settings =
        new SmsSettings(
            http,
            "VIGIE",
            new BigDecimal(cost),
            cap == null ? null : new BigDecimal(cap),
            false,
            4,
            fallbackAfter);
    deliverer = new SmsDeliverer(vertx, settings, outbox, store, Clock.systemUTC());
    outbox.register(SmsDeliverer.CHANNEL, deliverer);
  }

  private static JsonObject sms(String text) {
    return new JsonObject()
        .put("to", "+33612345678")
        .put("text", text)
        .put("fallbackEmail", "astreinte@dsi.example");
  }

  private OutboxStatus status(String id) {
    try {
      OutboxEntry e = await(outbox.entry(id));
      return e == null ? null : e.status();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private LocalDate today() {
    return LocalDate.now(SmsDeliverer.DAY_ZONE);
  }

  @Test
  void anSms_goesThroughTheHttpTemplate_withEscapedTextAndTheTokenHeader() throws Exception {
    register("0.05", null, 5);
    await(outbox.enqueue("inc-1@1#1#sms", "sms", sms("Lien \"Lumière\" coupé\nécole 12")));
    waitFor(() -> status("inc-1@1#1#sms") == OutboxStatus.SENT);

    assertThat(new JsonObject(bodies.get(0)))
        .isEqualTo(
            new JsonObject()
                .put("to", "+33612345678")
                .put("text", "Lien \"Lumière\" coupé\nécole 12")
                .put("ref", "inc-1@1#1#sms")
                .put("from", "VIGIE"));
    assertThat(headers.get(0).get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(headers.get(0).get("X-Account")).isEqualTo("dsi");
    assertThat(await(deliverer.ledger().spentMicros(today()))).isEqualTo(50_000);
    assertThat(emails).isEmpty();
  }

  @Test
  void overTheDailyCap_theSmsFallsBackToEmail_throughTheOutbox() throws Exception {
    // 0.05 per segment, cap 0.10: two one-segment SMS fit, the third goes by e-mail.
    register("0.05", "0.10", 5);
    for (int i = 1; i <= 3; i++) {
      await(outbox.enqueue("m" + i, "sms", sms("Alerte " + i)));
      String id = "m" + i;
      waitFor(() -> status(id) == OutboxStatus.SENT);
    }

    assertThat(bodies).hasSize(2);
    waitFor(() -> emails.size() == 1);
    OutboxMessage mail = emails.get(0);
    assertThat(mail.id()).isEqualTo("m3#fallback");
    assertThat(mail.channel()).isEqualTo("email");
    assertThat(mail.payload().getJsonArray("to").getList())
        .containsExactly("astreinte@dsi.example");
    assertThat(mail.payload().getString("subject")).isEqualTo("[Vigie SMS] Alerte 3");
    assertThat(mail.payload().getString("text"))
        .startsWith("Alerte 3\n")
        .contains("daily SMS cost cap 0.10 reached for " + today());
    assertThat(mail.payload().getString("messageId"))
        .matches("<sms-fallback\\.[0-9a-f]{24}@vigie>");
    assertThat(await(deliverer.ledger().spentMicros(today()))).isEqualTo(100_000);
  }

  @Test
  void aRedeliveredSms_isCountedOnce() throws Exception {
    register("0.05", "0.05", 5);
    OutboxMessage m = new OutboxMessage("r1", "sms", sms("Alerte"), 1, java.time.Instant.now());
    await(deliverer.deliver(m));
    await(deliverer.deliver(m)); // a crash before "SENT": the outbox delivers again

    assertThat(bodies).hasSize(2);
    assertThat(await(deliverer.ledger().segments(today()))).isEqualTo(1);
    assertThat(emails).isEmpty();
  }

  @Test
  void aGatewayRefusal_fallsBackToEmail_andReleasesTheSpend() throws Exception {
    script.add(400);
    register("0.05", null, 5);
    await(outbox.enqueue("p1", "sms", sms("Serveur HS")));
    waitFor(() -> emails.size() == 1);

    assertThat(status("p1")).isEqualTo(OutboxStatus.SENT);
    assertThat(emails.get(0).payload().getString("text")).contains("SMS gateway answered HTTP 400");
    assertThat(await(deliverer.ledger().spentMicros(today()))).isZero();
  }

  @Test
  void gatewayOutages_areRetried_thenFallBackAfterTheConfiguredAttempts() throws Exception {
    script.addAll(List.of(503, 503, 503, 503));
    register("0.05", null, 3);
    await(outbox.enqueue("t1", "sms", sms("Coupure")));
    waitFor(() -> emails.size() == 1);

    assertThat(await(outbox.entry("t1")).attempts()).isEqualTo(3);
    assertThat(emails.get(0).payload().getString("text"))
        .contains("still failing after 3 attempts: SMS gateway answered HTTP 503");
  }

  @Test
  void theToken_neverShows_inLogsErrorsOrEmails_evenWhenTheGatewayEchoesIt() throws Exception {
    script.addAll(List.of(503, 400));
    register("0.05", null, 5);
    await(outbox.enqueue("s1", "sms", sms("Test")));
    waitFor(() -> emails.size() == 1);

    String everything =
        String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList())
            + emails.get(0).payload().encode()
            + await(outbox.entry("s1")).toString();
    assertThat(everything).contains("Bearer ***").doesNotContain(TOKEN);
    assertThat(bodies.get(0)).doesNotContain(TOKEN);
  }
}
