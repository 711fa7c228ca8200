package org.vigie.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.aggregator.InfluxSinkIT.await;
import static org.vigie.aggregator.InfluxSinkIT.waitUntil;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.influx.LineProtocol;
import org.vigie.inventory.Check;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeResult;

/**
 * InfluxDB answering slower than the write timeout, and one answering with errors that echo the
 * password: a stand-in server ({@link FakeInflux}), since a real influxd cannot be made to do
 * either on demand.
 */
class InfluxSinkSlowIT {
  private static final String PASSWORD = "hunter2-Sëcret";
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);

  @TempDir Path spool;
  private FakeInflux fake;
  private Vertx vertx;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void setUp() throws Exception {
    fake = new FakeInflux();
    // The blocked-thread checker warns as soon as an event loop is held 50 ms.
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxEventLoopExecuteTime(50)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(50)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void tearDown() throws Exception {
    root.detachAppender(logs);
    await(vertx.close());
    fake.close();
  }

  @Test
  @Timeout(60)
  void slowInflux_pointsAreSpooledThenReplayed_noneLost_andTheEventLoopIsNeverBlocked()
      throws Exception {
    fake.delayWrites(3000);
    InfluxSink sink =
        new InfluxSink(
            vertx,
            InfluxOptions.builder()
                .url(fake.url())
                .spoolDir(spool)
                .batchSize(100)
                .flushInterval(Duration.ofMillis(50))
                .timeout(WRITE_TIMEOUT)
                .build(),
            Clock.systemUTC());
    await(sink.start());
    Check c = Fixtures.check("jules-ferry", "server", "smb", "tcp");
    Instant base = Instant.parse("2026-11-02T08:00:00Z");
    Set<String> produced = new HashSet<>();
    AtomicLong n = new AtomicLong();
    AtomicLong worstLagMs = new AtomicLong();
    long[] last = {System.nanoTime()};
    // Event-loop latency probe: a 5 ms timer that records how late it fires.
    long probe =
        vertx.setPeriodic(
            5,
            id -> {
              long now = System.nanoTime();
              worstLagMs.accumulateAndGet((now - last[0]) / 1_000_000 - 5, Math::max);
              last[0] = now;
            });
    // The producer runs on an event loop too, as the aggregator does: 50 points every 10 ms.
    long producer =
        vertx.setPeriodic(
            10,
            id -> {
              for (int i = 0; i < 50; i++) {
                ProbeResult r =
                    Fixtures.result(c, Outcome.UP, base.plusMillis(n.getAndIncrement()), Map.of());
                sink.accept(r, c);
                synchronized (produced) {
                  produced.add(LineProtocol.result(r, c));
                }
              }
            });
    Thread.sleep(4000);
    assertThat(sink.spooled()).isPositive();
    assertThat(sink.written()).isZero();
    long lagWhileSlow = worstLagMs.get();

    fake.acceptWrites();
    Thread.sleep(1000);
    vertx.cancelTimer(producer);
    vertx.cancelTimer(probe);
    Thread.sleep(50);
    waitUntil(() -> sink.queued() == 0 && sink.spoolPoints() == 0);
    await(sink.stop());

    synchronized (produced) {
      // (AssertJ's containsAll is quadratic: 25,000 points take it half a minute.)
      assertThat(produced.stream().filter(l -> !fake.acknowledged.contains(l)).toList()).isEmpty();
      assertThat(produced).hasSize((int) n.get());
    }
    assertThat(sink.dropped()).isZero();
    assertThat(sink.lastError()).contains("timeout");
    // A write on an event loop would hold it for the whole write timeout. (A lower bound would
    // be flaky: on a loaded 2-core machine a thread can wait 100 ms for a core.)
    assertThat(lagWhileSlow).isLessThan(WRITE_TIMEOUT.toMillis() - 100);
    // The blocked-thread checker (50 ms) may catch the producer descheduled (even while it
    // formats lines), but never in the sink's blocking code: its HTTP client or file I/O.
    assertThat(logs.list)
        .filteredOn(e -> e.getFormattedMessage().contains("has been blocked for"))
        .allSatisfy(
            e ->
                assertThat(stack(e))
                    // Formatting a line (LineProtocol) is CPU work meant for the event loop; the
                    // blocking parts are the HTTP client and the spool's file I/O.
                    .doesNotContain("org.vigie.aggregator.influx.InfluxClient")
                    .doesNotContain("org.vigie.aggregator.influx.Spool")
                    .doesNotContain("InfluxSink.drain")
                    .doesNotContain("okhttp3")
                    .doesNotContain("org.influxdb")
                    .doesNotContain("FileChannel"));
  }

  private static String stack(ILoggingEvent e) {
    StringBuilder b = new StringBuilder();
    if (e.getThrowableProxy() != null) {
      for (var f : e.getThrowableProxy().getStackTraceElementProxyArray()) {
        b.append(f.getSTEAsString()).append('\n');
      }
    }
    return b.toString();
  }

  @Test
  @Timeout(30)
  void thePassword_neverAppearsInLogsErrorsOrOptions_evenWhenInfluxEchoesIt() throws Exception {
    fake.failEverything(
        401, "{\"error\":\"authorization failed for vigie with password " + PASSWORD + "\"}");
    InfluxOptions options =
        InfluxOptions.builder()
            .url(fake.url())
            .credentials("vigie", Secret.of(PASSWORD))
            .spoolDir(spool)
            .flushInterval(Duration.ofMillis(50))
            .timeout(Duration.ofMillis(500))
            .build();
    InfluxSink sink = new InfluxSink(vertx, options, Clock.systemUTC());
    await(sink.start());
    Check c = Fixtures.check("jules-ferry", "server", "smb", "tcp");
    sink.accept(Fixtures.result(c, Outcome.UP, Instant.now(), Map.of()), c);
    waitUntil(() -> sink.spooled() == 1);
    await(sink.stop());

    assertThat(sink.lastError()).contains("authorization failed").contains("***");
    List<String> messages =
        logs.list.stream()
            .map(
                e ->
                    e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
            .toList();
    assertThat(messages).anyMatch(m -> m.contains("authorization failed"));
    assertThat(messages).noneMatch(m -> m.contains(PASSWORD));
    assertThat(sink.lastError()).doesNotContain(PASSWORD);
    assertThat(options.toString()).doesNotContain(PASSWORD).contains("password=***");
  }
}
