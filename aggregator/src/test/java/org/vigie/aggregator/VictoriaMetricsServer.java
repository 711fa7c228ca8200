package org.vigie.aggregator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real VictoriaMetrics single node ({@code victoria-metrics} of the Debian package of that name)
 * of the test's own: HTTP on a free loopback port, data in a temporary directory, retention long
 * enough for back-dated points. It takes InfluxDB line protocol on {@code /write}, which is what
 * {@link InfluxSink} sends; {@link #close()} kills it and removes everything.
 */
public final class VictoriaMetricsServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Process process;

  private VictoriaMetricsServer() throws IOException {
    dir = Files.createTempDirectory("vigie-victoria-");
    port = InfluxServer.freePort();
    Path log = dir.resolve("victoria-metrics.log");
    process =
        new ProcessBuilder(
                "victoria-metrics",
                "-storageDataPath=" + dir.resolve("data"),
                "-httpListenAddr=127.0.0.1:" + port,
                "-retentionPeriod=100y",
                // Points become searchable at once, not 30 s later.
                "-search.latencyOffset=0s")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    InfluxServer.awaitPing(process, "victoria-metrics", log, START_TIMEOUT, this::ping);
  }

  /** Starts a new server and waits until {@code /ping} answers 204. */
  public static VictoriaMetricsServer start() throws IOException {
    return new VictoriaMetricsServer();
  }

  private boolean ping() {
    try {
      return get("/ping").statusCode() == 204;
    } catch (IOException e) {
      return false;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * The number of samples of the metric (line protocol {@code measurement_field}) in the hour from
   * {@code from}.
   */
  public long samples(String metric, Instant from) {
    // The window is open on the left: end it a second early so that a point at from is in.
    Instant at = from.plus(Duration.ofHours(1)).minusSeconds(1);
    JsonArray result = query("sum(count_over_time(" + metric + "[1h]))", at);
    return result.isEmpty()
        ? 0
        : Long.parseLong(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  /**
   * Runs a MetricsQL instant query at {@code at}, after flushing what VictoriaMetrics still holds
   * in memory, and returns {@code data.result}.
   */
  public JsonArray query(String metricsql, Instant at) {
    try {
      get("/internal/force_flush");
      HttpResponse<String> r =
          getString(
              "/api/v1/query?time="
                  + at.toEpochMilli() / 1000.0
                  + "&query="
                  + URLEncoder.encode(metricsql, StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        throw new IllegalStateException(metricsql + ": HTTP " + r.statusCode() + " " + r.body());
      }
      return new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<Void> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private HttpResponse<String> getString(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is not a test failure
    }
  }
}
