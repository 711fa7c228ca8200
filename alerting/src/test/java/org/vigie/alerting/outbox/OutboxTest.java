package org.vigie.alerting.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;

/** The outbox over a real SQLite state store, with deliverers that fail on purpose. */
@Timeout(60)
class OutboxTest {
  private static final OutboxOptions FAST =
      OutboxOptions.defaults()
          .withPollInterval(Duration.ofMillis(50))
          .withBackoff(Duration.ofMillis(40), Duration.ofMillis(200));

  @TempDir Path dir;
  private Vertx vertx;
  private StateStore store;
  private Outbox outbox;
  private final List<OutboxMessage> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = await(StateStore.open(vertx, storeOptions()));
  }

  private StoreOptions storeOptions() {
    return new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db"));
  }

  @AfterEach
  void close() throws Exception {
    if (outbox != null) {
      await(outbox.close());
    }
    await(store.close());
    await(vertx.close());
  }

  private Outbox open(OutboxOptions options) throws Exception {
    outbox = await(Outbox.open(vertx, store, options, Clock.systemUTC()));
    return outbox;
  }

  private Deliverer recording() {
    return m -> {
      received.add(m);
      return Future.succeededFuture();
    };
  }

  @Test
  void theSameIdEnqueuedTwice_isDeliveredOnce() throws Exception {
    open(FAST).register("email", recording());
    assertThat(await(outbox.enqueue("inc-1#1#email#a", "email", payload("first")))).isTrue();
    assertThat(await(outbox.enqueue("inc-1#1#email#a", "email", payload("again")))).isFalse();
    waitFor(() -> received.size() == 1);
    Thread.sleep(200); // give a second delivery every chance to happen
    assertThat(received).hasSize(1);
    assertThat(received.get(0).payload().getString("text")).isEqualTo("first");
    assertThat(received.get(0).attempts()).isEqualTo(1);
    assertThat(await(outbox.entry("inc-1#1#email#a")).status()).isEqualTo(OutboxStatus.SENT);
    // Once sent, the key still guards against a replay.
    assertThat(await(outbox.enqueue("inc-1#1#email#a", "email", payload("replay")))).isFalse();
  }

  @Test
  void transientFailures_areRetriedWithBackoff_thenDelivered() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Long> times = new CopyOnWriteArrayList<>();
    open(FAST)
        .register(
            "sms",
            m -> {
              times.add(System.nanoTime());
              return calls.incrementAndGet() < 3
                  ? Future.failedFuture("gateway busy")
                  : Future.succeededFuture();
            });
    await(outbox.enqueue("m1", "sms", payload("hello")));
    waitFor(() -> statusOf("m1") == OutboxStatus.SENT);
    assertThat(calls.get()).isEqualTo(3);
    // 40 ms then 80 ms nominal backoff, ±20 %.
    assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0)))
        .isGreaterThanOrEqualTo(32);
    assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(2) - times.get(1)))
        .isGreaterThanOrEqualTo(64);
    OutboxEntry entry = await(outbox.entry("m1"));
    assertThat(entry.attempts()).isEqualTo(3);
    assertThat(entry.lastError()).isNull();
    assertThat(sample("vigie_outbox_failures_total", "sms")).isEqualTo(2.0);
    assertThat(sample("vigie_outbox_delivered_total", "sms")).isEqualTo(1.0);
  }

  @Test
  void aPermanentFailure_isADeadLetterAtOnce_andCanBeRetried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    open(FAST)
        .register(
            "webhook",
            m ->
                calls.incrementAndGet() == 1
                    ? Future.failedFuture(new PermanentFailure("HTTP 404 from the receiver"))
                    : Future.succeededFuture());
    await(outbox.enqueue("w1", "webhook", payload("x")));
    waitFor(() -> statusOf("w1") == OutboxStatus.DEAD);
    List<OutboxEntry> dead = await(outbox.deadLetters(10));
    assertThat(dead).extracting(OutboxEntry::id).containsExactly("w1");
    assertThat(dead.get(0).lastError()).isEqualTo("HTTP 404 from the receiver");
    assertThat(dead.get(0).attempts()).isEqualTo(1);
    assertThat(sample("vigie_outbox_dead_letters_total", "webhook")).isEqualTo(1.0);

    assertThat(await(outbox.retry("w1"))).isTrue();
    waitFor(() -> statusOf("w1") == OutboxStatus.SENT);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(await(outbox.retry("w1"))).isFalse();
  }

  @Test
  void aMessageFailingEveryTime_becomesDeadAfterMaxAttempts() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    open(FAST.withMaxAttempts(3))
        .register(
            "email",
            m -> {
              calls.incrementAndGet();
              throw new IllegalStateException("connection refused");
            });
    await(outbox.enqueue("e1", "email", payload("x")));
    waitFor(() -> statusOf("e1") == OutboxStatus.DEAD);
    assertThat(calls.get()).isEqualTo(3);
    assertThat(await(outbox.entry("e1")).lastError()).isEqualTo("connection refused");
    Map<OutboxStatus, Long> counts = await(outbox.counts());
    assertThat(counts).containsEntry(OutboxStatus.DEAD, 1L).containsEntry(OutboxStatus.SENT, 0L);
  }

  @Test
  void messagesWaitForTheirChannelsDeliverer() throws Exception {
    open(FAST);
    await(outbox.enqueue("g1", "glpi", payload("ticket")));
    Thread.sleep(200);
    assertThat(statusOf("g1")).isEqualTo(OutboxStatus.PENDING);
    outbox.register("glpi", recording());
    waitFor(() -> received.size() == 1);
  }

  @Test
  void aMessageIsNotDeliveredBeforeItsTime() throws Exception {
    open(FAST).register("email", recording());
    Instant notBefore = Instant.now().plusMillis(400);
    await(outbox.enqueue("later", "email", payload("at opening"), notBefore));
    waitFor(() -> received.size() == 1);
    assertThat(Instant.now()).isAfterOrEqualTo(notBefore);
  }

  @Test
  void aMessageEnqueuedInARolledBackTransaction_doesNotExist() throws Exception {
    open(FAST).register("email", recording());
    Future<Void> failed =
        store.inTransaction(
            c -> {
              outbox.enqueue(c, "ghost", "email", payload("never"), null);
              throw new SQLException("the caller's own change failed");
            });
    assertThat(failed.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get())
        .isNotNull();
    await(
        store.<Boolean>inTransaction(c -> outbox.enqueue(c, "real", "email", payload("y"), null)));
    outbox.wake();
    waitFor(() -> received.size() == 1);
    assertThat(received.get(0).id()).isEqualTo("real");
    assertThat(await(outbox.entry("ghost"))).isNull();
  }

  @Test
  void aDeliveryCutShortByACrash_isDeliveredAgainAfterTheLease_byTheNextRun() throws Exception {
    OutboxOptions shortLease = FAST.withLease(Duration.ofMillis(800), Duration.ofMillis(700));
    // The first run's deliverer never answers; the process "dies" before the timeout.
    Promise<Void> never = Promise.promise();
    AtomicInteger firstRunCalls = new AtomicInteger();
    open(shortLease)
        .register(
            "email",
            m -> {
              firstRunCalls.incrementAndGet();
              return never.future();
            });
    await(outbox.enqueue("crash", "email", payload("x")));
    waitFor(() -> firstRunCalls.get() == 1);
    assertThat(statusOf("crash")).isEqualTo(OutboxStatus.SENDING);
    outbox = null;
    await(vertx.close()); // no close of the outbox: nothing recorded
    vertx = Vertx.vertx();
    store = await(StateStore.open(vertx, storeOptions()));
    open(shortLease).register("email", recording());
    waitFor(() -> received.size() == 1);
    assertThat(received.get(0).attempts()).isEqualTo(2);
    waitFor(() -> statusOf("crash") == OutboxStatus.SENT);
  }

  @Test
  void queuedMessages_showInMetrics() throws Exception {
    open(FAST.withPollInterval(Duration.ofMillis(20)));
    await(outbox.enqueue("q1", "sms", payload("a")));
    await(outbox.enqueue("q2", "sms", payload("b")));
    waitFor(() -> sample("vigie_outbox_messages", "sms", "PENDING") == 2.0);
    assertThat(registry().getSampleValue("vigie_outbox_oldest_pending_seconds"))
        .isGreaterThanOrEqualTo(0.0);
  }

  private OutboxStatus statusOf(String id) {
    try {
      OutboxEntry e = await(outbox.entry(id));
      return e == null ? null : e.status();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private CollectorRegistry registry() {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(outbox.metrics());
    return registry;
  }

  private double sample(String name, String channel) {
    Double v = registry().getSampleValue(name, new String[] {"channel"}, new String[] {channel});
    return v == null ? 0 : v;
  }

  private double sample(String name, String channel, String status) {
    Double v =
        registry()
            .getSampleValue(
                name, new String[] {"channel", "status"}, new String[] {channel, status});
    return v == null ? 0 : v;
  }

  private static JsonObject payload(String text) {
    return new JsonObject().put("text", text);
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(10);
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
