package org.vigie.probe.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pinger against the kernel's own echo replies on loopback (127.0.0.0/8 and ::1). Needs root
 * (CI runs as root): the ping-socket sysctl here admits no group, so the pinger falls back to a raw
 * socket, and IPv6 may have to be enabled on {@code lo}.
 */
@Timeout(60)
class IcmpPingerIT {
  private static final Path LO_DISABLE_IPV6 = Path.of("/proc/sys/net/ipv6/conf/lo/disable_ipv6");
  private Vertx vertx;
  private IcmpPinger pinger;

  @BeforeAll
  static void needsRootAndIpv6OnLoopback() throws IOException {
    Root.require("open a raw ICMP socket and enable IPv6 on lo");
    if (Files.readString(LO_DISABLE_IPV6).strip().equals("1")) {
      Files.writeString(LO_DISABLE_IPV6, "0");
    }
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pinger = new IcmpPinger(vertx);
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void loopbackIpv4_answersEveryEcho() throws Exception {
    EchoBurst b =
        pinger
            .burst(
                InetAddress.getByName("127.0.0.1"), 5, Duration.ofMillis(10), Duration.ofSeconds(1))
            .await();
    assertThat(b.sent()).isEqualTo(5);
    assertThat(b.received()).isEqualTo(5);
    assertThat(b.lossRatio()).isEqualTo(0.0);
    assertThat(b.sendError()).isNull();
    // Loopback answers in microseconds; 50 ms would mean replies waited on something.
    assertThat(b.max().orElseThrow()).isLessThan(Duration.ofMillis(50));
    assertThat(b.min().orElseThrow()).isPositive();
  }

  @Test
  void loopbackIpv6_answersEveryEcho_overIcmpv6() throws Exception {
    EchoBurst b =
        pinger
            .burst(InetAddress.getByName("::1"), 5, Duration.ofMillis(10), Duration.ofSeconds(1))
            .await();
    assertThat(b.received()).isEqualTo(5);
    assertThat(pinger.socketKind(true)).isPresent();
    assertThat(b.max().orElseThrow()).isLessThan(Duration.ofMillis(50));
  }

  @Test
  void asRootWithNoPingGroup_fallsBackToARawSocket() throws Exception {
    String range = Files.readString(Path.of("/proc/sys/net/ipv4/ping_group_range")).strip();
    pinger
        .burst(InetAddress.getByName("127.0.0.1"), 1, Duration.ZERO, Duration.ofSeconds(1))
        .await();
    SocketKind expected = range.matches("0\\s+\\d+") ? SocketKind.DATAGRAM : SocketKind.RAW;
    assertThat(pinger.socketKind(false)).contains(expected);
  }

  @Test
  void thousandsOfTargetsAtOnce_shareOneSocket_andEveryReplyFindsItsEcho() throws Exception {
    long socketsBefore = openSockets();
    List<Future<EchoBurst>> bursts = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      InetAddress target =
          InetAddress.getByAddress(new byte[] {127, 1, (byte) (i >> 8), (byte) (i & 0xFF)});
      bursts.add(pinger.burst(target, 2, Duration.ZERO, Duration.ofSeconds(2)));
    }
    Future.all(bursts).await();
    for (int i = 0; i < bursts.size(); i++) {
      EchoBurst b = bursts.get(i).result();
      assertThat(b.received()).as("replies from %s", b.target()).isEqualTo(2);
      assertThat(b.target().getAddress()[3]).isEqualTo((byte) (i & 0xFF));
    }
    assertThat(openSockets() - socketsBefore).isEqualTo(1);
  }

  @Test
  void moreEchoesThanSequenceNumbers_stillMatchEveryReply() throws Exception {
    // 70,000 echoes > 65,536 sequence numbers: the payload token keeps matching exact.
    InetAddress target = InetAddress.getByName("127.0.0.1");
    int received = 0;
    for (int round = 0; round < 14; round++) {
      List<Future<EchoBurst>> bursts = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        bursts.add(pinger.burst(target, 100, Duration.ZERO, Duration.ofSeconds(2)));
      }
      Future.all(bursts).await();
      for (Future<EchoBurst> f : bursts) {
        received += f.result().received();
      }
    }
    assertThat(received).isEqualTo(70_000);
  }

  @Test
  void closedPinger_refusesNewBursts_withAReason() throws Exception {
    pinger.close();
    Future<EchoBurst> f =
        pinger.burst(InetAddress.getByName("127.0.0.1"), 1, Duration.ZERO, Duration.ofSeconds(1));
    assertThat(f.failed()).isTrue();
    assertThat(f.cause())
        .isInstanceOf(IcmpUnavailableException.class)
        .hasMessage("the ICMP pinger is closed");
  }

  @Test
  void closingDuringABurst_endsIt_withTheReason() throws Exception {
    Future<EchoBurst> f =
        pinger.burst(
            InetAddress.getByName("127.0.0.1"), 5, Duration.ofMillis(100), Duration.ofSeconds(1));
    vertx.setTimer(150, id -> pinger.close());
    EchoBurst b = f.await();
    assertThat(b.sent()).isEqualTo(5);
    assertThat(b.received()).isEqualTo(2);
    assertThat(b.sendError()).isEqualTo("the ICMP pinger is closed");
  }

  private static long openSockets() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              p -> {
                try {
                  return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                  return false;
                }
              })
          .count();
    }
  }
}
