package org.vigie.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Prometheus server (Debian package {@code prometheus}) on 127.0.0.1 that scrapes one target
 * every second, for tests that evaluate PromQL against what Vigie exports. Its data lives in the
 * folder given; {@link #close()} kills it.
 */
final class PrometheusServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final int port;
  private final Process process;

  private PrometheusServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Starts Prometheus scraping {@code http://target/metrics} every second; waits until ready. */
  static PrometheusServer start(Path dir, String target) throws Exception {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: vigie
            static_configs:
              - targets: ["%s"]
        """
            .formatted(target));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("prometheus.log");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "prometheus",
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "prometheus not found: install Debian package 'prometheus' (./run-tests does it as root)",
          e);
    }
    PrometheusServer server = new PrometheusServer(port, p);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      if (server.ready()) {
        return server;
      }
      Thread.sleep(50);
    }
    server.close();
    throw new IllegalStateException(
        "prometheus not ready within " + START_TIMEOUT + ":\n" + Files.readString(log));
  }

  private boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Evaluates {@code promql} over {@code [startMs, endMs]} every {@code stepSeconds} ({@code
   * /api/v1/query_range}, as Grafana's range queries do) and returns the series of the answer.
   *
   * @throws IllegalStateException when Prometheus rejects the query (a syntax error, a bad range)
   */
  JsonArray queryRange(String promql, long startMs, long endMs, long stepSeconds)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        get(
            "/api/v1/query_range?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start="
                + startMs / 1000.0
                + "&end="
                + endMs / 1000.0
                + "&step="
                + stepSeconds);
    JsonObject body = new JsonObject(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.getString("status"))) {
      throw new IllegalStateException(promql + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return body.getJsonObject("data").getJsonArray("result");
  }

  /** Whether the last scrape of every target succeeded ({@code up == 1}). */
  boolean targetUp() throws IOException, InterruptedException {
    JsonObject body =
        new JsonObject(
            get("/api/v1/query?query=" + URLEncoder.encode("up", StandardCharsets.UTF_8)).body());
    JsonArray result = body.getJsonObject("data").getJsonArray("result");
    return !result.isEmpty()
        && result.stream()
            .allMatch(s -> "1".equals(((JsonObject) s).getJsonArray("value").getString(1)));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
