package org.vigie.alerting.notify;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.Severity;

/**
 * One entry of {@code alerting.routes}: which incidents it takes (every condition must hold; an
 * empty set means any) and who is told. Routes are tried in order; the first that matches decides,
 * unless it says {@code continue}, in which case the following ones are tried too and receivers add
 * up.
 *
 * @param from with {@code until}, the time of day (Europe/Paris) the route applies; null: all day.
 *     {@code from} after {@code until} spans midnight (22:00–07:00)
 * @param emails fixed addresses
 * @param communeContacts also the e-mail addresses of the incident's commune contacts
 * @param onCallEmail the person on call (from the rota) by e-mail
 * @param onCallSms the person on call by SMS
 * @param webhook also the JSON webhook of {@code alerting.webhook} (outbox channel {@code
 *     webhook}): the same notices as e-mail, as documents for machines
 */
public record Route(
    String name,
    Set<Severity> severities,
    Set<IncidentScope> scopes,
    Set<String> communes,
    Set<String> schools,
    Set<DayOfWeek> days,
    LocalTime from,
    LocalTime until,
    List<String> emails,
    boolean communeContacts,
    boolean onCallEmail,
    boolean onCallSms,
    boolean webhook,
    boolean continueMatching) {

  public Route {
    severities = Set.copyOf(severities);
    scopes = Set.copyOf(scopes);
    communes = Set.copyOf(communes);
    schools = Set.copyOf(schools);
    days = Set.copyOf(days);
    emails = List.copyOf(emails);
  }

  /** Whether this route takes {@code incident} at local time {@code at} (Europe/Paris). */
  public boolean matches(Incident incident, ZonedDateTime at) {
    return (severities.isEmpty() || severities.contains(incident.severity()))
        && (scopes.isEmpty() || scopes.contains(incident.scope()))
        && (communes.isEmpty() || communes.contains(incident.communeId()))
        && (schools.isEmpty() || schools.contains(incident.schoolId()))
        && (days.isEmpty() || days.contains(at.getDayOfWeek()))
        && inHours(at.toLocalTime());
  }

  private boolean inHours(LocalTime t) {
    if (from == null || until == null) {
      return true;
    }
    if (from.isBefore(until)) {
      return !t.isBefore(from) && t.isBefore(until);
    }
    return !t.isBefore(from) || t.isBefore(until);
  }
}
