package org.vigie.aggregator;

import java.time.Instant;
import org.vigie.inventory.Check;

/**
 * Planned maintenance, as the ledger needs it: whether a check is inside a maintenance window at an
 * instant. The alerting module implements it from its configuration ({@code alerting.maintenance});
 * {@link #NONE} covers nothing.
 */
@FunctionalInterface
public interface MaintenanceSchedule {

  /** No maintenance, ever. */
  MaintenanceSchedule NONE = (check, at) -> false;

  /** Whether {@code check} is under planned maintenance at {@code at}. */
  boolean inMaintenance(Check check, Instant at);
}
