package org.vigie.aggregator;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.vigie.inventory.Check;
import org.vigie.probe.Outcome;

/**
 * The child process of {@link InfluxSinkKillIT}: an InfluxSink whose InfluxDB is away accepts
 * {@code n} points, prints {@code ACCEPTED n} once all are in the spool, then waits to be killed.
 *
 * <p>Arguments: spool directory, InfluxDB URL (nothing listening), n.
 */
public final class SpoolingMain {
  private SpoolingMain() {}

  public static void main(String[] args) throws Exception {
    Path spool = Path.of(args[0]);
    String url = args[1];
    int n = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx();
    InfluxSink sink =
        new InfluxSink(
            vertx,
            InfluxOptions.builder()
                .url(url)
                .database("killed")
                .spoolDir(spool)
                .batchSize(500)
                .flushInterval(Duration.ofMillis(50))
                .timeout(Duration.ofSeconds(1))
                .build(),
            Clock.systemUTC());
    sink.start().toCompletionStage().toCompletableFuture().get();
    Check c = Fixtures.check("jules-ferry", "server", "smb", "tcp");
    Instant base = Instant.parse("2026-11-02T08:00:00Z");
    for (int i = 0; i < n; i++) {
      sink.accept(Fixtures.result(c, Outcome.UP, base.plusMillis(i), Map.of("i", (double) i)), c);
    }
    while (sink.spooled() < n) {
      Thread.sleep(10);
    }
    System.out.println("ACCEPTED " + sink.spooled());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
