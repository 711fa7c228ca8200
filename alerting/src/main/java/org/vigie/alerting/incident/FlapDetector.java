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

  /**
   * The weighted share of the window's transitions that changed state, 0 to 1. Transitions not seen
   * yet (a new check) count as unchanged, so a single blip never reads as flapping.
   */
  double stateChange() {
    int transitions = history.length - 1;
    double total = 0;
    double weights = 0;
    for (int p = 0; p < transitions; p++) {
      weights += weight(p, transitions);
    }
    int oldest = size < history.length ? 0 : next;
    for (int i = 1; i < size; i++) {
      // Position among the window's transitions: the newest is the last one.
      int position = transitions - (size - 1) + (i - 1);
      byte a = history[(oldest + i - 1) % history.length];
      byte b = history[(oldest + i) % history.length];
      if (a != b) {
        total += weight(position, transitions);
      }
    }
    return total / weights;
  }

  /** 0.8 for the oldest transition up to 1.2 for the newest, as Nagios weighs them. */
  private static double weight(int position, int transitions) {
    return 0.8 + 0.4 * position / Math.max(1, transitions - 1);
  }
}
