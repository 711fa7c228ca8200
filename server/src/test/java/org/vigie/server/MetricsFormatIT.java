package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.Hysteresis;
import org.vigie.simulator.EstateGenerator;
import org.vigie.simulator.SimulatedNetwork;
import org.vigie.simulator.SimulatorOptions;

/** Vigie's {@code /metrics} passes Prometheus' own linter ({@code promtool check metrics}). */
class MetricsFormatIT {
  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void metricsEndpoint_passesPromtoolCheckMetrics() throws Exception {
    String yaml =
        new EstateGenerator()
            .generate(
                EstateGenerator.Options.defaults()
                    .withCommunes(3)
                    .withSchools(4)
                    .withSeed(7)
                    .withCheckInterval(Duration.ofSeconds(1)));
    Configuration config = Configuration.load("promtool.yaml", yaml);
    Vertx vertx = Vertx.vertx();
    try {
      new SimulatedNetwork(
              vertx, config.inventory(), SimulatorOptions.defaults().withFtpPort(0).withNtpPort(0))
          .start()
          .await();
      Vigie vigie =
          new Vigie(
                  vertx,
                  config.inventory(),
                  TestSettings.of(dir, Hysteresis.defaults(), java.util.Optional.empty()),
                  Clock.systemUTC(),
                  java.util.Map.of())
              .start()
              .await();
      Thread.sleep(2500);
      String metrics = Scrape.metrics(vigie.httpPort());
      assertThat(metrics).contains("vigie_probe_success{", "vigie_schedule_lag_seconds_bucket");
      Lint lint = promtool(metrics);
      assertThat(lint.output()).as("promtool check metrics").isEmpty();
      assertThat(lint.exitCode()).isZero();
    } finally {
      vertx.close().await();
    }
  }

  private record Lint(int exitCode, String output) {}

  private static Lint promtool(String metrics) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "promtool not found: install Debian package 'prometheus' (./run-tests does it as root)",
          e);
    }
    p.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return new Lint(p.waitFor(), out);
  }
}
