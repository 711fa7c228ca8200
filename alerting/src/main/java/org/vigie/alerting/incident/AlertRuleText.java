package org.vigie.alerting.incident;

/** Figures as people read them in causes. */
final class AlertRuleText {
  private AlertRuleText() {}

  static String value(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(java.util.Locale.ROOT, "%.3g", v);
  }
}
