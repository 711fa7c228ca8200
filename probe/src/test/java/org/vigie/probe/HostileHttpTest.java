package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** http and tcp probes against hostile servers, redirects and certificates near expiry. */
@Timeout(30)
class HostileHttpTest {
  private static final String TEXT = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  @TempDir Path dir;
  private Vertx vertx;
  private ProbeRunner runner;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    runner = new ProbeRunner(ProbeKinds.standard(vertx), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private ProbeResult run(String kind, int port, Duration timeout, Map<String, String> extra) {
    Map<String, String> p = new HashMap<>(extra);
    p.put("port", Integer.toString(port));
    return runner.run(TestChecks.check("s1", "127.0.0.1", kind, timeout, p), Instant.now()).await();
  }

  @Test
  void slowLorisHeaders_areCutAtTheTimeout_andTheReasonNamesThePhase() {
    NetServer loris =
        vertx
            .createNetServer()
            .connectHandler(
                s -> {
                  int[] i = {0};
                  long id =
                      vertx.setPeriodic(
                          50,
                          t -> {
                            if (i[0] < TEXT.length()) {
                              s.write(String.valueOf(TEXT.charAt(i[0]++)));
                            }
                          });
                  s.closeHandler(v -> vertx.cancelTimer(id));
                })
            .listen(0, "127.0.0.1")
            .await();
    long t0 = System.nanoTime();
    ProbeResult r = run("http", loris.actualPort(), Duration.ofMillis(600), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo(
            "GET http://127.0.0.1:"
                + loris.actualPort()
                + "/: no complete answer within 600 ms (still waiting for the response headers)");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1200);
  }

  @Test
  void oneGigabyteBody_isReadOnlyUpToTheCap_andTheTransferStops() {
    AtomicLong sent = new AtomicLong();
    long gigabyte = 1L << 30;
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  HttpServerResponse resp = req.response();
                  resp.putHeader("Content-Length", Long.toString(gigabyte));
                  Runnable[] pump = {null};
                  pump[0] =
                      () -> {
                        while (!resp.writeQueueFull() && !resp.closed() && sent.get() < gigabyte) {
                          resp.write(chunk);
                          sent.addAndGet(chunk.length());
                        }
                        if (!resp.closed() && sent.get() < gigabyte) {
                          resp.drainHandler(v -> pump[0].run());
                        }
                      };
                  pump[0].run();
                })
            .listen(0, "127.0.0.1")
            .await();
    long t0 = System.nanoTime();
    ProbeResult r =
        run(
            "http",
            server.actualPort(),
            Duration.ofSeconds(10),
            Map.of("max-body-bytes", "1048576"));
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("body_bytes", 1048576.0);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
    // The server is stopped by the close, far from the gigabyte (socket buffers aside).
    assertThat(sent.get()).isLessThan(64L << 20);
  }

  private int redirector() {
    return vertx
        .createHttpServer()
        .requestHandler(
            req -> {
              switch (req.path()) {
                case "/old" ->
                    req.response().setStatusCode(302).putHeader("Location", "/new").end();
                case "/new" -> req.response().end("fresh");
                case "/loop" ->
                    req.response().setStatusCode(301).putHeader("Location", "/loop").end();
                default -> req.response().setStatusCode(404).end();
              }
            })
        .listen(0, "127.0.0.1")
        .await()
        .actualPort();
  }

  @Test
  void redirect_isJudgedAsIs_byDefault_andFollowedWhenAsked() {
    int port = redirector();
    ProbeResult asIs = run("http", port, Duration.ofSeconds(2), Map.of("path", "/old"));
    assertThat(asIs.figures()).containsEntry("status_code", 302.0).containsEntry("redirects", 0.0);
    ProbeResult followed =
        run(
            "http",
            port,
            Duration.ofSeconds(2),
            Map.of("path", "/old", "follow-redirects", "true", "body-pattern", "fresh"));
    assertThat(followed.outcome()).as(followed.reason()).isEqualTo(Outcome.UP);
    assertThat(followed.figures())
        .containsEntry("status_code", 200.0)
        .containsEntry("redirects", 1.0)
        .containsKeys("connect_seconds", "first_byte_seconds", "total_seconds");
  }

  @Test
  void redirectLoop_isDown_afterMaxRedirects() {
    int port = redirector();
    ProbeResult r =
        run(
            "http",
            port,
            Duration.ofSeconds(2),
            Map.of("path", "/loop", "follow-redirects", "true", "max-redirects", "3"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo("GET http://127.0.0.1:" + port + "/loop redirected more than 3 times");
  }

  @Test
  void httpsCertificateExpiringInFiveDays_isDegraded_withDaysLeft() throws Exception {
    HttpServer server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setSsl(true)
                    .setKeyCertOptions(TestCertificates.keyStore(dir, null, 5)))
            .requestHandler(req -> req.response().end("ok"))
            .listen(0, "127.0.0.1")
            .await();
    ProbeResult r =
        run("http", server.actualPort(), Duration.ofSeconds(3), Map.of("scheme", "https"));
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.DEGRADED);
    assertThat(r.figures().get("cert_days_left")).isCloseTo(5.0, within(0.01));
    assertThat(r.reason())
        .isEqualTo(
            "certificate of https://127.0.0.1:"
                + server.actualPort()
                + "/ expires in 4 days (under 14 days)");
  }

  @Test
  void tlsOverTcp_withExpiredCertificate_isDown_withConnectAndTlsTimes() throws Exception {
    NetServer server =
        vertx
            .createNetServer(
                new NetServerOptions()
                    .setSsl(true)
                    .setKeyCertOptions(TestCertificates.keyStore(dir, "-10d", 5)))
            .connectHandler(s -> s.write("220 ready\r\n"))
            .listen(0, "127.0.0.1")
            .await();
    ProbeResult r =
        run(
            "tcp",
            server.actualPort(),
            Duration.ofSeconds(3),
            Map.of("tls", "true", "expect", "^220 "));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo("certificate of 127.0.0.1:" + server.actualPort() + " expired 5 days ago");
    assertThat(r.figures()).containsKeys("connect_seconds", "tls_seconds");
    assertThat(r.figures().get("cert_days_left")).isCloseTo(-5.0, within(0.01));
  }

  @Test
  void tlsOverTcp_toAServerThatNeverSpeaks_isDownWithinTheTimeout() {
    NetServer silent =
        vertx.createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1").await();
    long t0 = System.nanoTime();
    ProbeResult r = run("tcp", silent.actualPort(), Duration.ofMillis(600), Map.of("tls", "true"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .startsWith("TLS handshake with 127.0.0.1:" + silent.actualPort() + " failed");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1200);
  }
}
