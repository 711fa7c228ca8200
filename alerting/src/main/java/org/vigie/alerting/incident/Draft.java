package org.vigie.alerting.incident;

import java.time.Instant;
import java.util.List;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.Severity;

/** A mutable copy of an {@link Incident}, to derive the next version from. */
final class Draft {
  String id;
  String fingerprint;
  IncidentScope scope;
  Severity severity;
  IncidentStatus status;
  String communeId;
  String schoolId;
  String subject;
  String rule;
  String cause;
  List<String> affected;
  Instant openedAt;
  Instant acknowledgedAt;
  String acknowledgedBy;
  Instant resolvedAt;
  boolean muted;
  boolean flapping;

  Draft(Incident i) {
    id = i.id();
    fingerprint = i.fingerprint();
    scope = i.scope();
    severity = i.severity();
    status = i.status();
    communeId = i.communeId();
    schoolId = i.schoolId();
    subject = i.subject();
    rule = i.rule();
    cause = i.cause();
    affected = i.affected();
    openedAt = i.openedAt();
    acknowledgedAt = i.acknowledgedAt();
    acknowledgedBy = i.acknowledgedBy();
    resolvedAt = i.resolvedAt();
    muted = i.muted();
    flapping = i.flapping();
  }

  Draft(Condition c) {
    id = c.fingerprint() + "@" + c.since().toEpochMilli();
    fingerprint = c.fingerprint();
    scope = c.scope();
    severity = c.severity();
    status = IncidentStatus.OPEN;
    communeId = c.communeId();
    schoolId = c.schoolId();
    subject = c.subject();
    rule = c.rule().name();
    cause = c.cause() == null ? "" : c.cause();
    affected = c.affected();
    openedAt = c.since();
  }

  Incident build() {
    return new Incident(
        id,
        fingerprint,
        scope,
        severity,
        status,
        communeId,
        schoolId,
        subject,
        rule,
        cause,
        affected,
        openedAt,
        acknowledgedAt,
        acknowledgedBy,
        resolvedAt,
        muted,
        flapping);
  }
}
