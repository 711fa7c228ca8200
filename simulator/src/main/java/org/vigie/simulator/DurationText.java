package org.vigie.simulator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the configuration: an integer and a unit ({@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 1h}, {@code 1d}). Package-private on purpose: the inventory module will own
 * the canonical parser, and this one is meant to be swapped for it.
 */
final class DurationText {
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException when it is not an integer followed by a unit
   */
  static Duration parse(String text) {
    Matcher m = text == null ? null : SYNTAX.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "': expected an integer and a unit (ms, s, m, h, d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * Formats with the largest unit that represents {@code d} exactly and counts at least two of it
   * ({@code 60s}, {@code 90s}, {@code 5m}, {@code 24h}, {@code 2d}): how people write intervals.
   */
  static String format(Duration d) {
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L};
    String[] units = {"d", "h", "m"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0 && ms / sizes[i] >= 2) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms % 1000L == 0 ? ms / 1000L + "s" : ms + "ms";
  }
}
