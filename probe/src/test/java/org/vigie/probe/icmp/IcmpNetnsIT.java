package org.vigie.probe.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.inventory.LinkType;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeKinds;
import org.vigie.probe.ProbeResult;
import org.vigie.probe.ProbeRunner;

/**
 * The pinger and the {@code icmp} probe across a veth pair into a namespace whose delay, jitter and
 * loss are emulated ({@link Emulation}), with both socket kinds. Needs root (CI runs as root): it
 * creates network namespaces, nftables rules and raw sockets.
 *
 * <p>Tolerances: loss is binomial (200 echoes at 20 %: σ ≈ 2.8 points, the 10–30 % band is ±3.5 σ);
 * RTTs carry the responder's scheduling (well under 1 ms) and the veth hop (microseconds), so a 50
 * ms delay must read 50–65 ms; jitter of a uniform ±20 ms delay is 40/3 ≈ 13.3 ms in expectation
 * and its deviation 40/√12 ≈ 11.5 ms.
 */
@Timeout(60)
class IcmpNetnsIT {
  private static Emulation emulation;
  private static Vertx vertx;
  private static IcmpPinger datagram;
  private static IcmpPinger raw;
  private static InetAddress far;

  @BeforeAll
  static void setUp() throws Exception {
    emulation = new Emulation();
    vertx = Vertx.vertx();
    IcmpPingerOptions near = new IcmpPingerOptions().setNetworkNamespace(emulation.near());
    datagram =
        new IcmpPinger(
            vertx, new IcmpPingerOptions(near).setSocketKinds(List.of(SocketKind.DATAGRAM)));
    raw =
        new IcmpPinger(vertx, new IcmpPingerOptions(near).setSocketKinds(List.of(SocketKind.RAW)));
    far = InetAddress.getByName(Emulation.FAR_ADDRESS);
    // Open both sockets and warm their paths, so that no test measures a cold JVM.
    emulation.set(0, 0, 0);
    for (IcmpPinger p : List.of(datagram, raw)) {
      assertThat(p.burst(far, 200, Duration.ZERO, Duration.ofSeconds(1)).await().received())
          .isEqualTo(200);
    }
  }

  @AfterAll
  static void tearDown() {
    try {
      if (vertx != null) {
        vertx.close().await();
      }
    } finally {
      if (emulation != null) {
        emulation.close();
      }
    }
  }

  @Test
  void twentyPercentLoss_over200Echoes_measuresBetween10And30Percent() {
    emulation.set(0, 0, 20);
    EchoBurst b = raw.burst(far, 200, Duration.ofMillis(2), Duration.ofSeconds(1)).await();
    assertThat(b.sent()).isEqualTo(200);
    assertThat(b.lossRatio()).isBetween(0.10, 0.30);
    assertThat(raw.socketKind(false)).contains(SocketKind.RAW);
  }

