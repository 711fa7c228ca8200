package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.InfluxServer;
import org.vigie.simulator.SimulatedNetwork;
import org.vigie.simulator.SimulatorOptions;

/**
 * Issue #7: the running Vigie writes its incidents to a real InfluxDB (measurement {@code
 * incident}) for the dashboards' annotations. A simulated server's backup is aged to three days:
 * the built-in rule {@code backup-too-old} (MAJOR, for 0 s) opens an incident at once; fresh
 * backups again resolve it. Exactly two points must be in InfluxDB, OPENED then RESOLVED, with the
 * incident's tags, id, title, text and, on the resolution, how long it lasted.
 */
class IncidentTimeSeriesIT {
  private static final String DB = "vigie_incidents";
  private static final String SERVER = "jules-ferry/server";

  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void anIncidentOpenedThenResolved_isTwoPointsInTheIncidentMeasurement() throws Exception {
    String yaml =
        """
        check-defaults:
          router: []
          switch: []
          server: []
          access-point: []
          printer: []
          workstation: []
        communes:
          - id: besancon
            name: Besançon
        schools:
          - id: jules-ferry
            name: Jules Ferry
            commune: besancon
            address: 1 rue de l'École
            link: { type: fibre, provider: Lumière, down-mbps: 100, up-mbps: 50, address: 127.77.0.1 }
            devices:
              - id: server
                kind: server
                address: 127.77.0.2
                checks:
                  - { name: smb, kind: tcp, port: %1$d, interval: 1s, timeout: 1s }
                  - { name: backup, kind: backup, port: %2$d, user: vigie, password: "env:FTP", path: /backups, interval: 1s, timeout: 1s }
        """
            .formatted(freePort(), freePort());
    Configuration config = Configuration.load("incidents.yaml", yaml);
    try (InfluxServer influx = InfluxServer.start()) {
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
                .database(DB)
                .flushInterval(Duration.ofMillis(200))
                .spoolDir(dir.resolve("spool"))
                .build();
        Instant start = Instant.now();
        new Vigie(
                vertx,
                config.inventory(),
                TestSettings.of(dir, new Hysteresis(1, 1), Optional.of(options)),
                Clock.systemUTC(),
                Map.of("FTP", "vigie"))
            .start()
            .await();
        // Both checks UP first: a condition needs a known state.
        awaitCount(influx, "SELECT count(\"to\") FROM state WHERE \"to\" = 'UP'", 2);
        network.staleBackup(SERVER, Duration.ofDays(3)).await();
        awaitCount(influx, "SELECT count(id) FROM incident WHERE event = 'OPENED'", 1);
        network.reset(SERVER).await();
        awaitCount(influx, "SELECT count(id) FROM incident WHERE event = 'RESOLVED'", 1);
        Thread.sleep(1500); // anything written after the resolution would show by now

        JsonArray rows =
            influx.rows(
                DB,
                "SELECT event, commune, school, severity, scope, fingerprint, id, title, text,"
                    + " duration_s FROM incident");
        assertThat(rows).as(rows.encodePrettily()).hasSize(2);
        JsonArray opened = rows.getJsonArray(0);
        JsonArray resolved = rows.getJsonArray(1);
        // A figure rule's incident: the check and the rule.
        String fingerprint = "check:jules-ferry/server/backup:backup-too-old";
        assertThat(opened.getList().subList(1, 7))
            .containsExactly("OPENED", "besancon", "jules-ferry", "MAJOR", "CHECK", fingerprint);
        assertThat(resolved.getList().subList(1, 7))
            .containsExactly("RESOLVED", "besancon", "jules-ferry", "MAJOR", "CHECK", fingerprint);
        String id = opened.getString(7);
        assertThat(id).startsWith(fingerprint + "@");
        assertThat(resolved.getString(7)).isEqualTo(id);
        assertThat(opened.getString(8)).isEqualTo("OPENED MAJOR " + fingerprint);
        assertThat(resolved.getString(8)).isEqualTo("RESOLVED MAJOR " + fingerprint);
        assertThat(opened.getString(9)).isNotBlank();
        assertThat(resolved.getString(9)).contains("recovered");
        assertThat(opened.getValue(10)).isNull();
        // It lasted from the cause's start (the id's epoch ms: before the OPENED event, which
        // comes at the next evaluation) to the resolution.
        long since = Long.parseLong(id.substring(id.indexOf('@') + 1));
        long resolvedAt = Instant.parse(resolved.getString(0)).toEpochMilli();
        assertThat(since).isLessThanOrEqualTo(Instant.parse(opened.getString(0)).toEpochMilli());
        assertThat(resolved.getDouble(10)).isCloseTo((resolvedAt - since) / 1e3, within(1e-6));
        assertThat(Instant.parse(opened.getString(0))).isAfter(start);
      } finally {
        vertx.close().await();
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  /** Waits (up to 20 s) until the count query answers at least {@code n}. */
  private static void awaitCount(InfluxServer influx, String q, long n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long found = 0;
    while (System.nanoTime() < deadline) {
      found = influx.count(DB, q);
      if (found >= n) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("waited 20 s for " + n + ", got " + found + ": " + q);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
