package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpProbeTest {
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

  private ProbeResult run(int port, Duration timeout, Map<String, String> extra) {
    var params = new java.util.HashMap<>(extra);
    params.put("port", Integer.toString(port));
    return runner
        .run(TestChecks.check("s1", "127.0.0.1", "tcp", timeout, params), Instant.now())
        .await();
  }

  @Test
  void listeningPort_isUp_withConnectTime() {
    NetServer server =
        vertx.createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1").await();
    ProbeResult r = run(server.actualPort(), Duration.ofSeconds(2), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsKey("connect_seconds");
    assertThat(r.checkKey()).isEqualTo("s1/srv/c");
  }

  @Test
  void closedPort_isDown_withConnectionRefused() {
    NetServer server =
        vertx.createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1").await();
    int port = server.actualPort();
    server.close().await();
    ProbeResult r = run(port, Duration.ofSeconds(2), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).contains("127.0.0.1:" + port).containsIgnoringCase("refused");
  }

  @Test
  void banner_matchingExpect_isUp() {
    NetServer server =
        vertx
            .createNetServer()
            .connectHandler(s -> s.write("220 ftp ready\r\n"))
            .listen(0, "127.0.0.1")
            .await();
    ProbeResult r = run(server.actualPort(), Duration.ofSeconds(2), Map.of("expect", "^220 "));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
  }

  @Test
  void serverThatAcceptsAndNeverSpeaks_isDownWithinTimeout() {
    NetServer server =
        vertx.createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1").await();
    long t0 = System.nanoTime();
    ProbeResult r = run(server.actualPort(), Duration.ofMillis(500), Map.of("expect", "^220 "));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).contains("no reply matching /^220 /");
    assertThat(ms).isLessThan(2000);
  }

  @Test
  void unknownKind_isDown_notAnException() {
    ProbeResult r =
        runner
            .run(
                TestChecks.check("s1", "127.0.0.1", "gopher", Duration.ofSeconds(1), Map.of()),
                Instant.now())
            .await();
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).isEqualTo("unknown probe kind 'gopher'");
  }

  @Test
  void manyPlainConnectsAtOnce_allAnswered_throughTheLeanConnector() {
    NetServer server =
        vertx.createNetServer().connectHandler(s -> s.close()).listen(0, "127.0.0.1").await();
    var checks = new java.util.ArrayList<io.vertx.core.Future<ProbeResult>>();
    for (int i = 0; i < 2000; i++) {
      checks.add(
          runner.run(
              TestChecks.check(
                  "s" + i,
                  "127.0.0.1",
                  "tcp",
                  Duration.ofSeconds(5),
                  Map.of("port", Integer.toString(server.actualPort()))),
              Instant.now()));
    }
    io.vertx.core.Future.all(checks).await();
    assertThat(checks).allSatisfy(f -> assertThat(f.result().outcome()).isEqualTo(Outcome.UP));
  }

  @Test
  void hostName_goesThroughVertx_andStillConnects() {
    NetServer server =
        vertx.createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1").await();
    ProbeResult r =
        runner
            .run(
                TestChecks.check(
                    "s1",
                    "localhost",
                    "tcp",
                    Duration.ofSeconds(2),
                    Map.of("port", Integer.toString(server.actualPort()))),
                Instant.now())
            .await();
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
  }
}
