package org.vigie.aggregator;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.vigie.inventory.Check;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeResult;

/**
 * Sustained points per second from {@link InfluxSink} into a local InfluxDB 1.6 on loopback, and
 * the CPU Vigie spends per 100,000 points. Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <p>Arguments: points (default 2,000,000), checks (default 2,000), target ({@code influxdb}, the
 * default, or {@code victoria}: a VictoriaMetrics single node, which takes the same line protocol
 * and shows what the sink sustains when the database is not the bottleneck). Each point is a TCP
 * result with three figures, like a real probe's.
 */
public final class InfluxSinkBenchmark {
  private InfluxSinkBenchmark() {}

  /** What InfluxDB ingests with no sink at all: the same lines, pre-formatted, POSTed in turn. */
  private static double ceiling(String url, List<Check> checks, int points) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    Instant base = Instant.parse("2026-12-02T08:00:00Z");
    List<String> bodies = new java.util.ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < points; i++) {
      Check c = checks.get(i % checks.size());
      b.append(
              org.vigie.aggregator.influx.LineProtocol.result(
                  Fixtures.result(
                      c,
                      Outcome.UP,
                      base.plusMillis(i / checks.size()),
                      Map.of("connect_seconds", 0.0012, "rtt_seconds", 0.0008, "port", 445.0)),
                  c))
          .append('\n');
      if ((i + 1) % 5000 == 0) {
        bodies.add(b.toString());
        b.setLength(0);
      }
    }
    var uri = java.net.URI.create(url + "/write?db=bench&rp=vigie&precision=ms");
    long t0 = System.nanoTime();
    for (String body : bodies) {
      var r =
          http.send(
              java.net.http.HttpRequest.newBuilder(uri)
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 204) {
        throw new IllegalStateException("HTTP " + r.statusCode());
      }
    }
    return bodies.size() * 5000 / ((System.nanoTime() - t0) / 1e9);
  }

  public static void main(String[] args) throws Exception {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int checkCount = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    List<Check> checks =
        IntStream.range(0, checkCount)
            .mapToObj(i -> Fixtures.check("school-" + (i / 20), "server-" + (i % 20), "smb", "tcp"))
            .toList();
    Path spool = Files.createTempDirectory("vigie-bench-spool");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    boolean victoria = args.length > 2 && args[2].equals("victoria");
    InfluxServer influx = victoria ? null : InfluxServer.start();
    VictoriaMetricsServer vm = victoria ? VictoriaMetricsServer.start() : null;
    String url = victoria ? vm.url() : influx.url();
    try {
      Vertx vertx = Vertx.vertx();
      InfluxSink sink =
          new InfluxSink(
              vertx,
              InfluxOptions.builder().url(url).database("bench").spoolDir(spool).build(),
              Clock.systemUTC());
      sink.start().toCompletionStage().toCompletableFuture().get();
      sink.ready().toCompletionStage().toCompletableFuture().get();
      Instant base = Instant.parse("2026-11-02T08:00:00Z");
      long cpu0 = os.getProcessCpuTime();
      long thread0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long generationNanos = 0;
      for (int i = 0; i < points; i++) {
        // Back-pressure by hand: keep at most ten batches in memory so that nothing is dropped
        // and the figure is what InfluxDB sustains, not how fast a queue fills.
        while (sink.queued() > 50_000) {
          Thread.sleep(1);
        }
        Check c = checks.get(i % checkCount);
        long g = System.nanoTime();
        ProbeResult r =
            Fixtures.result(
                c,
                Outcome.UP,
                base.plusMillis(i / checkCount),
                Map.of("connect_seconds", 0.0012, "rtt_seconds", 0.0008, "port", 445.0));
        generationNanos += System.nanoTime() - g;
        sink.accept(r, c);
      }
      while (sink.written() + sink.dropped() + sink.rejected() < points || sink.spoolPoints() > 0) {
        Thread.sleep(5);
      }
      long wall = System.nanoTime() - t0;
      long cpu = os.getProcessCpuTime() - cpu0;
      long producerCpu = threads.getCurrentThreadCpuTime() - thread0;
      sink.stop().toCompletionStage().toCompletableFuture().get();
      vertx.close().toCompletionStage().toCompletableFuture().get();

      double seconds = wall / 1e9;
      double per100k = 100_000.0 / points;
      System.out.printf(
          "points=%d checks=%d written=%d spooled=%d dropped=%d rejected=%d%n",
          points, checkCount, sink.written(), sink.spooled(), sink.dropped(), sink.rejected());
      System.out.printf("wall=%.2f s  throughput=%.0f points/s%n", seconds, points / seconds);
      System.out.printf(
          "JVM CPU (all threads, GC and JIT included) = %.3f s per 100k points = %.2f cores%n",
          cpu / 1e9 * per100k, cpu / (double) wall);
      System.out.printf(
          "of which producer thread (accept + line formatting) = %.3f s per 100k points,"
              + " test data generation %.3f s per 100k%n",
          producerCpu / 1e9 * per100k, generationNanos / 1e9 * per100k);
      if (victoria) {
        System.out.printf(
            "samples of probe_tcp_up in VictoriaMetrics = %d%n", vm.samples("probe_tcp_up", base));
      } else {
        System.out.printf(
            "count(up) in InfluxDB = %d%n",
            influx.count("bench", "SELECT count(up) FROM probe_tcp"));
      }
      System.out.printf(
          "%s alone (pre-formatted batches of 5000, one connection): %.0f points/s%n",
          victoria ? "VictoriaMetrics" : "InfluxDB", ceiling(url, checks, points / 4));
    } finally {
      if (influx != null) {
        influx.close();
      }
      if (vm != null) {
        vm.close();
      }
    }
  }
}
