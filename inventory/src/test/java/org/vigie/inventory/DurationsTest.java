package org.vigie.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void everyUnit_isParsed() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("0s")).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"10", "", "s", "-5s", "1.5s", "10 s", "10S", "5min", "99999999999999999d"})
  void malformedDurations_areRefused(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void format_usesTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "10s", "5m", "1h", "1d", "90m", "25h"})
  void format_isTheInverseOfParse(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }

  @Test
  void format_refusesWhatTheFormatCannotExpress() {
    assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
