package org.vigie.probe;

/** What one probe run concluded about its target. */
public enum Outcome {
  /** The target answered as expected. */
  UP,
  /** The target answered, but a figure is past its threshold (e.g. link loss). */
  DEGRADED,
  /** The target did not answer, or answered wrongly; the reason says how. */
  DOWN
}
