package org.vigie.probe.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeKinds;
import org.vigie.probe.ProbeResult;
import org.vigie.probe.ProbeRunner;

/** Parameter handling of the icmp kind: every case here ends before a socket is needed. */
@Timeout(30)
class IcmpProbeTest {
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

  private ProbeResult run(String address, Duration timeout, Map<String, String> params) {
    return runner
        .run(
            IcmpChecks.check("icmp", LinkType.FIBRE, null, address, timeout, params), Instant.now())
        .await();
  }

  @Test
  void icmpAndLink_areShippedKinds_withTheirParameters() {
    assertThat(ProbeKinds.schemas()).containsKeys("icmp", "link");
    assertThat(ProbeKinds.schemas().get("icmp").params())
        .containsExactly(
            Map.entry("count", ParamType.INT),
            Map.entry("spacing", ParamType.DURATION),
            Map.entry("size", ParamType.INT),
            Map.entry("echo-timeout", ParamType.DURATION),
            Map.entry("ipv6", ParamType.BOOLEAN));
    assertThat(ProbeKinds.schemas().get("link").params())
        .containsKeys("count", "max-rtt", "max-loss", "max-jitter");
  }

  @Test
  void countOutOfRange_isDown_sayingTheRange() {
    ProbeResult r = run("127.0.0.1", Duration.ofSeconds(5), Map.of("count", "0"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).isEqualTo("count must be 1–1000, got 0");
  }

  @Test
  void payloadTooSmallForTheToken_isDown() {
    ProbeResult r = run("127.0.0.1", Duration.ofSeconds(5), Map.of("size", "4"));
    assertThat(r.reason()).isEqualTo("size must be 8–65000, got 4");
  }

  @Test
  void aBurstLongerThanTheTimeout_isDown_sayingWhatToChange() {
    ProbeResult r =
        run("127.0.0.1", Duration.ofSeconds(2), Map.of("count", "30", "spacing", "100ms"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo(
            "30 echoes 100ms apart do not fit in the check's timeout of 2000 ms: lower count or"
                + " spacing, or raise the timeout");
  }

  @Test
  void millis_printsUpToThreeDecimals() {
    assertThat(IcmpProbe.millis(0.0525)).isEqualTo("52.5 ms");
    assertThat(IcmpProbe.millis(Duration.ofNanos(123_456))).isEqualTo("0.123 ms");
    assertThat(IcmpProbe.millis(Duration.ofMillis(30))).isEqualTo("30 ms");
  }
}