  @Test
  void fiftyMsDelay_measuresAnAverageRttOf50To65Ms_throughAPingSocket() {
    emulation.set(50, 0, 0);
    EchoBurst b = datagram.burst(far, 20, Duration.ofMillis(10), Duration.ofSeconds(1)).await();
    assertThat(b.received()).isEqualTo(20);
    assertThat(b.avg().orElseThrow()).isBetween(Duration.ofMillis(50), Duration.ofMillis(65));
    assertThat(b.min().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(datagram.socketKind(false)).contains(SocketKind.DATAGRAM);
  }

  @Test
  void fiftyMsDelay_measuresTheSameThroughARawSocket() {
    emulation.set(50, 0, 0);
    EchoBurst b = raw.burst(far, 20, Duration.ofMillis(10), Duration.ofSeconds(1)).await();
    assertThat(b.received()).isEqualTo(20);
    assertThat(b.avg().orElseThrow()).isBetween(Duration.ofMillis(50), Duration.ofMillis(65));
  }

  @Test
  void uniformJitterOf20Ms_measuresJitterAndDeviationNearTheirExpectedValues() {
    emulation.set(50, 20, 0);
    EchoBurst b = datagram.burst(far, 150, Duration.ofMillis(5), Duration.ofSeconds(1)).await();
    assertThat(b.received()).isEqualTo(150);
    assertThat(b.jitter().orElseThrow()).isBetween(Duration.ofMillis(9), Duration.ofMillis(18));
    assertThat(b.mdev().orElseThrow()).isBetween(Duration.ofMillis(8), Duration.ofMillis(15));
    assertThat(b.min().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
  }

  @Test
  void everyEchoDropped_isFullLoss_afterTheEchoTimeout() {
    emulation.set(0, 0, 100);
    long t0 = System.nanoTime();
    EchoBurst b = datagram.burst(far, 5, Duration.ofMillis(10), Duration.ofMillis(300)).await();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(b.received()).isZero();
    assertThat(b.lossRatio()).isEqualTo(1.0);
    assertThat(b.figures()).containsOnlyKeys("sent", "received", "loss_ratio");
    assertThat(ms).isBetween(340L, 1000L);
  }

  @Test
  void icmpProbe_everyEchoDropped_isDown_noReplyToFiveEchoRequests() {
    emulation.set(0, 0, 100);
    ProbeResult r = runIcmp(raw, Map.of("echo-timeout", "300ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).isEqualTo("no reply to 5 echo requests");
    assertThat(r.figures()).containsEntry("sent", 5.0).containsEntry("loss_ratio", 1.0);
  }

  @Test
  void icmpProbe_answeredEchoes_isUp_withEveryFigure() {
    emulation.set(20, 0, 0);
    ProbeResult r = runIcmp(raw, Map.of("count", "10", "spacing", "5ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.reason()).startsWith("10/10 replies, rtt avg ");
    assertThat(r.figures())
        .containsOnlyKeys(
            "sent",
            "received",
            "loss_ratio",
            "rtt_min_seconds",
            "rtt_avg_seconds",
            "rtt_max_seconds",
            "rtt_mdev_seconds",
            "jitter_seconds");
    assertThat(r.figures().get("rtt_avg_seconds")).isBetween(0.020, 0.030);
  }

  @Test
  void pingSocketRefusedByTheSysctl_isDown_sayingWhatToSet() {
    // The far namespace keeps the kernel default ping_group_range "1 0": no group may.
    IcmpPinger refused =
        new IcmpPinger(
            vertx,
            new IcmpPingerOptions()
                .setNetworkNamespace(emulation.far())
                .setSocketKinds(List.of(SocketKind.DATAGRAM)));
    ProbeResult r = runIcmp(refused, Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo(
            "no ICMP socket for IPv4 can be opened: ping socket (SOCK_DGRAM): Permission denied:"
                + " effective group 0 is outside net.ipv4.ping_group_range (1 0). To fix: allow"
                + " ping sockets with sysctl -w net.ipv4.ping_group_range=\"0 2147483647\" (or a"
                + " range that holds group 0; persist it in /etc/sysctl.d/)");
  }

  @Test
  void unprivilegedProcess_withoutPingGroupNorCapNetRaw_isToldBothFixes() {
    String out =
        emulation.runUnprivilegedInFar(NetworkNamespaces.java(OpenIcmpSocket.class)).strip();
    assertThat(out)
        .isEqualTo(
            "no ICMP socket for IPv4 can be opened: ping socket (SOCK_DGRAM): Permission denied:"
                + " effective group 65534 is outside net.ipv4.ping_group_range (1 0); raw socket"
                + " (SOCK_RAW): Operation not permitted: needs root or CAP_NET_RAW (effective"
                + " user 65534). To fix: allow ping sockets with sysctl -w"
                + " net.ipv4.ping_group_range=\"0 2147483647\" (or a range that holds group"
                + " 65534; persist it in /etc/sysctl.d/), or give the process CAP_NET_RAW"
                + " (AmbientCapabilities=CAP_NET_RAW in its systemd unit, or setcap"
                + " cap_net_raw+ep on the java binary) or run it as root");
  }

  @Test
  void burstsToOneTarget_inParallel_keepTheirRepliesApart() {
    emulation.set(10, 0, 0);
    List<Future<EchoBurst>> bursts =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> datagram.burst(far, 10, Duration.ofMillis(3), Duration.ofSeconds(1)))
            .toList();
    Future.all(bursts).await();
    for (Future<EchoBurst> f : bursts) {
      assertThat(f.result().received()).isEqualTo(10);
      assertThat(f.result().min().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
    }
  }

  private ProbeResult runIcmp(IcmpPinger pinger, Map<String, String> params) {
    ProbeRunner runner = new ProbeRunner(ProbeKinds.standard(vertx, pinger), Clock.systemUTC());
    return runner
        .run(
            IcmpChecks.check(
                "icmp", LinkType.FIBRE, null, Emulation.FAR_ADDRESS, Duration.ofSeconds(5), params),
            Instant.now())
        .await();
  }
}
