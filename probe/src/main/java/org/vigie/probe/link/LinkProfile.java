package org.vigie.probe.link;

import java.time.Duration;

/**
 * What a school's internet link of one type is expected to do: ceilings that, once passed, make the
 * link DEGRADED.
 *
 * @param maxRtt the highest acceptable average round-trip time
 * @param maxLoss the highest acceptable loss ratio, 0–1 ({@code 0.01} is 1 %)
 * @param maxJitter the highest acceptable jitter (mean difference of consecutive RTTs)
 */
public record LinkProfile(Duration maxRtt, double maxLoss, Duration maxJitter) {
  public LinkProfile {
    if (!maxRtt.isPositive() || !maxJitter.isPositive()) {
      throw new IllegalArgumentException("RTT and jitter ceilings must be positive");
    }
    if (!(maxLoss >= 0 && maxLoss <= 1)) {
      throw new IllegalArgumentException("loss ceiling must be 0–1, got " + maxLoss);
    }
  }

  public LinkProfile withMaxRtt(Duration d) {
    return new LinkProfile(d, maxLoss, maxJitter);
  }

  public LinkProfile withMaxLoss(double ratio) {
    return new LinkProfile(maxRtt, ratio, maxJitter);
  }

  public LinkProfile withMaxJitter(Duration d) {
    return new LinkProfile(maxRtt, maxLoss, d);
  }
}
