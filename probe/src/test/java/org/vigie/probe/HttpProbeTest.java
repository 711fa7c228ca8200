package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpProbeTest {
  private Vertx vertx;
  private ProbeRunner runner;
  private HttpServer server;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    runner = new ProbeRunner(ProbeKinds.standard(vertx), Clock.systemUTC());
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  switch (req.path()) {
                    case "/health" -> req.response().end("{\"status\":\"UP\"}");
                    case "/error" -> req.response().setStatusCode(503).end("down");
                    case "/chunked" -> {
                      // A pattern split across two chunks must still match the decoded body.
                      req.response().setChunked(true);
                      req.response().write("{\"sta");
                      req.response().end("tus\":\"UP\"}");
                    }
                    case "/slow" -> vertx.setTimer(3000, id -> req.response().end("late"));
                    case "/big" -> {
                      // Streams far more than the cap; the probe must stop reading.
                      req.response().setChunked(true);
                      var chunk = io.vertx.core.buffer.Buffer.buffer(new byte[64 * 1024]);
                      for (int i = 0; i < 64; i++) {
                        req.response().write(chunk);
                      }
                      req.response().end();
                    }
                    default -> req.response().setStatusCode(404).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private ProbeResult get(String path, Duration timeout, Map<String, String> extra) {
    Map<String, String> params = new HashMap<>(extra);
    params.put("port", Integer.toString(server.actualPort()));
    params.put("path", path);
    return runner
        .run(TestChecks.check("s1", "127.0.0.1", "http", timeout, params), Instant.now())
        .await();
  }

  @Test
  void healthEndpoint_isUp_withStatusAndTimings() {
    ProbeResult r = get("/health", Duration.ofSeconds(2), Map.of("body-pattern", "\"UP\""));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("status_code", 200.0).containsKey("first_byte_seconds");
  }

  @Test
  void unexpectedStatus_isDown_andSaysWhichStatus() {
    ProbeResult r = get("/error", Duration.ofSeconds(2), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).contains("answered 503, expected 200-399");
  }

  @Test
  void bodyNotMatching_isDown() {
    ProbeResult r = get("/health", Duration.ofSeconds(2), Map.of("body-pattern", "DOWN"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).contains("does not match /DOWN/");
  }

  @Test
  void slowServer_isDownWithinTheTimeout() {
    long t0 = System.nanoTime();
    ProbeResult r = get("/slow", Duration.ofMillis(500), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
  }

  @Test
  void hugeBody_isReadOnlyUpToTheCap() {
    ProbeResult r = get("/big", Duration.ofSeconds(5), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.figures().get("body_bytes")).isLessThan(4.0 * 1024 * 1024);
  }

  @Test
  void chunkedBody_isDecodedBeforeTheBodyPatternIsMatched() {
    ProbeResult r =
        get("/chunked", Duration.ofSeconds(2), Map.of("body-pattern", "\\{\"status\":\"UP\"\\}$"));
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("body_bytes", 15.0);
  }
}
