package org.vigie.probe.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.vigie.probe.icmp.Emulation;
import org.vigie.probe.icmp.IcmpChecks;
import org.vigie.probe.icmp.IcmpPinger;
import org.vigie.probe.icmp.IcmpPingerOptions;

/**
 * The {@code link} kind judging an emulated school link (delay, jitter and loss in a namespace, see
 * {@link Emulation}) against its type's profile, through the registry and the shared frame. Needs
 * root (CI runs as root): it creates network namespaces and nftables rules.
 */
@Timeout(60)
class LinkProbeIT {
  private static Emulation emulation;
  private static Vertx vertx;
  private static ProbeRunner runner;

  @BeforeAll
  static void setUp() {
    emulation = new Emulation();
    vertx = Vertx.vertx();
    IcmpPinger pinger =
        new IcmpPinger(vertx, new IcmpPingerOptions().setNetworkNamespace(emulation.near()));
    runner = new ProbeRunner(ProbeKinds.standard(vertx, pinger), Clock.systemUTC());
    // Warm the pinger and the responder: the first echoes of a cold JVM come back late.
    emulation.set(0, 0, 0);
    run(LinkType.FIBRE, Map.of("count", "200", "spacing", "0ms"));
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
  void lumiereLink_with50MsDelay_isDegraded_namingTheRtt() {
    emulation.set(50, 0, 0);
    ProbeResult r = run(LinkType.LUMIERE, Map.of("spacing", "10ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(r.reason()).matches("rtt avg 5\\d(\\.\\d+)? ms above the lumiere ceiling of 30 ms");
    assertThat(r.figures()).containsEntry("sent", 20.0).containsEntry("loss_ratio", 0.0);
  }

  @Test
  void satelliteLink_with50MsDelay_isUp() {
    emulation.set(50, 0, 0);
    ProbeResult r = run(LinkType.SATELLITE, Map.of("spacing", "10ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.reason()).startsWith("within the satellite profile: rtt avg 5");
  }

  @Test
  void lumiereLink_with50MsDelay_andARaisedCeiling_isUp() {
    emulation.set(50, 0, 0);
    ProbeResult r = run(LinkType.LUMIERE, Map.of("spacing", "10ms", "max-rtt", "100ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
  }

  @Test
  void adslLink_with20PercentLoss_isDegraded_namingTheLoss() {
    emulation.set(0, 0, 20);
    ProbeResult r = run(LinkType.ADSL, Map.of("count", "100", "spacing", "5ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(r.reason()).matches("loss \\d+ % above the adsl ceiling of 2 %");
    assertThat(r.figures().get("loss_ratio")).isBetween(0.05, 0.40);
  }

  @Test
  void fibreLink_withJitter_isDegraded_namingTheJitter_withMaxRttRaised() {
    emulation.set(30, 15, 0);
    ProbeResult r =
        run(LinkType.FIBRE, Map.of("count", "60", "spacing", "5ms", "max-rtt", "200ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(r.reason()).matches("jitter \\d+(\\.\\d+)? ms above the fibre ceiling of 5 ms");
  }

  @Test
  void fibreLink_answeringAtOnce_isUp() {
    emulation.set(0, 0, 0);
    ProbeResult r = run(LinkType.FIBRE, Map.of("spacing", "5ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("received", 20.0);
  }

  @Test
  void everyEchoDropped_isDown() {
    emulation.set(0, 0, 100);
    ProbeResult r = run(LinkType.FIBRE, Map.of("spacing", "5ms", "echo-timeout", "300ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).isEqualTo("no reply to 20 echo requests");
    assertThat(r.figures()).containsEntry("loss_ratio", 1.0);
  }

  @Test
  void linkWithoutAnAddress_probesTheRouter() {
    emulation.set(0, 0, 0);
    ProbeResult r =
        runner
            .run(
                IcmpChecks.check(
                    "link",
                    LinkType.FIBRE,
                    null,
                    Emulation.FAR_ADDRESS,
                    Duration.ofSeconds(5),
                    Map.of("count", "3", "spacing", "5ms")),
                Instant.now())
            .await();
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("received", 3.0);
  }

  private static ProbeResult run(LinkType type, Map<String, String> params) {
    // The router's own address is one nobody answers: the link check must probe the link's.
    return runner
        .run(
            IcmpChecks.check(
                "link", type, Emulation.FAR_ADDRESS, "10.77.0.99", Duration.ofSeconds(5), params),
            Instant.now())
        .await();
  }
}
