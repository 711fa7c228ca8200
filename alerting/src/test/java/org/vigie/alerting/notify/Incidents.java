package org.vigie.alerting.notify;

import java.time.Instant;
import java.util.List;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.Severity;

/** Builds incident events as the incidents core publishes them: one sequence per incident. */
final class Incidents {
  private Incidents() {}

  static Incident school(String school, String commune, Severity severity, Instant opened) {
    return new Incident(
        "school:" + school + "@" + opened.toEpochMilli(),
        "school:" + school,
        IncidentScope.SCHOOL,
        severity,
        IncidentStatus.OPEN,
        commune,
        school,
        school,
        "link-down",
        "lien internet coupé : 5/5 échos perdus",
        List.of(school + "/router", school + "/server", school + "/ap1"),
        opened,
        null,
        null,
        null,
        false,
        false);
  }

  static Incident device(String school, String device, Severity severity, Instant opened) {
    String key = school + "/" + device;
    return new Incident(
        "device:" + key + "@" + opened.toEpochMilli(),
        "device:" + key,
        IncidentScope.DEVICE,
        severity,
        IncidentStatus.OPEN,
        "c1",
        school,
        key,
        "device-down",
        "borne Wi-Fi injoignable",
        List.of(key),
        opened,
        null,
        null,
        null,
        false,
        false);
  }

  static Incident upstream(String provider, Severity severity, Instant opened) {
    return new Incident(
        "upstream:provider:" + provider + "@" + opened.toEpochMilli(),
        "upstream:provider:" + provider,
        IncidentScope.UPSTREAM,
        severity,
        IncidentStatus.OPEN,
        null,
        null,
        "provider:" + provider,
        "upstream",
        "110 écoles coupées chez " + provider,
        List.of(),
        opened,
        null,
        null,
        null,
        false,
        false);
  }

  static Incident resolved(Incident i, Instant at) {
    return with(i, IncidentStatus.RESOLVED, i.muted(), i.flapping(), at);
  }

  static Incident reopened(Incident i) {
    return with(i, IncidentStatus.OPEN, i.muted(), i.flapping(), null);
  }

  static Incident muted(Incident i, boolean muted) {
    return with(i, i.status(), muted, i.flapping(), i.resolvedAt());
  }

  static Incident flapping(Incident i, boolean flapping) {
    return with(i, i.status(), i.muted(), flapping, i.resolvedAt());
  }

  static Incident acknowledged(Incident i, Instant at, String by) {
    return new Incident(
        i.id(),
        i.fingerprint(),
        i.scope(),
        i.severity(),
        IncidentStatus.ACKNOWLEDGED,
        i.communeId(),
        i.schoolId(),
        i.subject(),
        i.rule(),
        i.cause(),
        i.affected(),
        i.openedAt(),
        at,
        by,
        null,
        i.muted(),
        i.flapping());
  }

  private static Incident with(
      Incident i, IncidentStatus status, boolean muted, boolean flapping, Instant resolved) {
    return new Incident(
        i.id(),
        i.fingerprint(),
        i.scope(),
        i.severity(),
        status,
        i.communeId(),
        i.schoolId(),
        i.subject(),
        i.rule(),
        i.cause(),
        i.affected(),
        i.openedAt(),
        i.acknowledgedAt(),
        i.acknowledgedBy(),
        resolved,
        muted,
        flapping);
  }

  static IncidentEvent event(IncidentEvent.Type type, long seq, Incident i, Instant at) {
    return new IncidentEvent(type, seq, i, at, "vigie", null);
  }
}
