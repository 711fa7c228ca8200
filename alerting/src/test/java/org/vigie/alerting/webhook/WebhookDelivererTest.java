package org.vigie.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.Secret;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxEntry;
import org.vigie.alerting.outbox.OutboxOptions;
import org.vigie.alerting.outbox.OutboxStatus;

/**
 * The webhook channel through a real outbox (SQLite state store) to a receiver on 127.0.0.1 that
 * verifies the HMAC signature the way a receiver would.
 */
@Timeout(60)
class WebhookDelivererTest {
  private static final String SECRET = "whsec-0123456789abcdef";
  private static final String TOKEN = "tok-SuperSecret-99";

  @TempDir Path dir;
  private Vertx vertx;
  private StateStore store;
  private Outbox outbox;
  private HttpServer receiver;
  private WebhookDeliverer deliverer;
  private final List<MultiMap> headers = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  /** Statuses to answer, in order; 200 once they run out. */
  private final List<Integer> script = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    store =
        await(
            StateStore.open(
                vertx, new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db"))));
    receiver =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                b -> {
                                  calls.incrementAndGet();
                                  String body = b.toString(StandardCharsets.UTF_8);
                                  String sig = req.getHeader("X-Vigie-Signature-256");
                                  if (sig != null && !sig.equals("sha256=" + hmac(body))) {
                                    req.response().setStatusCode(401).end("bad signature");
                                    return;
                                  }
                                  headers.add(req.headers());
                                  bodies.add(body);
                                  int status = script.isEmpty() ? 200 : script.remove(0);
                                  req.response().setStatusCode(status).end("status " + status);
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
  }

  @AfterEach
  void stop() throws Exception {
    await(outbox.close());
    if (deliverer != null) {
      await(deliverer.close());
    }
    await(receiver.close());
    await(store.close());
    await(vertx.close());
  }

  private String url() {
    return "http://127.0.0.1:" + receiver.actualPort() + "/hooks/vigie";
  }

  private void register(String secret, String token) {
    deliverer =
        new WebhookDeliverer(
            vertx,
            new WebhookSettings(
                url(),
                secret == null ? null : Secret.of(secret),
                WebhookSettings.DEFAULT_SIGNATURE_HEADER,
                token == null ? null : Secret.of(token),
                Map.of("X-Tenant", "metropole"),
                Duration.ofSeconds(2)));
    outbox.register(WebhookDeliverer.CHANNEL, deliverer);
  }

  private static JsonObject event(String school) {
    return new JsonObject()
        .put("event", new JsonObject().put("type", "OPENED").put("school", school));
  }

  @Test
  void aSignedEvent_isPostedOnce_withItsIdempotencyKeyAndBearerToken() throws Exception {
    register(SECRET, TOKEN);
    await(outbox.enqueue("inc-9@1#1#webhook", "webhook", event("école-12")));
    waitFor(() -> status("inc-9@1#1#webhook") == OutboxStatus.SENT);

    assertThat(bodies).containsExactly("{\"type\":\"OPENED\",\"school\":\"école-12\"}");
    MultiMap h = headers.get(0);
    assertThat(h.get("Idempotency-Key")).isEqualTo("inc-9@1#1#webhook");
    assertThat(h.get("Content-Type")).isEqualTo("application/json");
    assertThat(h.get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(h.get("X-Tenant")).isEqualTo("metropole");
    assertThat(h.get("X-Vigie-Signature-256")).isEqualTo("sha256=" + hmac(bodies.get(0)));
  }

  @Test
  void aSignatureWithAnotherSecret_isRefusedByTheReceiver_andDeadLettered() throws Exception {
    register("not-the-receivers-secret", null);
    await(outbox.enqueue("w-1", "webhook", event("e1")));
    waitFor(() -> status("w-1") == OutboxStatus.DEAD);

    OutboxEntry e = await(outbox.entry("w-1"));
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.lastError()).contains("answered HTTP 401: bad signature");
    assertThat(e.lastError()).doesNotContain("not-the-receivers-secret");
  }

  @Test
  void serverErrorsAndThrottling_areRetried_untilTheReceiverTakesTheEvent() throws Exception {
    script.addAll(List.of(503, 429, 408));
    register(SECRET, null);
    await(outbox.enqueue("w-2", "webhook", event("e2")));
    waitFor(() -> status("w-2") == OutboxStatus.SENT);

    assertThat(await(outbox.entry("w-2")).attempts()).isEqualTo(4);
    assertThat(headers).extracting(h -> h.get("Idempotency-Key")).containsOnly("w-2");
  }

  @Test
  void aClientError_isPermanent_atTheFirstAttempt() throws Exception {
    script.add(422);
    register(SECRET, null);
    await(outbox.enqueue("w-3", "webhook", event("e3")));
    waitFor(() -> status("w-3") == OutboxStatus.DEAD);

    assertThat(calls.get()).isEqualTo(1);
    assertThat(await(outbox.entry("w-3")).lastError())
        .isEqualTo("webhook " + url() + " answered HTTP 422: status 422");
  }

  @Test
  void anUnreachableReceiver_isRetried_andTheUrlQueryIsNotShown() throws Exception {
    int port = receiver.actualPort();
    await(receiver.close());
    deliverer =
        new WebhookDeliverer(
            vertx, WebhookSettings.of("http://127.0.0.1:" + port + "/hook?key=k3y-in-query"));
    Throwable e =
        failure(
            deliverer.deliver(
                new org.vigie.alerting.outbox.OutboxMessage(
                    "w-4", "webhook", event("e4"), 1, java.time.Instant.now())));

    assertThat(e).isNotInstanceOf(org.vigie.alerting.outbox.PermanentFailure.class);
    assertThat(e.getMessage())
        .startsWith("webhook http://127.0.0.1:" + port + "/hook?… unreachable")
        .doesNotContain("k3y-in-query");
    receiver = await(vertx.createHttpServer().requestHandler(r -> {}).listen(0, "127.0.0.1"));
  }

  private OutboxStatus status(String id) {
    try {
      OutboxEntry e = await(outbox.entry(id));
      return e == null ? null : e.status();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String hmac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }
}
