package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.InfluxServer;
import org.vigie.dashboards.DashboardGenerator;
import org.vigie.dashboards.DashboardOptions;
import org.vigie.simulator.SimulatedNetwork;
import org.vigie.simulator.SimulatorOptions;

/**
 * Every InfluxQL query of the School dashboard runs and returns data: Vigie probes a simulated
 * school (HTTP, TCP, link, backup over FTP, NTP, and SNMP against a real {@code snmpd}) and writes
 * to a real InfluxDB; each panel query, its annotation query and its variable queries are then
 * executed with the variables replaced and {@code $timeFilter} / {@code $__interval} expanded as
 * Grafana does. Needs root (CI runs as root): the link check sends ICMP echoes.
 */
class DashboardQueriesIT {
  private static final String SCHOOL = "jules-ferry";
  private static final String COMMUNE = "besancon";

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everySchoolPanelQuery_returnsAtLeastOneSeries() throws Exception {
    requireRoot();
    int http = freeTcpPort();
    int ftp = freeTcpPort();
    int ntp = freeUdpPort();
    int snmp = freeUdpPort();
    String yaml =
        """
        vigie:
          state:
            down-after: 1
            up-after: 1
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
            link:
              type: fibre
              provider: Lumière
              down-mbps: 100
              up-mbps: 50
              address: 127.77.0.1
            devices:
              - id: router
                kind: router
                address: 127.77.0.1
                checks:
                  - { name: admin, kind: http, port: %1$d, path: /, interval: 1s, timeout: 1s }
                  - { name: link, kind: link, count: 5, spacing: 20ms, interval: 1s, timeout: 1s }
                  - { name: snmp, kind: snmp, port: %5$d, community: "env:SNMP", wan-interface: ".*", interval: 1s, timeout: 1s }
              - id: server
                kind: server
                address: 127.77.0.2
                checks:
                  - { name: health, kind: http, port: %1$d, path: /health, interval: 1s, timeout: 1s }
                  - { name: smb, kind: tcp, port: %2$d, interval: 1s, timeout: 1s }
                  - { name: backup, kind: backup, port: %3$d, user: vigie, password: "env:FTP", path: /backups, interval: 1s, timeout: 1s }
                  - { name: ntp, kind: ntp, port: %4$d, interval: 1s, timeout: 1s }
                  - { name: snmp, kind: snmp, port: %5$d, community: "env:SNMP", interval: 1s, timeout: 1s }
              - id: ap1
                kind: access-point
                address: 127.77.0.3
                checks:
                  - { name: http, kind: http, port: %1$d, path: /, interval: 1s, timeout: 1s }
        """
            .formatted(http, freeTcpPort(), ftp, ntp, snmp);
    Configuration config = Configuration.load("school.yaml", yaml);
    Process snmpd = startSnmpd(snmp);
    long start = System.currentTimeMillis();
    try (InfluxServer influx = InfluxServer.start()) {
      Vertx vertx = Vertx.vertx();
      try {
        SimulatedNetwork network =
            new SimulatedNetwork(vertx, config.inventory(), SimulatorOptions.defaults());
        network.start().await();
        InfluxOptions options =
            InfluxOptions.builder()
                .url(influx.url())
                .database("vigie")
                .flushInterval(Duration.ofMillis(200))
                .spoolDir(dir.resolve("spool"))
                .build();
        new Vigie(
                vertx,
                config.inventory(),
                TestSettings.of(dir, new Hysteresis(1, 1), Optional.of(options)),
                Clock.systemUTC(),
                Map.of("FTP", "vigie", "SNMP", "public"))
            .start()
            .await();
        Thread.sleep(4000);
        network.stopService(SCHOOL + "/server", "smb").await();
        Thread.sleep(3000);

        JsonObject dashboard =
            new DashboardGenerator(DashboardOptions.defaults())
                .dashboards(config.inventory())
                .get("vigie-school.json");
        long end = System.currentTimeMillis() + 1000;
        Map<String, String> vars = new LinkedHashMap<>();
        // The variables are chained: each one's query runs with the values before it.
        for (Object o : dashboard.getJsonObject("templating").getJsonArray("list")) {
          JsonObject v = (JsonObject) o;
          List<String> values = tagValues(influx, expand(v.getString("query"), vars, start, end));
          String expected =
              switch (v.getString("name")) {
                case "commune" -> COMMUNE;
                case "school" -> SCHOOL;
                default -> "server";
              };
          assertThat(values).as(v.getString("query")).contains(expected);
          vars.put(
              v.getString("name"), v.getBoolean("includeAll") ? v.getString("allValue") : expected);
        }
        List<String> empty = new ArrayList<>();
        int queries = 0;
        for (Object p : dashboard.getJsonArray("panels")) {
          JsonObject panel = (JsonObject) p;
          for (Object t : panel.getJsonArray("targets")) {
            String q = ((JsonObject) t).getString("query");
            // Runs without error (series() checks), but net-snmp's hrProcessorLoad is a
            // one-minute average: the agent reports none in its first minute, this test's life.
            boolean agentHasNoFigureYet = panel.getString("title").equals("CPU load (SNMP)");
            if (series(influx, expand(q, vars, start, end)) == 0 && !agentHasNoFigureYet) {
              empty.add(panel.getString("title") + ": " + q);
            }
            queries++;
          }
        }
        for (Object a : dashboard.getJsonObject("annotations").getJsonArray("list")) {
          JsonObject target = ((JsonObject) a).getJsonObject("target");
          if (target != null) {
            String q = target.getString("query");
            if (series(influx, expand(q, vars, start, end)) == 0) {
              empty.add("annotation: " + q);
            }
            queries++;
          }
        }
        assertThat(empty).isEmpty();
        assertThat(queries).isGreaterThanOrEqualTo(15);
      } finally {
        vertx.close().await();
      }
    } finally {
      snmpd.destroy();
      snmpd.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Grafana's InfluxQL interpolation: a variable inside a regex gets its value (regex-escaped by
   * Grafana; ours need none), {@code $timeFilter} becomes {@code time >= FROMms and time <= TOms}
   * and {@code $__interval} the computed interval (the datasource's 10 s minimum here).
   */
  static String expand(String q, Map<String, String> vars, long from, long to) {
    String out =
        q.replace("$timeFilter", "time >= " + from + "ms and time <= " + to + "ms")
            .replace("$__interval", "10s");
    for (var e : vars.entrySet()) {
      out = out.replace("$" + e.getKey(), e.getValue());
    }
    assertThat(out).as("every variable replaced").doesNotContainPattern("\\$[A-Za-z_{]");
    return out;
  }

  private static int series(InfluxServer influx, String q) {
    JsonObject result = influx.query("vigie", q).getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("error")).as(q).isNull();
    JsonArray series = result.getJsonArray("series");
    return series == null ? 0 : series.size();
  }

  private static List<String> tagValues(InfluxServer influx, String q) {
    JsonObject result = influx.query("vigie", q).getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("error")).as(q).isNull();
    List<String> values = new ArrayList<>();
    JsonArray series = result.getJsonArray("series");
    if (series != null) {
      for (Object s : series) {
        for (Object row : ((JsonObject) s).getJsonArray("values")) {
          values.add(((JsonArray) row).getString(1));
        }
      }
    }
    return values;
  }

  private Process startSnmpd(int port) throws Exception {
    Path conf = dir.resolve("snmpd.conf");
    Files.writeString(conf, "rocommunity public 127.0.0.0/8\n");
    Path persistent = Files.createDirectories(dir.resolve("snmp-persistent"));
    ProcessBuilder pb =
        new ProcessBuilder(
                "/usr/sbin/snmpd",
                "-f",
                "-Lo",
                "-C",
                "-c",
                conf.toString(),
                "udp:127.77.0.1:" + port + ",udp:127.77.0.2:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("snmpd.log").toFile());
    pb.environment().put("SNMP_PERSISTENT_DIR", persistent.toString());
    return pb.start();
  }

  private static void requireRoot() throws Exception {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (uid != 0) {
      throw new IllegalStateException(
          "this test needs root (CI runs as root) to send ICMP echoes for the link check; running"
              + " as uid "
              + uid);
    }
  }

  private static int freeTcpPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
