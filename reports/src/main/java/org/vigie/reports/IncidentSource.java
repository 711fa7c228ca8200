package org.vigie.reports;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import org.vigie.aggregator.StateStore;
import org.vigie.reports.internal.JdbcIncidentSource;

/** The incidents of a commune that overlapped a period, with their helpdesk ticket numbers. */
public interface IncidentSource {

  /** Incidents opened before {@code to} and not resolved before {@code from}, oldest first. */
  Future<List<IncidentLine>> incidents(String communeId, Instant from, Instant to);

  /**
   * The alerting's {@code incident} table of {@code store}, with the ticket numbers of the
   * helpdesk's {@code ticket} table when it exists.
   */
  static IncidentSource jdbc(StateStore store) {
    return new JdbcIncidentSource(store);
  }
}
