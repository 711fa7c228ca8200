package org.vigie.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TCP connect and HTTP probes, Vigie against Prometheus blackbox_exporter, on the same targets at
 * the same concurrency: probes per second and CPU-seconds per 1,000 probes. Vigie's CPU is its
 * whole process (probe, event bus, state, metrics, JIT and GC); blackbox_exporter's is its process
 * answering {@code /probe} (the caller's cost, Prometheus in production, is not counted).
 */
final class ProbeBench {
  private final int probes;
  private final int concurrency;

  private final boolean vigieOnly;

  ProbeBench(int probes, int concurrency, boolean vigieOnly) {
    this.probes = probes;
    this.concurrency = concurrency;
    this.vigieOnly = vigieOnly;
  }

  record Row(String kind, String tool, long ok, int total, double wall, double cpu) {
    double perSecond() {
      return total / wall;
    }

    double cpuPerThousand() {
      return cpu * 1000 / total;
    }
  }

  List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Targets targets = Targets.start();
        BlackboxHarness blackbox = BlackboxHarness.start()) {
      for (String kind : List.of("tcp", "http")) {
        boolean http = kind.equals("http");
        var inventory = Estates.mixed(1000, 10, http ? 1 : 0, Duration.ofSeconds(60), targets);
        int port = http ? targets.httpPort : targets.tcpPort;
        java.util.function.IntFunction<String> target =
            i ->
                http
                    ? "http://" + TargetServer.address(i) + ":" + port + "/"
                    : TargetServer.address(i) + ":" + port;
        String module = http ? "http_2xx" : "tcp_connect";
        try (VigieHarness vigie = new VigieHarness(inventory)) {
          // Warm-up as long as the measure: both are long-running daemons, and a JVM still
          // compiling
          // (C2 took 30 % of the process after a 5,000-probe warm-up) is not its steady state.
          vigie.run(probes, concurrency);
          double cpu0 = ProcessCpu.self();
          long t0 = System.nanoTime();
          long ok = vigie.run(probes, concurrency);
          double wall = (System.nanoTime() - t0) / 1e9;
          rows.add(new Row(kind, "vigie", ok, probes, wall, ProcessCpu.self() - cpu0));
        }
        if (vigieOnly) {
          continue;
        }
        blackbox.run(module, probes, concurrency, target);
        double cpu0 = ProcessCpu.seconds(blackbox.pid());
        long t0 = System.nanoTime();
        long ok = blackbox.run(module, probes, concurrency, target);
        double wall = (System.nanoTime() - t0) / 1e9;
        rows.add(
            new Row(
                kind,
                "blackbox_exporter",
                ok,
                probes,
                wall,
                ProcessCpu.seconds(blackbox.pid()) - cpu0));
      }
    }
    return rows;
  }

  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| kind | tool | probes | succeeded | wall s | probes/s | CPU s | CPU s / 1,000 probes | Vigie ÷ blackbox |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      Row vigie =
          rows.stream()
              .filter(x -> x.kind().equals(r.kind()) && x.tool().equals("vigie"))
              .findFirst()
              .orElseThrow();
      Row bb =
          rows.stream()
              .filter(x -> x.kind().equals(r.kind()) && !x.tool().equals("vigie"))
              .findFirst()
              .orElse(vigie);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %,d | %.2f | %,.0f | %.2f | %.3f | %s |%n",
              r.kind(),
              r.tool(),
              r.total(),
              r.ok(),
              r.wall(),
              r.perSecond(),
              r.cpu(),
              r.cpuPerThousand(),
              r.tool().equals("vigie")
                  ? String.format(Locale.ROOT, "%.2f", vigie.cpuPerThousand() / bb.cpuPerThousand())
                  : ""));
    }
    return out.toString();
  }
}
