package org.vigie.alerting.notify;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.vigie.alerting.Severity;

/**
 * The notification pipeline's settings ({@code alerting.routes}, {@code alerting.rota}, {@code
 * alerting.notify}, {@code alerting.grafana-url}, {@code alerting.email.language}); read by {@link
 * NotifySettingsReader}.
 *
 * @param groupWait how long the first incident of a school waits for others of the same school, so
 *     that they go out as one message
 * @param repeatInterval a reminder this often while an incident is open, notified and not
 *     acknowledged; zero: never
 * @param escalationDelay not acknowledged this long after its notice: the next person of the rota
 *     is told, and after twice that, the on-call person and the next one by SMS; zero: never
 * @param escalationSeverity incidents at least this severe escalate
 * @param sweepInterval how often due groups, reminders and escalations are looked for
 * @param rota null when no rota is configured (routes cannot then name the on-call person)
 * @param grafanaUrl base URL of Grafana for links to the school's dashboard; null: no links
 * @param locale language of the messages: French by default, English as an option
 */
public record NotifySettings(
    Duration groupWait,
    Duration repeatInterval,
    Duration escalationDelay,
    Severity escalationSeverity,
    Duration sweepInterval,
    List<Route> routes,
    Rota rota,
    String grafanaUrl,
    Locale locale) {

  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
  public static final Duration DEFAULT_ESCALATION_DELAY = Duration.ofMinutes(30);
  public static final Severity DEFAULT_ESCALATION_SEVERITY = Severity.MAJOR;
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);

  public NotifySettings {
    routes = List.copyOf(routes);
  }

  /** Defaults with the given routes and no rota. */
  public static NotifySettings of(List<Route> routes) {
    return new NotifySettings(
        DEFAULT_GROUP_WAIT,
        DEFAULT_REPEAT_INTERVAL,
        DEFAULT_ESCALATION_DELAY,
        DEFAULT_ESCALATION_SEVERITY,
        DEFAULT_SWEEP_INTERVAL,
        routes,
        null,
        null,
        Locale.FRENCH);
  }

  public NotifySettings withGroupWait(Duration d) {
    return new NotifySettings(
        d,
        repeatInterval,
        escalationDelay,
        escalationSeverity,
        sweepInterval,
        routes,
        rota,
        grafanaUrl,
        locale);
  }

  public NotifySettings withRepeatInterval(Duration d) {
    return new NotifySettings(
        groupWait,
        d,
        escalationDelay,
        escalationSeverity,
        sweepInterval,
        routes,
        rota,
        grafanaUrl,
        locale);
  }

  public NotifySettings withEscalationDelay(Duration d) {
    return new NotifySettings(
        groupWait,
        repeatInterval,
        d,
        escalationSeverity,
        sweepInterval,
        routes,
        rota,
        grafanaUrl,
        locale);
  }

  public NotifySettings withSweepInterval(Duration d) {
    return new NotifySettings(
        groupWait,
        repeatInterval,
        escalationDelay,
        escalationSeverity,
        d,
        routes,
        rota,
        grafanaUrl,
        locale);
  }

  public NotifySettings withRota(Rota r) {
    return new NotifySettings(
        groupWait,
        repeatInterval,
        escalationDelay,
        escalationSeverity,
        sweepInterval,
        routes,
        r,
        grafanaUrl,
        locale);
  }

  public NotifySettings withGrafanaUrl(String url) {
    return new NotifySettings(
        groupWait,
        repeatInterval,
        escalationDelay,
        escalationSeverity,
        sweepInterval,
        routes,
        rota,
        url,
        locale);
  }

  public NotifySettings withLocale(Locale l) {
    return new NotifySettings(
        groupWait,
        repeatInterval,
        escalationDelay,
        escalationSeverity,
        sweepInterval,
        routes,
        rota,
        grafanaUrl,
        l);
  }
}
