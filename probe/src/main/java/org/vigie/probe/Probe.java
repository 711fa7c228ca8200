package org.vigie.probe;

import io.vertx.core.Future;
import org.vigie.inventory.Check;

/**
 * One probe kind's work: look at a target once, without blocking. A dead target is an {@link
 * Observation} with outcome DOWN and a reason, never a failed future; the shared frame ({@link
 * ProbeRunner}) applies the timeout, measures the duration and turns any unexpected failure into
 * DOWN.
 */
@FunctionalInterface
public interface Probe {
  Future<Observation> probe(Check check, ProbeContext context);
}
