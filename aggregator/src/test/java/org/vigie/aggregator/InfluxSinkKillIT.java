package org.vigie.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.aggregator.InfluxSinkIT.await;
import static org.vigie.aggregator.InfluxSinkIT.waitUntil;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A kill -9 of a process with a non-empty spool loses nothing it had accepted into the spool. */
class InfluxSinkKillIT {
  private static final int POINTS = 5000;

  @TempDir Path spool;

  @Test
  @Timeout(120)
  void killedWithAFullSpool_theNextProcessReplaysEveryAcceptedPoint() throws Exception {
    int deadPort = InfluxServer.freePort(); // nothing listens there: InfluxDB is down
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SpoolingMain.class.getName(),
                spool.toString(),
                "http://127.0.0.1:" + deadPort,
                Integer.toString(POINTS))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String accepted = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACCEPTED ")) {
          accepted = line;
          break;
        }
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(accepted).isEqualTo("ACCEPTED " + POINTS);
    // As if the kill had landed in the middle of a write: half a line at the end of the spool.
    List<Path> segments;
    try (var files = Files.list(spool)) {
      segments = files.sorted().toList();
    }
    assertThat(segments).isNotEmpty();
    Files.writeString(
        segments.getLast(),
        "probe_tcp,check=smb,school=jules-ferry up=1",
        StandardOpenOption.APPEND);

    try (InfluxServer influx = InfluxServer.start()) {
      Vertx vertx = Vertx.vertx();
      InfluxSink sink =
          new InfluxSink(
              vertx,
              InfluxOptions.builder()
                  .url(influx.url())
                  .database("killed")
                  .spoolDir(spool)
                  .flushInterval(Duration.ofMillis(50))
                  .build(),
              Clock.systemUTC());
      await(sink.start());
      waitUntil(() -> sink.replayed() >= POINTS && sink.spoolPoints() == 0);
      await(sink.stop());
      await(vertx.close());

      assertThat(sink.replayed()).isEqualTo(POINTS);
      assertThat(sink.corrupt()).isEqualTo(1);
      assertThat(influx.count("killed", "SELECT count(up) FROM probe_tcp")).isEqualTo(POINTS);
      assertThat(influx.count("killed", "SELECT sum(i) FROM probe_tcp"))
          .isEqualTo((long) POINTS * (POINTS - 1) / 2);
    }
  }
}
