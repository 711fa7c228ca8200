package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentStatus;

/**
 * The operations API on a running Vigie: a school server whose service is closed opens an incident
 * (real TCP probes on loopback); the API lists it, shows its timeline, takes the acknowledgement
 * once, takes notes and silences; without the token it answers nothing but the reason, and the
 * token is in no log line or answer.
 */
@Timeout(60)
class ApiTest {
  private static final String TOKEN = "api-token-7c1f0e9b";

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Vigie vigie;
  private java.net.ServerSocket router;

  @BeforeEach
  void start() throws Exception {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    // The school's router answers (its admin port listens), so the server alone is down.
    router = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    int closedPort;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // nothing listens once this is closed
    }
    Path file = dir.resolve("vigie.yaml");
    Files.writeString(
        file,
        """
        vigie:
          http: {host: 127.0.0.1, port: 0, api-token-env: VIGIE_API_TOKEN}
          store: {url: "jdbc:sqlite:%s"}
          state: {down-after: 1, up-after: 1}
        communes:
          - id: ornans
            name: Ornans
        schools:
          - id: pasteur
            name: École Pasteur
            commune: ornans
            link: {type: fibre, address: 127.0.0.1}
            devices:
              - id: router
                kind: router
                address: 127.0.0.1
                checks:
                  - {name: admin, kind: tcp, port: %d, interval: 1s, timeout: 1s}
              - id: server
                kind: server
                address: 127.0.0.1
                checks:
                  - {name: smb, kind: tcp, port: %d, interval: 1s, timeout: 1s}
        check-defaults:
          server: []
          router: []
        alerting:
          rules:
            - name: server-down-now
              on: device
              device-kind: server
              severity: major
              for: 0s
        """
            .formatted(dir.resolve("vigie.db"), router.getLocalPort(), closedPort));
    Configuration c = Configuration.load(file, Map.of("VIGIE_API_TOKEN", TOKEN));
    vigie =
        new Vigie(vertx, c.inventory(), c.settings(), Clock.systemUTC(), Map.of()).start().await();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await();
    router.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigie.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject ok(String method, String path, String body) throws Exception {
    HttpResponse<String> r = call(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    assertThat(r.body()).doesNotContain(TOKEN);
    return new JsonObject(r.body());
  }

  /** An incident id in a URL path: ids hold '/' and ':' (device:school/device@ms). */
  private static String path(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
  }

  private JsonObject waitForIncident() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonArray open = ok("GET", "/api/incidents", null).getJsonArray("incidents");
      if (!open.isEmpty()) {
        return open.getJsonObject(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no incident within 30 s");
  }

  @Test
  void incidentIsListed_acknowledgedOnce_noted_andItsTimelineSaysWho() throws Exception {
    JsonObject incident = waitForIncident();
    String id = path(incident.getString("id"));
    assertThat(incident.getString("fingerprint")).isEqualTo("device:pasteur/server");
    assertThat(incident.getString("severity")).isEqualTo("MAJOR");

    JsonObject acked =
        ok(
            "POST",
            "/api/incidents/" + id + "/acknowledge",
            "{\"user\": \"alice\", \"comment\": \"on it\"}");
    assertThat(acked.getString("status")).isEqualTo(IncidentStatus.ACKNOWLEDGED.name());
    assertThat(acked.getString("acknowledgedBy")).isEqualTo("alice");

    HttpResponse<String> again =
        call("POST", "/api/incidents/" + id + "/acknowledge", TOKEN, "{\"user\": \"bob\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(again.body()).getString("error")).contains("already acknowledged");

    ok("POST", "/api/incidents/" + id + "/notes", "{\"user\": \"alice\", \"text\": \"SMB off\"}");
    JsonArray timeline = ok("GET", "/api/incidents/" + id, null).getJsonArray("timeline");
    assertThat(timeline.stream().map(e -> ((JsonObject) e).getString("type")))
        .containsExactly(
            IncidentEvent.Type.OPENED.name(),
            IncidentEvent.Type.ACKNOWLEDGED.name(),
            IncidentEvent.Type.NOTE.name());
    assertThat(timeline.getJsonObject(1).getString("actor")).isEqualTo("alice");
    assertThat(timeline.getJsonObject(2).getString("detail")).isEqualTo("SMB off");

    HttpResponse<String> missing = call("GET", "/api/incidents/nope", TOKEN, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    HttpResponse<String> noUser =
        call("POST", "/api/incidents/" + id + "/notes", TOKEN, "{\"text\": \"x\"}");
    assertThat(noUser.statusCode()).isEqualTo(400);
    assertThat(noUser.body()).contains("user is required");
    assertThat(call("POST", "/api/incidents/" + id + "/notes", TOKEN, "not json").statusCode())
        .isEqualTo(400);
  }

  @Test
  void silence_mutesTheIncident_andCanBeRemoved() throws Exception {
    String id = path(waitForIncident().getString("id"));
    JsonObject silence =
        ok(
            "POST",
            "/api/silences",
            "{\"match\": {\"school\": \"pasteur\"}, \"duration\": \"2h\", \"user\": \"alice\","
                + " \"comment\": \"server swap\"}");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!ok("GET", "/api/incidents/" + id, null).getJsonObject("incident").getBoolean("muted")) {
      assertThat(System.nanoTime()).as("muted within 10 s").isLessThan(deadline);
      Thread.sleep(200);
    }
    JsonArray windows = ok("GET", "/api/silences", null).getJsonArray("windows");
    assertThat(windows).hasSize(1);
    assertThat(windows.getJsonObject(0).getString("id")).isEqualTo(silence.getString("id"));
    assertThat(windows.getJsonObject(0).getBoolean("active")).isTrue();
    assertThat(windows.getJsonObject(0).getJsonObject("match").getString("school"))
        .isEqualTo("pasteur");
    ok("DELETE", "/api/silences/" + silence.getString("id"), null);
    assertThat(ok("GET", "/api/silences", null).getJsonArray("windows")).isEmpty();
    assertThat(call("DELETE", "/api/silences/" + silence.getString("id"), TOKEN, null).statusCode())
        .isEqualTo(404);
    HttpResponse<String> bad =
        call("POST", "/api/silences", TOKEN, "{\"match\": {\"room\": \"1\"}, \"user\": \"a\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("match.room: unknown key");
  }

  @Test
  void withoutTheToken_nothingButTheReason_andTheTokenIsNowhere() throws Exception {
    waitForIncident();
    HttpResponse<String> none = call("GET", "/api/incidents", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).doesNotContain("incidents\"").contains("Authorization: Bearer");
    HttpResponse<String> wrong = call("GET", "/api/incidents", TOKEN + "x", null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(ok("GET", "/api/outbox", null).getJsonObject("counts")).isNotNull();
    assertThat(logs.list)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(TOKEN));
    assertThat(Scrape.metrics(vigie.httpPort())).doesNotContain(TOKEN);
  }

  @Test
  void apiOff_saysWhatToSet() throws Exception {
    vigie.stop().await();
    Configuration c =
        Configuration.load(
            "off.yaml",
            Files.readString(dir.resolve("vigie.yaml"))
                .replace(", api-token-env: VIGIE_API_TOKEN", ""));
    vigie =
        new Vigie(vertx, c.inventory(), c.settings(), Clock.systemUTC(), Map.of()).start().await();
    HttpResponse<String> r = call("GET", "/api/incidents", TOKEN, null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("vigie.http.api-token-file");
  }
}
