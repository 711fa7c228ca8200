package org.vigie.probe;

import java.util.Map;

/**
 * What a probe kind reports about one run, before the shared frame adds timing and identity.
 *
 * @param figures named measurements in base units (seconds, bytes, ratios), e.g. {@code
 *     connect_seconds}
 */
public record Observation(Outcome outcome, String reason, Map<String, Double> figures) {
  public Observation {
    figures = Map.copyOf(figures);
  }

  public static Observation up(Map<String, Double> figures) {
    return new Observation(Outcome.UP, "ok", figures);
  }

  public static Observation down(String reason) {
    return new Observation(Outcome.DOWN, reason, Map.of());
  }

  public static Observation down(String reason, Map<String, Double> figures) {
    return new Observation(Outcome.DOWN, reason, figures);
  }
}
