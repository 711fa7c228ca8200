package org.vigie.probe.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.inventory.LinkType;
import org.vigie.probe.Observation;
import org.vigie.probe.Outcome;

class LinkProbeTest {
  private static final LinkProfile LUMIERE = LinkProfiles.of(LinkType.LUMIERE);

  @Test
  void defaultProfiles_areTheDocumentedOnes() {
    assertThat(LinkProfiles.of(LinkType.FIBRE))
        .isEqualTo(new LinkProfile(Duration.ofMillis(20), 0.01, Duration.ofMillis(5)));
    assertThat(LUMIERE)
        .isEqualTo(new LinkProfile(Duration.ofMillis(30), 0.01, Duration.ofMillis(10)));
    assertThat(LinkProfiles.of(LinkType.ADSL))
        .isEqualTo(new LinkProfile(Duration.ofMillis(60), 0.02, Duration.ofMillis(15)));
    assertThat(LinkProfiles.of(LinkType.SATELLITE))
        .isEqualTo(new LinkProfile(Duration.ofMillis(800), 0.03, Duration.ofMillis(60)));
  }

  @Test
  void figuresWithinTheProfile_areUp() {
    Observation o =
        LinkProbe.judge(
            Map.of("rtt_avg_seconds", 0.012, "loss_ratio", 0.0, "jitter_seconds", 0.002),
            LUMIERE,
            "lumiere");
    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.reason())
        .isEqualTo("within the lumiere profile: rtt avg 12 ms, loss 0 %, jitter 2 ms");
  }

  @Test
  void everyCeilingPassed_isDegraded_namingEachFigureWithBothValues() {
    Observation o =
        LinkProbe.judge(
            Map.of("rtt_avg_seconds", 0.0525, "loss_ratio", 0.05, "jitter_seconds", 0.0125),
            LUMIERE,
            "lumiere");
    assertThat(o.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(o.reason())
        .isEqualTo(
            "rtt avg 52.5 ms above the lumiere ceiling of 30 ms; loss 5 % above the lumiere"
                + " ceiling of 1 %; jitter 12.5 ms above the lumiere ceiling of 10 ms");
    assertThat(o.figures()).containsEntry("loss_ratio", 0.05);
  }

  @Test
  void aFigureEqualToItsCeiling_isNotPastIt() {
    Observation o =
        LinkProbe.judge(
            Map.of("rtt_avg_seconds", 0.030, "loss_ratio", 0.01, "jitter_seconds", 0.010),
            LUMIERE,
            "lumiere");
    assertThat(o.outcome()).isEqualTo(Outcome.UP);
  }

  @Test
  void oneReply_hasNoJitter_andIsJudgedOnRttAndLoss() {
    Observation o =
        LinkProbe.judge(Map.of("rtt_avg_seconds", 0.010, "loss_ratio", 0.0), LUMIERE, "lumiere");
    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.reason()).isEqualTo("within the lumiere profile: rtt avg 10 ms, loss 0 %");
  }

  @Test
  void checkParams_overrideTheTypeProfile() {
    LinkProfile p =
        LinkProbe.profile(
            LUMIERE, Map.of("max-rtt", "100ms", "max-loss", "2.5%", "max-jitter", "20ms"));
    assertThat(p).isEqualTo(new LinkProfile(Duration.ofMillis(100), 0.025, Duration.ofMillis(20)));
  }

  @Test
  void maxLoss_acceptsAPercentageOrARatio_andRejectsTheRest() {
    assertThat(LinkProbe.parseLoss("2%")).isEqualTo(0.02);
    assertThat(LinkProbe.parseLoss("0.5 %")).isEqualTo(0.005);
    assertThat(LinkProbe.parseLoss("0.02")).isEqualTo(0.02);
    assertThatThrownBy(() -> LinkProbe.parseLoss("120%"))
        .hasMessage(
            "max-loss must be a percentage like 2% or a ratio like 0.02 (0–100 %), got '120%'");
    assertThatThrownBy(() -> LinkProbe.parseLoss("lots"))
        .hasMessage(
            "max-loss must be a percentage like 2% or a ratio like 0.02 (0–100 %), got 'lots'");
  }
}
