package org.vigie.alerting;

import java.time.Instant;
import java.util.List;

/**
 * One real problem, by root cause: a school cut off, a device down, a check past a rule, a provider
 * failing many schools. Stored in the state store (table {@code incident}); notifiers and the
 * helpdesk read it from {@link IncidentEvent}s.
 *
 * @param id unique and stable, readable by people and carried in tickets and message ids: {@code
 *     <fingerprint>@<opened epoch ms>}
 * @param fingerprint the root cause's identity, the same across recurrences: {@code
 *     school:<school>}, {@code device:<school>/<device>}, {@code check:<school>/<device>/<check>},
 *     {@code upstream:provider:<name>} or {@code upstream:link-type:<type>}
 * @param communeId null for an upstream incident spanning communes
 * @param schoolId null for an upstream incident
 * @param subject the device key, check key, or school id the incident is about
 * @param rule the name of the alert rule that decided severity and for-duration
 * @param cause a one-line human reason, e.g. "lien internet coupé: 5/5 échos perdus"
 * @param affected device keys now affected (unreachable behind a link, or the device itself)
 * @param acknowledgedAt null until acknowledged
 * @param acknowledgedBy null until acknowledged
 * @param resolvedAt null until resolved
 * @param muted inside a maintenance window or a silence: recorded, not notified
 * @param flapping the subject changes state too often: one notice, then quiet until it settles
 */
public record Incident(
    String id,
    String fingerprint,
    IncidentScope scope,
    Severity severity,
    IncidentStatus status,
    String communeId,
    String schoolId,
    String subject,
    String rule,
    String cause,
    List<String> affected,
    Instant openedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    boolean muted,
    boolean flapping) {
  public Incident {
    affected = List.copyOf(affected);
  }

  public boolean isResolved() {
    return status == IncidentStatus.RESOLVED;
  }
}
