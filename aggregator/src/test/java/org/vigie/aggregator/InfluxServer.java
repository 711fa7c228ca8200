package org.vigie.aggregator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real InfluxDB 1.x ({@code influxd} of the Debian package {@code influxdb}) of the test's own:
 * HTTP API and RPC service on free loopback ports, meta, data and WAL in a temporary directory,
 * reporting and every other listener off (the Debian build spells the reporting switch {@code
 * reporting-enabled}). {@link #stop()} and {@link #start()} again keep the port and the data (an
 * outage); {@link #kill()} is SIGKILL; {@link #close()} removes everything.
 */
public final class InfluxServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private final int rpcPort;
  private final Path config;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  private InfluxServer() throws IOException {
    dir = Files.createTempDirectory("vigie-influxd-");
    port = freePort();
    rpcPort = freePort();
    config = dir.resolve("influxdb.conf");
    Files.writeString(
        config,
        """
        reporting-enabled = false
        bind-address = "127.0.0.1:%2$d"

        [meta]
          dir = "%1$s/meta"
          logging-enabled = false

        [data]
          dir = "%1$s/data"
          wal-dir = "%1$s/wal"
          query-log-enabled = false
          trace-logging-enabled = false

        [monitor]
          store-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:%3$d"
          auth-enabled = false
          log-enabled = false
          pprof-enabled = false
          max-body-size = 0

        [subscriber]
          enabled = false

        [continuous_queries]
          enabled = true
          log-enabled = false
        """
            .formatted(dir, rpcPort, port));
  }

  /** Starts a new server and waits until {@code /ping} answers 204. */
  public static InfluxServer start() throws IOException {
    InfluxServer s = new InfluxServer();
    s.startProcess();
    return s;
  }

  /** Starts it again on the same port and data (after {@link #stop()} or {@link #kill()}). */
  public void restart() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("influxd is running");
    }
    startProcess();
  }

  private void startProcess() throws IOException {
    Path log = dir.resolve("influxd.log");
    process =
        new ProcessBuilder("influxd", "run", "-config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitPing(process, "influxd", log, START_TIMEOUT, this::ping);
  }

  /**
   * Waits until {@code ping} succeeds; fails with the server's log if the process ends first or the
   * timeout passes (the process is then killed).
   */
  static void awaitPing(
      Process process, String name, Path log, Duration timeout, BooleanSupplier ping)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (ping.getAsBoolean()) {
        return;
      }
      sleep(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        name + " did not answer /ping within " + timeout + ":\n" + Files.readString(log));
  }

  /** True when {@code /ping} answers 204. */
  public boolean ping() {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + "/ping"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, and waits for the process to end. */
  public void stop() {
    end(false);
  }

  /** SIGKILL, and waits for the process to end. */
  public void kill() {
    end(true);
  }

  private void end(boolean force) {
    if (process == null) {
      return;
    }
    if (force) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Runs InfluxQL on {@code db} (POST /query) and returns the JSON answer. */
  public JsonObject query(String db, String influxql) {
    String form =
        "db="
            + URLEncoder.encode(db, StandardCharsets.UTF_8)
            + "&q="
            + URLEncoder.encode(influxql, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + "/query"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("query " + influxql + ": HTTP " + r.statusCode());
      }
      return new JsonObject(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The rows ({@code values}) of the first series of the first result; empty if none. */
  public JsonArray rows(String db, String influxql) {
    JsonObject result = query(db, influxql).getJsonArray("results").getJsonObject(0);
    if (result.containsKey("error")) {
      throw new IllegalStateException(influxql + ": " + result.getString("error"));
    }
    JsonArray series = result.getJsonArray("series");
    return series == null ? new JsonArray() : series.getJsonObject(0).getJsonArray("values");
  }

  /** The single number a {@code SELECT count(x) ...} returns; 0 when there are no points. */
  public long count(String db, String influxql) {
    JsonArray rows = rows(db, influxql);
    return rows.isEmpty() ? 0 : rows.getJsonArray(0).getLong(1);
  }

  @Override
  public void close() {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is not a test failure
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
