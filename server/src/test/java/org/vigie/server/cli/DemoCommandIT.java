package org.vigie.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.server.Configuration;

/**
 * The README's first command, for real: the embedded demo (110 schools) runs, every check of the
 * demo inventory has a {@code vigie_probe_success} series with its labels, and the command exits 0
 * by itself at the end of {@code --duration}.
 */
class DemoCommandIT {
  private static final Pattern METRICS_URL =
      Pattern.compile("Metrics:\\s+(http://127\\.0\\.0\\.1:\\d+/metrics)");

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void demo_exportsASeriesForEveryCheck_andExitsZeroAfterItsDuration() throws Exception {
    int checks = Configuration.load(Path.of("../examples/demo.yaml")).inventory().checks().size();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                Main.execute(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    "demo",
                    "--duration",
                    "40s",
                    "--http-port",
                    "0",
                    "--control-port",
                    "0"));
    String url = null;
    while (url == null && !exit.isDone()) {
      Matcher m = METRICS_URL.matcher(out.toString());
      url = m.find() ? m.group(1) : null;
      Thread.sleep(100);
    }
    assertThat(url).as("demo output: %s %s", out, err).isNotNull();

    // Checks run every 30 s, spread over the interval: by 33 s every one has run at least once.
    Thread.sleep(Math.max(0, 33_000 - (System.nanoTime() - t0) / 1_000_000));
    String metrics;
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    }
    List<String> success =
        metrics.lines().filter(l -> l.startsWith("vigie_probe_success{")).toList();
    assertThat(success).hasSize(checks);
    assertThat(success)
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains("commune=\"", "school=\"", "device=\"", "check=\"", "kind=\""));
    // The simulated estate is healthy: every check succeeded.
    assertThat(success).allSatisfy(l -> assertThat(l).endsWith(" 1.0"));

    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("Vigie demo: stopping.");
  }
}
