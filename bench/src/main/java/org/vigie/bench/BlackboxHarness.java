package org.vigie.bench;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Prometheus blackbox_exporter (Debian {@code prometheus-blackbox-exporter}) run as a child process
 * and driven through its {@code /probe} endpoint at a fixed concurrency, as Prometheus would scrape
 * it.
 */
final class BlackboxHarness implements AutoCloseable {
  private static final String CONFIG =
      """
      modules:
        tcp_connect:
          prober: tcp
          timeout: 5s
        http_2xx:
          prober: http
          timeout: 5s
          http:
            preferred_ip_protocol: ip4
      """;

  private final Process process;
  private final int port;
  private final Vertx vertx = Vertx.vertx();
  private final Path dir;

  private BlackboxHarness(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static BlackboxHarness start() throws Exception {
    Path dir = Files.createTempDirectory("vigie-bench-blackbox");
    Path config = dir.resolve("blackbox.yml");
    Files.writeString(config, CONFIG);
    int port = Targets.freePort();
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "prometheus-blackbox-exporter",
                  "--config.file=" + config,
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=error")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("blackbox.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "prometheus-blackbox-exporter not found: apt-get install prometheus-blackbox-exporter",
          e);
    }
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      for (int i = 0; i < 100; i++) {
        try {
          var r =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(1))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            return new BlackboxHarness(p, port, dir);
          }
        } catch (IOException e) {
          Thread.sleep(100);
        }
      }
    }
    p.destroyForcibly();
    throw new IOException("blackbox_exporter did not start; see " + dir.resolve("blackbox.log"));
  }

  long pid() {
    return process.pid();
  }

  /** Runs {@code total} probes of a module, {@code concurrency} at a time; returns successes. */
  long run(String module, int total, int concurrency, java.util.function.IntFunction<String> target)
      throws Exception {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port),
            new PoolOptions().setHttp1MaxSize(concurrency));
    Context ctx = vertx.getOrCreateContext();
    Promise<Long> done = Promise.promise();
    long[] state = new long[3];
    ctx.runOnContext(
        v -> {
          for (int i = 0; i < concurrency; i++) {
            next(client, ctx, module, target, state, total, done);
          }
        });
    long ok = done.future().await();
    client.close().await();
    return ok;
  }

  private void next(
      HttpClient client,
      Context ctx,
      String module,
      java.util.function.IntFunction<String> target,
      long[] state,
      int total,
      Promise<Long> done) {
    if (state[0] >= total) {
      return;
    }
    int i = (int) state[0]++;
    String uri = "/probe?module=" + module + "&target=" + target.apply(i);
    client
        .request(HttpMethod.GET, uri)
        .compose(req -> req.send())
        .compose(resp -> resp.body())
        .onComplete(
            ar -> {
              state[1]++;
              if (ar.succeeded() && ar.result().toString().contains("\nprobe_success 1")) {
                state[2]++;
              }
              if (state[1] == total) {
                done.tryComplete(state[2]);
              } else {
                next(client, ctx, module, target, state, total, done);
              }
            });
  }

  @Override
  public void close() throws IOException {
    vertx.close().await();
    process.destroy();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
