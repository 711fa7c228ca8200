package org.vigie.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a running Vigie's {@code /metrics} over real HTTP, for tests. */
final class Scrape {
  private Scrape() {}

  static String metrics(int port) throws IOException, InterruptedException {
    // HTTP/1.1 as Prometheus scrapes: the JDK client's default h2c upgrade attempt is not what
    // is under test, and was seen to fail now and then against Vert.x.
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  /** The value of an unlabelled sample, or 0 when absent. */
  static double value(String metrics, String name) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElse(0.0);
  }
}
