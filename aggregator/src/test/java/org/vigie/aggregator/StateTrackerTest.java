package org.vigie.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeResult;

class StateTrackerTest {
  private final StateTracker tracker = new StateTracker(new Hysteresis(3, 2));
  private final List<StateChange> changes = new ArrayList<>();
  private Instant now = Instant.parse("2026-11-02T08:00:00Z");

  private void feed(Outcome... outcomes) {
    for (Outcome o : outcomes) {
      now = now.plusSeconds(60);
      tracker
          .accept(
              new ProbeResult(
                  "s/d/c",
                  "tcp",
                  o,
                  o == Outcome.DOWN ? "refused" : "ok",
                  now,
                  now,
                  Duration.ZERO,
                  Map.of()))
          .ifPresent(changes::add);
    }
  }

  @Test
  void firstSuccess_turnsUnknownUp_atOnce() {
    feed(Outcome.UP);
    assertThat(changes).extracting(StateChange::to).containsExactly(CheckState.UP);
    assertThat(changes.getFirst().from()).isEqualTo(CheckState.UNKNOWN);
  }

  @Test
  void threeFailuresInARow_turnUpDown_twoDoNot() {
    feed(Outcome.UP, Outcome.DOWN, Outcome.DOWN);
    assertThat(tracker.state("s/d/c")).isEqualTo(CheckState.UP);
    feed(Outcome.DOWN);
    assertThat(tracker.state("s/d/c")).isEqualTo(CheckState.DOWN);
    assertThat(changes.getLast().reason()).isEqualTo("refused");
  }

  @Test
  void aSuccessInBetween_resetsTheFailureCount() {
    feed(Outcome.UP, Outcome.DOWN, Outcome.DOWN, Outcome.UP, Outcome.DOWN, Outcome.DOWN);
    assertThat(tracker.state("s/d/c")).isEqualTo(CheckState.UP);
    assertThat(changes).hasSize(1);
  }

  @Test
  void downCheck_needsTwoSuccessesToComeBack() {
    feed(Outcome.DOWN, Outcome.DOWN, Outcome.DOWN, Outcome.UP);
    assertThat(tracker.state("s/d/c")).isEqualTo(CheckState.DOWN);
    feed(Outcome.UP);
    assertThat(tracker.state("s/d/c")).isEqualTo(CheckState.UP);
    assertThat(changes).extracting(StateChange::to).containsExactly(CheckState.DOWN, CheckState.UP);
  }

  @Test
  void degradedResult_isDegraded_notDown() {
    feed(Outcome.UP, Outcome.DEGRADED);
    assertThat(tracker.state("s/d/c")).isEqualTo(CheckState.DEGRADED);
  }

  @Test
  void checkWithoutResultsForThreeIntervals_turnsUnknown_notUpNorDown() {
    feed(Outcome.UP);
    Instant last = now;
    assertThat(tracker.expire(last.plusSeconds(179), 3, k -> Duration.ofSeconds(60))).isEmpty();
    List<StateChange> gap = tracker.expire(last.plusSeconds(181), 3, k -> Duration.ofSeconds(60));
    assertThat(gap).extracting(StateChange::to).containsExactly(CheckState.UNKNOWN);
    assertThat(gap.getFirst().reason()).startsWith("no result for 3 intervals");
    // Nothing more to say while the gap lasts; the next success is a fresh verdict.
    assertThat(tracker.expire(last.plusSeconds(400), 3, k -> Duration.ofSeconds(60))).isEmpty();
    now = last.plusSeconds(400);
    feed(Outcome.UP);
    assertThat(tracker.state("s/d/c")).isEqualTo(CheckState.UP);
  }
}
