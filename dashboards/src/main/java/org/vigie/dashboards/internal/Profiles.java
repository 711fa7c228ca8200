package org.vigie.dashboards.internal;

import org.vigie.inventory.LinkType;

/**
 * The link probe's default ceilings per link type (docs/configuration.md, check kind {@code link}):
 * dashboard thresholds use the same figures so that a red line means what an alert means.
 */
public record Profiles(double maxRttSeconds, double maxLossRatio, double maxJitterSeconds) {
  public static Profiles of(LinkType t) {
    return switch (t) {
      case FIBRE -> new Profiles(0.020, 0.01, 0.005);
      case LUMIERE -> new Profiles(0.030, 0.01, 0.010);
      case ADSL -> new Profiles(0.060, 0.02, 0.015);
      case SATELLITE -> new Profiles(0.800, 0.03, 0.060);
    };
  }
}
