package org.vigie.inventory;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in configuration files: an integer and a unit, {@code 500ms} to {@code 1d}.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or {@code 1d}.
   *
   * @throws IllegalArgumentException if the text is not such a duration (a bare number is not: the
   *     unit is required so that {@code 10} is never silently read as milliseconds or seconds)
   */
  public static Duration parse(String text) {
    Matcher m = text == null ? null : DURATION.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "not a duration (like 500ms, 10s, 5m, 1h or 1d): '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    try {
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration too long: '" + text + "'", e);
    }
  }

  /**
   * Formats a duration in the largest unit that represents it exactly ({@code 90s} stays {@code
   * 90s}, {@code 120s} becomes {@code 2m}), so that {@code parse(format(d)).equals(d)}.
   *
   * @throws IllegalArgumentException for negative durations or ones with sub-millisecond parts,
   *     which the configuration format cannot express
   */
  public static String format(Duration d) {
    if (d.isNegative() || d.toNanosPart() % 1_000_000 != 0) {
      throw new IllegalArgumentException("not expressible as a configuration duration: " + d);
    }
    if (d.isZero()) {
      return "0s";
    }
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
