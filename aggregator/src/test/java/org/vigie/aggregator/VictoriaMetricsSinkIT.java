package org.vigie.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.aggregator.InfluxSinkIT.await;
import static org.vigie.aggregator.InfluxSinkIT.waitUntil;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.inventory.Check;
import org.vigie.probe.Outcome;

/**
 * InfluxSink against a real VictoriaMetrics single node (Debian package {@code victoria-metrics}),
 * which the configuration reference offers as a drop-in for InfluxDB: it must start
 * (VictoriaMetrics answers the schema statements without creating anything), write, and the points
 * must come back with their tags as labels.
 */
class VictoriaMetricsSinkIT {
  @TempDir Path spool;

  @Test
  @Timeout(120)
  void theSinkWritesToVictoriaMetrics_andThePointsComeBackWithTheirTags() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
      InfluxSink sink =
          new InfluxSink(
              vertx,
              InfluxOptions.builder()
                  .url(vm.url())
                  .database("vigie")
                  .flushInterval(Duration.ofMillis(100))
                  .timeout(Duration.ofSeconds(2))
                  .spoolDir(spool)
                  .build(),
              Clock.systemUTC());
      await(sink.start());
      await(sink.ready());
      Check tcp = Fixtures.check("jules-ferry", "server", "smb", "tcp");
      Instant t =
          Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      int n = 300;
      for (int i = 0; i < n; i++) {
        sink.accept(
            Fixtures.result(
                tcp,
                i % 3 == 0 ? Outcome.DOWN : Outcome.UP,
                t.plusSeconds(i),
                Map.of("connect_seconds", 0.001 * (i + 1))),
            tcp);
      }
      waitUntil(() -> sink.written() == n);
      await(sink.stop());

      assertThat(vm.samples("probe_tcp_up", t)).isEqualTo(n);
      // The last point (i = 299: UP, 0.3 s) with the documented tags as labels.
      JsonArray last =
          vm.query("last_over_time(probe_tcp_connect_seconds[1h])", t.plusSeconds(n - 1));
      assertThat(last.size()).isEqualTo(1);
      JsonObject series = last.getJsonObject(0);
      assertThat(series.getJsonObject("metric").getString("school")).isEqualTo("jules-ferry");
      assertThat(series.getJsonObject("metric").getString("device")).isEqualTo("server");
      assertThat(series.getJsonObject("metric").getString("check")).isEqualTo("smb");
      assertThat(Double.parseDouble(series.getJsonArray("value").getString(1))).isEqualTo(0.3);
      // a third of the points are DOWN: up averages 2/3
      JsonArray avg = vm.query("avg_over_time(probe_tcp_up[1h])", t.plusSeconds(n - 1));
      assertThat(Double.parseDouble(avg.getJsonObject(0).getJsonArray("value").getString(1)))
          .isEqualTo(200.0 / 300.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(sink.spooled()).isZero();
      assertThat(sink.rejected()).isZero();
    } finally {
      await(vertx.close());
    }
  }
}
