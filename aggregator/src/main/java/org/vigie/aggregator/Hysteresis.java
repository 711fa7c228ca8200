package org.vigie.aggregator;

/**
 * How many consecutive results move a check: {@code downAfter} failures to go DOWN, {@code upAfter}
 * successes to come back UP from DOWN ({@code vigie.state.*} in configuration).
 */
public record Hysteresis(int downAfter, int upAfter) {
  public static final int DEFAULT_DOWN_AFTER = 3;
  public static final int DEFAULT_UP_AFTER = 2;

  public Hysteresis {
    if (downAfter < 1 || upAfter < 1) {
      throw new IllegalArgumentException("hysteresis counts must be at least 1");
    }
  }

  public static Hysteresis defaults() {
    return new Hysteresis(DEFAULT_DOWN_AFTER, DEFAULT_UP_AFTER);
  }
}
