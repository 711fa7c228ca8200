package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.InfluxServer;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.simulator.EstateGenerator;
import org.vigie.simulator.SimulatedNetwork;
import org.vigie.simulator.SimulatorOptions;

/**
 * The running program writes its results and state changes to a real InfluxDB (Debian {@code
 * influxdb}, started by the test), and exports the sink's counters in {@code /metrics}.
 */
class TimeSeriesIT {
  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void vigie_writesResultsAndStateChanges_toInfluxDb() throws Exception {
    try (InfluxServer influx = InfluxServer.start()) {
      String yaml =
          new EstateGenerator()
              .generate(
                  EstateGenerator.Options.defaults()
                      .withCommunes(2)
                      .withSchools(2)
                      .withSeed(11)
                      .withCheckInterval(Duration.ofSeconds(1)));
      Configuration config = Configuration.load("ts.yaml", yaml);
      Vertx vertx = Vertx.vertx();
      try {
        SimulatedNetwork network =
            new SimulatedNetwork(
                vertx,
                config.inventory(),
                SimulatorOptions.defaults().withFtpPort(0).withNtpPort(0));
        network.start().await();
        InfluxOptions options =
            InfluxOptions.builder()
                .url(influx.url())
                .database("vigie_e2e")
                .flushInterval(Duration.ofMillis(200))
                .spoolDir(dir.resolve("spool"))
                .build();
        Vigie vigie =
            new Vigie(
                    vertx,
                    config.inventory(),
                    TestSettings.of(dir, new Hysteresis(2, 1), Optional.of(options)),
                    Clock.systemUTC(),
                    java.util.Map.of())
                .start()
                .await();
        Device server =
            config.inventory().devices().stream()
                .filter(d -> d.kind() == DeviceKind.SERVER)
                .findFirst()
                .orElseThrow();
        Thread.sleep(2500);
        network.stopDevice(server.key()).await();
        Thread.sleep(3500);

        long tcp =
            influx.count(
                "vigie_e2e",
                "SELECT count(up) FROM probe_tcp WHERE school='"
                    + server.schoolId()
                    + "' AND device='server' AND \"check\"='smb'");
        assertThat(tcp).isGreaterThanOrEqualTo(4);
        long down =
            influx.count(
                "vigie_e2e",
                "SELECT count(up) FROM probe_tcp WHERE school='"
                    + server.schoolId()
                    + "' AND device='server' AND up=0");
        assertThat(down).isGreaterThan(0);
        var states =
            influx.rows(
                "vigie_e2e",
                "SELECT \"to\" FROM state WHERE school='"
                    + server.schoolId()
                    + "' AND \"to\"='DOWN'");
        assertThat(states).isNotEmpty();

        String metrics = Scrape.metrics(vigie.httpPort());
        assertThat(metrics).contains("vigie_influx_points_written_total");
        assertThat(Scrape.value(metrics, "vigie_influx_points_written_total")).isGreaterThan(0);
      } finally {
        vertx.close().await();
      }
    }
  }
}
