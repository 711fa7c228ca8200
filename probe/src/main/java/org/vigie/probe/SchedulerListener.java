package org.vigie.probe;

import java.time.Duration;

/**
 * What the scheduler reports about itself, for metrics. Every method has a no-op default so a
 * listener implements only what it needs.
 */
public interface SchedulerListener {
  /** A run started {@code lag} after it was planned (queueing behind the caps included). */
  default void started(String checkKey, Duration lag) {}

  /** A run was skipped because the previous run of the same check was still in flight. */
  default void skippedOverrun(String checkKey) {}

  /** A result was published on {@link ProbeResult#ADDRESS} (for the event-bus backlog). */
  default void published(ProbeResult result) {}

  SchedulerListener NONE = new SchedulerListener() {};
}
