package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dns probe against a real dnsmasq on a loopback port, and against garbage answerers. */
@Timeout(30)
class DnsProbeTest {
  private static ExternalServer dnsmasq;
  private static int port;
  private Vertx vertx;
  private ProbeRunner runner;

  @BeforeAll
  static void startDnsmasq() throws Exception {
    port = ExternalServer.freeUdpPort();
    dnsmasq =
        ExternalServer.start(
            List.of(
                "/usr/sbin/dnsmasq",
                "--no-daemon",
                "--conf-file=/dev/null",
                "--pid-file=",
                "--port=" + port,
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--user=root",
                "--address=/ecole.test/127.0.0.5",
                "--txt-record=backup.ecole.test,v=ok",
                "--local=/lan.test/",
                "--mx-host=ecole.test,mail.ecole.test,10",
                "--host-record=srv.ecole.test,127.0.0.9"));
    dnsmasq.awaitReady(Duration.ofSeconds(5), () -> dnsmasqAnswers());
  }

  private static boolean dnsmasqAnswers() {
    try (var s = new java.net.DatagramSocket()) {
      // A minimal query for "ecole.test" A; any answer means it listens.
      byte[] q = {
        0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 'e', 'c', 'o', 'l', 'e', 4, 't', 'e', 's', 't',
        0, 0, 1, 0, 1
      };
      s.setSoTimeout(200);
      s.send(
          new java.net.DatagramPacket(
              q, q.length, java.net.InetAddress.getLoopbackAddress(), port));
      s.receive(new java.net.DatagramPacket(new byte[512], 512));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @AfterAll
  static void stopDnsmasq() throws Exception {
    if (dnsmasq != null) {
      dnsmasq.close();
    }
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    runner = new ProbeRunner(ProbeKinds.standard(vertx), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private ProbeResult ask(int serverPort, Duration timeout, Map<String, String> params) {
    Map<String, String> p = new HashMap<>(params);
    p.put("port", Integer.toString(serverPort));
    return runner
        .run(TestChecks.check("s1", "127.0.0.1", "dns", timeout, p), Instant.now())
        .await();
  }

  @Test
  void aRecord_withExpectedAddress_isUp_withAnswerCountAndLookupTime() {
    ProbeResult r =
        ask(port, Duration.ofSeconds(2), Map.of("query", "www.ecole.test", "expect", "127.0.0.5"));
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("answer_count", 1.0).containsEntry("rcode", 0.0);
    assertThat(r.figures().get("lookup_seconds")).isBetween(0.0, 2.0);
  }

  @Test
  void aRecord_withOtherExpectedAddress_isDown_andListsTheAnswers() {
    ProbeResult r =
        ask(port, Duration.ofSeconds(2), Map.of("query", "www.ecole.test", "expect", "10.0.0.1"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo(
            "A www.ecole.test @127.0.0.1:"
                + port
                + ": '10.0.0.1' not among the answers [127.0.0.5]");
  }

  @Test
  void txtAndMxRecords_matchTheirExpectedValues() {
    ProbeResult txt =
        ask(
            port,
            Duration.ofSeconds(2),
            Map.of("query", "backup.ecole.test", "type", "TXT", "expect", "v=ok"));
    ProbeResult mx =
        ask(
            port,
            Duration.ofSeconds(2),
            Map.of("query", "ecole.test", "type", "MX", "expect", "mail.ecole.test"));
    assertThat(txt.outcome()).as(txt.reason()).isEqualTo(Outcome.UP);
    assertThat(mx.outcome()).as(mx.reason()).isEqualTo(Outcome.UP);
  }

  @Test
  void unknownName_isDown_withNxdomain_unlessNxdomainIsExpected() {
    Map<String, String> params = Map.of("query", "nowhere.lan.test");
    ProbeResult r = ask(port, Duration.ofSeconds(2), params);
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).endsWith("answered NXDOMAIN, expected NOERROR");
    Map<String, String> expecting = new HashMap<>(params);
    expecting.put("expect-rcode", "NXDOMAIN");
    assertThat(ask(port, Duration.ofSeconds(2), expecting).outcome()).isEqualTo(Outcome.UP);
  }

  @Test
  void unknownType_isDown_withTheTypesAccepted() {
    ProbeResult r =
        ask(port, Duration.ofSeconds(2), Map.of("query", "ecole.test", "type", "HINFO"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo(
            "unknown DNS record type 'HINFO' (expected one of [A, AAAA, MX, TXT, NS, PTR, SRV,"
                + " CNAME])");
  }

  @Test
  void serverAnsweringRandomBytes_isDownWithinTheTimeout() {
    DatagramSocket garbage = vertx.createDatagramSocket();
    garbage.handler(
        p -> {
          byte[] junk = new byte[ThreadLocalRandom.current().nextInt(1, 300)];
          ThreadLocalRandom.current().nextBytes(junk);
          garbage.send(Buffer.buffer(junk), p.sender().port(), p.sender().host());
        });
    garbage.listen(0, "127.0.0.1").await();
    long t0 = System.nanoTime();
    ProbeResult r =
        ask(garbage.localAddress().port(), Duration.ofMillis(700), Map.of("query", "ecole.test"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).startsWith("A ecole.test @127.0.0.1:" + garbage.localAddress().port());
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
  }

  @Test
  void answerWithAWrongId_isIgnored_andTheProbeIsDownWithinTheTimeout() {
    DatagramSocket liar = vertx.createDatagramSocket();
    liar.handler(
        p -> {
          // A well-formed empty answer, but to another query id.
          byte[] q = p.data().getBytes();
          q[0] ^= (byte) 0xFF;
          q[2] |= (byte) 0x80; // QR: a response
          liar.send(Buffer.buffer(q), p.sender().port(), p.sender().host());
        });
    liar.listen(0, "127.0.0.1").await();
    long t0 = System.nanoTime();
    ProbeResult r =
        ask(liar.localAddress().port(), Duration.ofMillis(700), Map.of("query", "ecole.test"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).contains("no valid answer");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
  }
}
