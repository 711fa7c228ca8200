package org.vigie.probe.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.inventory.LinkType;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeKinds;
import org.vigie.probe.ProbeResult;
import org.vigie.probe.ProbeRunner;

/**
 * The {@code icmp} kind through the standard registry and the shared frame, on loopback. Needs root
 * (CI runs as root): with the kernel's default ping_group_range only a raw socket opens.
 */
@Timeout(30)
class IcmpProbeIT {
  private Vertx vertx;
  private ProbeRunner runner;

  @BeforeAll
  static void needsRoot() {
    Root.require("open a raw ICMP socket");
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

  private ProbeResult run(String address, Map<String, String> params) {
    return runner
        .run(
            IcmpChecks.check("icmp", LinkType.FIBRE, null, address, Duration.ofSeconds(5), params),
            Instant.now())
        .await();
  }

  @Test
  void loopbackDevice_isUp_withEveryFigureInBaseUnits() {
    ProbeResult r = run("127.0.0.1", Map.of("spacing", "10ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.reason()).startsWith("5/5 replies, rtt avg ");
    assertThat(r.figures())
        .containsEntry("sent", 5.0)
        .containsEntry("received", 5.0)
        .containsEntry("loss_ratio", 0.0)
        .containsKeys(
            "rtt_min_seconds",
            "rtt_avg_seconds",
            "rtt_max_seconds",
            "rtt_mdev_seconds",
            "jitter_seconds");
    assertThat(r.figures().get("rtt_max_seconds")).isLessThan(0.05);
  }

  @Test
  void ipv6Literal_isPingedOverIcmpv6() {
    ProbeResult r = run("::1", Map.of("count", "3", "spacing", "10ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("received", 3.0);
  }

  @Test
  void hostName_isResolved_andLargePayloadsComeBack() {
    ProbeResult r = run("localhost", Map.of("count", "2", "spacing", "10ms", "size", "1400"));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("received", 2.0);
  }
}
