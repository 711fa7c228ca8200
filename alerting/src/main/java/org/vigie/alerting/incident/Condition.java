package org.vigie.alerting.incident;

import java.time.Instant;
import java.util.List;
import org.vigie.alerting.AlertRule;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.Severity;

/**
 * A root cause the correlator sees now: it becomes an incident once it has lasted its rule's
 * for-duration.
 *
 * @param since when the condition began (from the state changes' and results' own times)
 */
record Condition(
    String fingerprint,
    IncidentScope scope,
    AlertRule rule,
    Severity severity,
    String communeId,
    String schoolId,
    String subject,
    String cause,
    List<String> affected,
    Instant since) {
  Condition {
    affected = List.copyOf(affected);
  }
}
