package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.commons.net.ntp.NtpV3Impl;
import org.apache.commons.net.ntp.NtpV3Packet;
import org.apache.commons.net.ntp.TimeStamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ntp probe against a real NTP responder on loopback (Vert.x UDP, Commons Net packets). */
@Timeout(30)
class NtpProbeTest {
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

  /** A server-mode reply to {@code request}, its clock {@code offsetMs} ahead of ours. */
  private static byte[] reply(byte[] request, long offsetMs, int stratum, int mode) {
    NtpV3Impl in = new NtpV3Impl();
    in.setDatagramPacket(new java.net.DatagramPacket(request, request.length));
    long now = System.currentTimeMillis() + offsetMs;
    NtpV3Impl out = new NtpV3Impl();
    out.setMode(mode);
    out.setVersion(NtpV3Packet.VERSION_4);
    out.setStratum(stratum);
    out.setLeapIndicator(stratum == 16 ? NtpV3Packet.LI_ALARM_CONDITION : 0);
    out.setReferenceId(0x7F000001);
    out.setOriginateTimeStamp(in.getTransmitTimeStamp());
    out.setReceiveTimeStamp(TimeStamp.getNtpTime(now));
    out.setReferenceTime(TimeStamp.getNtpTime(now - 1000));
    out.setTransmitTime(TimeStamp.getNtpTime(now));
    return out.getDatagramPacket().getData().clone();
  }

  private int responder(BiFunction<DatagramPacket, byte[], byte[]> answer) {
    DatagramSocket s = vertx.createDatagramSocket();
    s.handler(
        p -> {
          byte[] out = answer.apply(p, p.data().getBytes());
          if (out != null) {
            s.send(Buffer.buffer(out), p.sender().port(), p.sender().host());
          }
        });
    return s.listen(0, "127.0.0.1").await().localAddress().port();
  }

  private ProbeResult probe(int port, Duration timeout, Map<String, String> extra) {
    var params = new java.util.HashMap<>(extra);
    params.put("port", Integer.toString(port));
    return runner
        .run(TestChecks.check("s1", "127.0.0.1", "ntp", timeout, params), Instant.now())
        .await();
  }

  @Test
  void synchronisedServer_isUp_withOffsetDelayAndStratum() {
    int port = responder((p, req) -> reply(req, 0, 2, NtpV3Packet.MODE_SERVER));
    ProbeResult r = probe(port, Duration.ofSeconds(2), Map.of());
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("stratum", 2.0);
    assertThat(r.figures().get("offset_seconds")).isCloseTo(0.0, within(0.05));
    assertThat(r.figures().get("delay_seconds")).isBetween(0.0, 0.1);
  }

  @Test
  void clockFiveSecondsAhead_isDegraded_withTheOffsetInTheReason() {
    int port = responder((p, req) -> reply(req, 5_000, 2, NtpV3Packet.MODE_SERVER));
    ProbeResult r = probe(port, Duration.ofSeconds(2), Map.of("max-offset", "1s"));
    assertThat(r.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(r.figures().get("offset_seconds")).isCloseTo(5.0, within(0.05));
    assertThat(r.reason())
        .startsWith("clock of 127.0.0.1:" + port + " is off by +5.0")
        .endsWith("s (max 1s)");
  }

  @Test
  void stratumSixteen_isDown_asUnsynchronised() {
    int port = responder((p, req) -> reply(req, 0, 16, NtpV3Packet.MODE_SERVER));
    ProbeResult r = probe(port, Duration.ofSeconds(2), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).isEqualTo("server is not synchronised (stratum 16, leap indicator 3)");
    assertThat(r.figures()).containsEntry("stratum", 16.0);
  }

  @Test
  void shortPacket_isIgnored_andTheReasonSaysSo() {
    int port = responder((p, req) -> new byte[20]);
    long t0 = System.nanoTime();
    ProbeResult r = probe(port, Duration.ofMillis(600), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo(
            "no valid NTP reply from 127.0.0.1:"
                + port
                + " within 600 ms (ignored a 20-byte packet, too short for NTP)");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
  }

  @Test
  void replyInClientMode_isIgnored_andTheReasonSaysSo() {
    int port = responder((p, req) -> reply(req, 0, 2, NtpV3Packet.MODE_CLIENT));
    ProbeResult r = probe(port, Duration.ofMillis(600), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).contains("ignored a reply in mode 3 (Client), not server");
  }

  @Test
  void replyToAnotherRequest_isIgnored() {
    int port =
        responder(
            (p, req) -> {
              byte[] out = reply(req, 0, 2, NtpV3Packet.MODE_SERVER);
              out[31] ^= 0x55; // the originate timestamp no longer echoes ours
              return out;
            });
    ProbeResult r = probe(port, Duration.ofMillis(600), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).contains("originate timestamp matches no request");
  }

  @Test
  void manyChecksAtOnce_shareOneSocket_andEachGetsItsOwnReply() {
    int port = responder((p, req) -> reply(req, 0, 3, NtpV3Packet.MODE_SERVER));
    var futures = new java.util.ArrayList<io.vertx.core.Future<ProbeResult>>();
    for (int i = 0; i < 200; i++) {
      futures.add(
          runner.run(
              TestChecks.check(
                  "s1",
                  "srv",
                  "127.0.0.1",
                  "ntp" + i,
                  "ntp",
                  Duration.ofSeconds(60),
                  Duration.ofSeconds(3),
                  Map.of("port", Integer.toString(port))),
              Instant.now()));
    }
    io.vertx.core.Future.all(futures).await();
    assertThat(futures).allSatisfy(f -> assertThat(f.result().outcome()).isEqualTo(Outcome.UP));
  }
}
