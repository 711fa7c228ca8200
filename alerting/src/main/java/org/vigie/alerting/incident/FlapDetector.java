package org.vigie.alerting.incident;

import org.vigie.alerting.AlertRules.Flapping;

/**
 * Nagios-style flap detection for one check: the last {@code results} outcomes, the percent state
 * change over their transitions weighted from 0.8 (oldest) to 1.2 (newest) so that recent changes
 * count more, flapping above {@code high}, settled below {@code low} (hysteresis: in between, the
 * previous verdict stands).
 */
final class FlapDetector {
  private final Flapping settings;
  private final byte[] history;
  private int size;
  private int next;
  private boolean flapping;

  FlapDetector(Flapping settings) {
    this.settings = settings;
    this.history = new byte[settings.results()];
  }

  /** Adds one result's state (any small code); returns whether the check is flapping now. */
  boolean add(byte state) {
    history[next] = state;
    next = (next + 1) % history.length;
    size = Math.min(size + 1, history.length);
    double change = stateChange();
    if (!flapping && change > settings.high()) {
      flapping = true;
    } else if (flapping && change < settings.low()) {
      flapping = false;
    }
    return flapping;
  }

  boolean flapping() {
    return flapping;
  }

  /** The weighted share of transitions that changed state, 0 to 1 (0 with fewer than 2 results). */
  double stateChange() {
    int transitions = history.length - 1;
    if (size < 2) {
      return 0;
    }
    double total = 0;
    double weights = 0;
    int oldest = size < history.length ? 0 : next;
    for (int i = 1; i < size; i++) {
      // Weight by position among all possible transitions: 0.8 for the oldest, 1.2 the newest.
      int position = transitions - (size - 1) + (i - 1);
      double w = 0.8 + 0.4 * position / Math.max(1, transitions - 1);
      byte a = history[(oldest + i - 1) % history.length];
      byte b = history[(oldest + i) % history.length];
      if (a != b) {
        total += w;
      }
      weights += w;
    }
    // Over a partial history the share is of the transitions seen, so a new check can flap too.
    return total / weights;
  }
}
