package org.vigie.probe.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoBurstTest {
  private static EchoBurst burst(int sent, long... rttMs) {
    List<Duration> rtts = java.util.Arrays.stream(rttMs).mapToObj(Duration::ofMillis).toList();
    return new EchoBurst(InetAddress.getLoopbackAddress(), sent, rtts, null);
  }

  @Test
  void statistics_followTheDocumentedFormulas() {
    EchoBurst b = burst(4, 10, 20, 40);
    assertThat(b.received()).isEqualTo(3);
    assertThat(b.lossRatio()).isEqualTo(0.25);
    assertThat(b.min()).contains(Duration.ofMillis(10));
    assertThat(b.max()).contains(Duration.ofMillis(40));
    // avg = 70/3 ms
    assertThat(b.avg()).contains(Duration.ofNanos(23_333_333));
    // mdev = sqrt((100 + 400 + 1600)/3 - (70/3)^2) ms = sqrt(155.55…) ms
    assertThat(b.mdev()).contains(Duration.ofNanos(12_472_191));
    // jitter = (|20-10| + |40-20|) / 2 ms
    assertThat(b.jitter()).contains(Duration.ofMillis(15));
    assertThat(b.figures())
        .containsExactly(
            java.util.Map.entry("sent", 4.0),
            java.util.Map.entry("received", 3.0),
            java.util.Map.entry("loss_ratio", 0.25),
            java.util.Map.entry("rtt_min_seconds", 0.010),
            java.util.Map.entry("rtt_avg_seconds", 0.023333333),
            java.util.Map.entry("rtt_max_seconds", 0.040),
            java.util.Map.entry("rtt_mdev_seconds", 0.012472191),
            java.util.Map.entry("jitter_seconds", 0.015));
  }

  @Test
  void oneReply_hasNoJitter_andZeroDeviation() {
    EchoBurst b = burst(5, 7);
    assertThat(b.jitter()).isEmpty();
    assertThat(b.mdev()).contains(Duration.ZERO);
    assertThat(b.figures()).doesNotContainKey("jitter_seconds");
  }

  @Test
  void noReply_hasOnlyCountsAndFullLoss() {
    EchoBurst b = burst(5);
    assertThat(b.lossRatio()).isEqualTo(1.0);
    assertThat(b.figures()).containsOnlyKeys("sent", "received", "loss_ratio");
  }
}
