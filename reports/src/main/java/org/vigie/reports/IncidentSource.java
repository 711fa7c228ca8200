package org.vigie.reports;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** The incidents of a commune that overlapped a period, with their helpdesk ticket numbers. */
public interface IncidentSource {

  /** Incidents opened before {@code to} and not resolved before {@code from}, oldest first. */
  Future<List<IncidentLine>> incidents(String communeId, Instant from, Instant to);
}
