package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Every query of every generated dashboard runs and returns data. Vigie probes a simulated commune
 * of two schools (HTTP, TCP, link, backup over FTP, NTP, and SNMP against a real {@code snmpd}) and
 * writes to a real InfluxDB, while a real Prometheus scrapes its {@code /metrics}; faults are
 * injected so that the "what is broken" panels have something to show (a service stopped, a backup
 * three days old, an access point off, an ADSL link losing half its echoes). Then, dashboard by
 * dashboard, the variable queries run in chain order (each must list the estate's value), and every
 * panel query and annotation query runs with the variables replaced and the macros expanded as
 * Grafana does: each must succeed and return at least one series, and every tag, label or column a
 * legend or a drill-down link names must be in the answer. Needs root (CI runs as root): the link
 * check sends ICMP echoes, and the lossy link is a network namespace with an nftables rule.
 */
class DashboardQueriesIT {
  private static final String COMMUNE = "besancon";
  private static final String SCHOOL = "jules-ferry";
  private static final String DEVICE = "server";

  /**
   * Datasource minimum intervals, as provisioned ({@code timeInterval} in {@code
   * DashboardGenerator.datasourcesYaml}): Grafana never makes {@code $__interval} shorter.
   */
  private static final long INFLUX_MIN_INTERVAL_S = 10;

  private static final long PROMETHEUS_MIN_INTERVAL_S = 15;

  /** Grafana's default maximum number of points of a panel (about its width in pixels). */
  private static final long MAX_DATA_POINTS = 1000;

  /** A legend alias or data link naming a tag, label or column of the answer. */
  private static final Pattern TAG_ALIAS = Pattern.compile("\\$tag_(\\w+)");

  private static final Pattern PROM_LEGEND = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
  private static final Pattern FIELD_LINK =
      Pattern.compile("\\$\\{__(?:data\\.fields|field\\.labels)\\.(\\w+)}");

  /**
   * Queries not run, by "dashboard: panel title", with the reason. Empty: every query of every
   * dashboard has data in this test. Keep it that way; add an entry only for data that cannot exist
   * yet, never to hide a broken query.
   */
  private static final Map<String, String> NOT_RUN = Map.of();

  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyPanelQueryOfEveryDashboard_returnsAtLeastOneSeries() throws Exception {
    requireRoot();
    try (LossyLink adsl = new LossyLink()) {
      runEveryQuery(adsl.address());
    }
  }

  private void runEveryQuery(String adslAddress) throws Exception {
    int http = freeTcpPort();
    int ftp = freeTcpPort();
    int ntp = freeUdpPort();
    int snmp = freeUdpPort();
    // Two schools of one commune, two link types (two rows of "Links by type"). Pasteur's ADSL
    // link ends in a network namespace that drops every other echo request: 50 % loss, DEGRADED
    // (ceiling 2 %) with RTT and jitter measured, a link for "Links degraded or down".
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
          - id: pasteur
            name: Louis Pasteur
            commune: besancon
            address: 2 rue Pasteur
            link:
              type: adsl
              provider: Orange
              down-mbps: 8
              up-mbps: 1
              address: %6$s
            devices:
              - id: router
                kind: router
                address: 127.77.1.1
                checks:
                  - { name: link, kind: link, count: 10, spacing: 20ms, interval: 1s, timeout: 1s }
              - id: ap1
                kind: access-point
                address: 127.77.1.3
                checks:
                  - { name: http, kind: http, port: %1$d, path: /, interval: 1s, timeout: 1s }
        """
            .formatted(http, freeTcpPort(), ftp, ntp, snmp, adslAddress);
    Configuration config = Configuration.load("commune.yaml", yaml);
    Process snmpd = startSnmpd(snmp);
    long start = System.currentTimeMillis();
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
                .database("vigie")
                .flushInterval(Duration.ofMillis(200))
                .spoolDir(dir.resolve("spool"))
                .build();
        Vigie vigie =
            new Vigie(
                    vertx,
                    config.inventory(),
                    TestSettings.of(dir, new Hysteresis(1, 1), Optional.of(options)),
                    Clock.systemUTC(),
                    Map.of("FTP", "vigie", "SNMP", "public"))
                .start()
                .await();
        try (PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prometheus"), "127.0.0.1:" + vigie.httpPort())) {
          // Every check UP (or DEGRADED) first, then the faults: incidents are state changes,
          // not first verdicts, and the stopped service must have measured figures before.
          int checks = config.inventory().checks().size();
          awaitSeries(
              influx,
              "SELECT count(up) FROM /^probe_/ WHERE up = 1 GROUP BY school, device, \"check\"",
              checks);
          network.stopService(SCHOOL + "/server", "smb").await();
          network.staleBackup(SCHOOL + "/server", Duration.ofDays(3)).await();
          network.stopDevice("pasteur/ap1").await();
          awaitSeries(
              influx,
              "SELECT count(reason) FROM state WHERE \"to\" = 'DOWN' GROUP BY school, device,"
                  + " \"check\"",
              3);
          // The stale backup opens a MAJOR incident at once (built-in rule backup-too-old, for
          // 0 s): the "Incidents" annotations of on-call, commune and school have a point.
          awaitSeries(influx, "SELECT count(id) FROM incident WHERE event = 'OPENED'", 1);
          // Two more runs of every check: rates (SNMP throughput) need two readings after a
          // fault as before it, and Prometheus a few scrapes.
          Thread.sleep(2000);
          prometheus.awaitTargetUp(Duration.ofSeconds(20), 4);

          long end = System.currentTimeMillis() + 1000;
          Run run = new Run(influx, prometheus, start, end);
          Map<String, JsonObject> dashboards =
              new DashboardGenerator(DashboardOptions.defaults()).dashboards(config.inventory());
          assertThat(dashboards).hasSize(7);
          dashboards.forEach(run::dashboard);
          System.out.printf(
              "DashboardQueriesIT: %d variable, %d InfluxQL, %d PromQL queries run in %d ms%n",
              run.variableQueries,
              run.influxQueries,
              run.promQueries,
              System.currentTimeMillis() - start);
          assertThat(run.failures).isEmpty();
          assertThat(run.skipped).containsExactlyInAnyOrderElementsOf(NOT_RUN.keySet());
          assertThat(run.annotations)
              .contains(
                  "vigie-on-call.json: annotation Incidents",
                  "vigie-commune.json: annotation Incidents",
                  "vigie-school.json: annotation Incidents");
          assertThat(run.influxQueries).isGreaterThanOrEqualTo(45);
          assertThat(run.promQueries).isGreaterThanOrEqualTo(11);
        }
      } finally {
        vertx.close().await();
      }
    } finally {
      snmpd.destroy();
      snmpd.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Waits (up to 20 s) until {@code q} answers at least {@code n} series. */
  private static void awaitSeries(InfluxServer influx, String q, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int found = 0;
    while (System.nanoTime() < deadline) {
      JsonObject r = influx.query("vigie", q).getJsonArray("results").getJsonObject(0);
      found = r.getJsonArray("series", new JsonArray()).size();
      if (found >= n) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("waited 20 s for " + n + " series, got " + found + ": " + q);
  }

  /** Runs the queries of the dashboards against the servers, collecting what fails. */
  private static final class Run {
    final InfluxServer influx;
    final PrometheusServer prometheus;
    final long start;
    final long end;
    final List<String> failures = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final List<String> annotations = new ArrayList<>();
    int variableQueries;
    int influxQueries;
    int promQueries;

    Run(InfluxServer influx, PrometheusServer prometheus, long start, long end) {
      this.influx = influx;
      this.prometheus = prometheus;
      this.start = start;
      this.end = end;
    }

    void dashboard(String file, JsonObject dashboard) {
      List<Map<String, String>> choices = variables(file, dashboard);
      for (Object p : dashboard.getJsonArray("panels")) {
        JsonObject panel = (JsonObject) p;
        String where = file + ": " + panel.getString("title");
        if (NOT_RUN.containsKey(where)) {
          skipped.add(where);
          continue;
        }
        long from = from(panel);
        String links = panel.getJsonObject("fieldConfig").encode();
        for (Object t : panel.getJsonArray("targets")) {
          JsonObject target = (JsonObject) t;
          String what = where + " [" + target.getString("refId") + "]";
          try {
            if (target.getJsonObject("datasource").getString("type").equals("prometheus")) {
              prom(what, target, from);
            } else {
              influx(
                  what,
                  target.getString("query"),
                  target.getString("alias"),
                  choices,
                  from,
                  links,
                  List.of());
            }
          } catch (RuntimeException | IOException | InterruptedException e) {
            failures.add(what + ": " + e.getMessage());
          }
        }
      }
      for (Object a : dashboard.getJsonObject("annotations").getJsonArray("list")) {
        JsonObject target = ((JsonObject) a).getJsonObject("target");
        if (target != null) {
          String what = file + ": annotation " + ((JsonObject) a).getString("name");
          // The title, text and tags columns Grafana reads must be in the answer.
          List<String> columns = new ArrayList<>();
          for (String key : List.of("titleColumn", "textColumn", "tagsColumn")) {
            for (String c : target.getString(key, "").split(",")) {
              if (!c.isBlank()) {
                columns.add(c.strip());
              }
            }
          }
          try {
            influx(what, target.getString("query"), null, choices, start, "", columns);
            annotations.add(what);
          } catch (RuntimeException e) {
            failures.add(what + ": " + e.getMessage());
          }
        }
      }
    }

    /**
     * Runs the variable queries in order, each with the values chosen before it: the estate's
     * commune and school, and each device the device query lists (a device panel has data for some
     * devices only: the CPU of an SNMP device, the backup of a server).
     */
    private List<Map<String, String>> variables(String file, JsonObject dashboard) {
      Map<String, String> vars = new LinkedHashMap<>();
      List<String> devices = List.of();
      for (Object o : dashboard.getJsonObject("templating").getJsonArray("list")) {
        JsonObject v = (JsonObject) o;
        String name = v.getString("name");
        String q = expand(v.getString("query"), vars, start, end);
        // One series per measurement of /^probe_/: Grafana lists each value once.
        java.util.Set<String> values = new java.util.LinkedHashSet<>();
        for (Object s : influxSeries(q)) {
          for (Object row : ((JsonObject) s).getJsonArray("values")) {
            values.add(((JsonArray) row).getString(1));
          }
        }
        variableQueries++;
        String value =
            switch (name) {
              case "commune" -> COMMUNE;
              case "school" -> SCHOOL;
              case "device" -> DEVICE;
              default -> throw new AssertionError(file + ": unexpected variable " + name);
            };
        assertThat(values).as(file + ": " + q).contains(value);
        // Grafana regex-escapes the value of a multi-value or "All" variable, used in a regex.
        boolean escaped = v.getBoolean("multi", false) || v.getBoolean("includeAll", false);
        if (name.equals("device")) {
          assertThat(values)
              .as(file + ": " + q)
              .containsExactlyInAnyOrder("router", "server", "ap1");
          devices = values.stream().map(d -> escaped ? regexEscape(d) : d).toList();
        } else {
          vars.put(name, escaped ? regexEscape(value) : value);
        }
      }
      if (devices.isEmpty()) {
        return List.of(vars);
      }
      List<Map<String, String>> choices = new ArrayList<>();
      for (String d : devices) {
        Map<String, String> m = new LinkedHashMap<>(vars);
        m.put("device", d);
        choices.add(m);
      }
      return choices;
    }

    /**
     * Runs an InfluxQL query once per choice of variables: it must never fail, must return a series
     * for at least one choice, and every tag a legend alias ({@code $tag_x}) or a drill-down link
     * names, and every column an annotation reads, must be in each answer, as a tag or a column.
     */
    private void influx(
        String what,
        String query,
        String alias,
        List<Map<String, String>> choices,
        long from,
        String links,
        List<String> read) {
      List<String> named = new ArrayList<>(read);
      Matcher m = TAG_ALIAS.matcher(alias == null ? "" : alias);
      while (m.find()) {
        named.add(m.group(1));
      }
      m = FIELD_LINK.matcher(links);
      while (m.find()) {
        named.add(m.group(1));
      }
      boolean any = false;
      String q = null;
      for (Map<String, String> vars : choices) {
        q = expand(query, vars, from, end);
        JsonArray series = influxSeries(q);
        influxQueries++;
        any |= !series.isEmpty();
        for (Object o : series) {
          JsonObject s = (JsonObject) o;
          JsonObject tags = s.getJsonObject("tags", new JsonObject());
          JsonArray columns = s.getJsonArray("columns");
          for (String name : named) {
            if (!tags.containsKey(name) && !columns.contains(name)) {
              failures.add(what + ": no tag or column '" + name + "' in " + s.encode());
              return;
            }
          }
        }
      }
      if (!any) {
        failures.add(
            what + ": no series for " + q + (choices.size() > 1 ? " (nor any device)" : ""));
      }
    }

    private void prom(String where, JsonObject target, long from)
        throws IOException, InterruptedException {
      long intervalS = Math.max(PROMETHEUS_MIN_INTERVAL_S, (end - from) / 1000 / MAX_DATA_POINTS);
      // Grafana: $__rate_interval = max($__interval + scrape interval, 4 × scrape interval), the
      // scrape interval being the datasource's timeInterval.
      long rateS = Math.max(intervalS + PROMETHEUS_MIN_INTERVAL_S, 4 * PROMETHEUS_MIN_INTERVAL_S);
      String expr =
          target
              .getString("expr")
              .replace("$__rate_interval", rateS + "s")
              .replace("$__interval", intervalS + "s");
      assertThat(expr).as("every variable replaced").doesNotContain("$");
      // Step 1 s (Prometheus scrapes every second here) rather than Grafana's 15 s aligned to a
      // multiple of itself: the test cannot wait for the next 15 s boundary.
      JsonArray series = prometheus.queryRange(expr, from, end, 1);
      promQueries++;
      if (series.isEmpty()) {
        failures.add(where + ": no series for " + expr);
        return;
      }
      Matcher m = PROM_LEGEND.matcher(target.getString("legendFormat", ""));
      while (m.find()) {
        for (Object s : series) {
          if (!((JsonObject) s).getJsonObject("metric").containsKey(m.group(1))) {
            failures.add(where + ": no label '" + m.group(1) + "' in " + s);
          }
        }
      }
    }

    /** The start of the panel's range: its own {@code timeFrom} or the dashboard's. */
    private long from(JsonObject panel) {
      String timeFrom = panel.getString("timeFrom");
      if (timeFrom == null) {
        return start;
      }
      assertThat(timeFrom).as("relative ranges the test knows").isEqualTo("now/M");
      long month =
          LocalDate.now(ZoneOffset.UTC)
              .withDayOfMonth(1)
              .atStartOfDay()
              .toInstant(ZoneOffset.UTC)
              .toEpochMilli();
      return Math.min(month, start);
    }

    private JsonArray influxSeries(String q) {
      JsonObject result = influx.query("vigie", q).getJsonArray("results").getJsonObject(0);
      if (result.getString("error") != null) {
        throw new IllegalStateException(q + ": " + result.getString("error"));
      }
      return result.getJsonArray("series", new JsonArray());
    }
  }

  /**
   * Grafana's InfluxQL interpolation: variables get their values, {@code $timeFilter} becomes
   * {@code time >= FROMms and time <= TOms} and {@code $__interval} the range divided by the
   * panel's points, never below the datasource's minimum (10 s).
   */
  static String expand(String q, Map<String, String> vars, long from, long to) {
    long intervalS = Math.max(INFLUX_MIN_INTERVAL_S, (to - from) / 1000 / MAX_DATA_POINTS);
    String out =
        q.replace("$timeFilter", "time >= " + from + "ms and time <= " + to + "ms")
            .replace("$__interval", intervalS + "s");
    for (var e : vars.entrySet()) {
      out = out.replace("$" + e.getKey(), e.getValue());
    }
    assertThat(out).as("every variable replaced").doesNotContainPattern("\\$[A-Za-z_{]");
    return out;
  }

  /** Grafana's {@code escapeRegex}. */
  static String regexEscape(String value) {
    return value.replaceAll("[\\\\^$*+?.()|\\[\\]{}/]", "\\\\$0");
  }

  /**
   * A school's internet link that loses every other echo request: a veth pair from this host to a
   * network namespace of the test's own (addresses in 198.18.0.0/15, the benchmarking range no
   * network routes), whose nftables input chain drops one echo request in two. Deleting the
   * namespace deletes both veth ends and the rule.
   */
  private static final class LossyLink implements AutoCloseable {
    private final String id =
        HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private final String ns = "vigie-test-" + id + "-adsl";
    private final int third = 1 + ThreadLocalRandom.current().nextInt(254);
    private final int subnet = 4 * ThreadLocalRandom.current().nextInt(64);

    LossyLink() throws Exception {
      String host = "vd" + id + "h";
      String far = "vd" + id + "f";
      run("ip", "netns", "add", ns);
      try {
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "link", "add", host, "type", "veth", "peer", "name", far, "netns", ns);
        run("ip", "addr", "add", prefix() + (subnet + 1) + "/30", "dev", host);
        run("ip", "-n", ns, "addr", "add", address() + "/30", "dev", far);
        run("ip", "link", "set", host, "up");
        run("ip", "-n", ns, "link", "set", far, "up");
        run(
            "ip",
            "netns",
            "exec",
            ns,
            "nft",
            "add table inet vigie; add chain inet vigie input { type filter hook input priority 0"
                + " ; }; add rule inet vigie input icmp type echo-request numgen inc mod 2 == 0"
                + " drop");
      } catch (Exception e) {
        close();
        throw e;
      }
    }

    private String prefix() {
      return "198.18." + third + ".";
    }

    /** The far end: the address the link check pings. */
    String address() {
      return prefix() + (subnet + 2);
    }

    private static void run(String... command) throws Exception {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    }

    @Override
    public void close() throws Exception {
      run("ip", "netns", "del", ns);
    }
  }

  private Process startSnmpd(int port) throws Exception {
    Path conf = dir.resolve("snmpd.conf");
    // net-snmp computes hrProcessorLoad over a minute and lists no processor before its first
    // minute, longer than this test lives: the override answers the first CPU's load (7 %) at
    // once, so the CPU panel's query is proven on a figure the SNMP probe really read.
    Files.writeString(
        conf,
        """
        rocommunity public 127.0.0.0/8
        override .1.3.6.1.2.1.25.3.3.1.2.196608 integer 7
        """);
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
