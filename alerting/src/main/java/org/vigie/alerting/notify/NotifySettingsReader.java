package org.vigie.alerting.notify;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.Severity;
import org.vigie.inventory.ConfigNode;

/**
 * Reads the notification keys of the {@code alerting} section: {@code routes}, {@code rota}, {@code
 * notify}, {@code grafana-url} and {@code email.language}. Problems are reported into the node's
 * sink at the value's position (so {@code vigie check} shows FILE:LINE:COLUMN); reading goes on
 * with defaults, so every problem shows at once.
 */
public final class NotifySettingsReader {
  private static final Pattern HOURS = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
  private static final Pattern HANDOVER = Pattern.compile("([a-z]+) (\\d{2}:\\d{2})");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  private static final Pattern PHONE = Pattern.compile("\\+[1-9]\\d{6,14}");
  private static final Map<String, DayOfWeek> DAYS =
      Map.of(
          "monday", DayOfWeek.MONDAY,
          "tuesday", DayOfWeek.TUESDAY,
          "wednesday", DayOfWeek.WEDNESDAY,
          "thursday", DayOfWeek.THURSDAY,
          "friday", DayOfWeek.FRIDAY,
          "saturday", DayOfWeek.SATURDAY,
          "sunday", DayOfWeek.SUNDAY);

  private NotifySettingsReader() {}

  /** Reads the settings from the {@code alerting} section (an empty node gives the defaults). */
  public static NotifySettings read(ConfigNode alerting) {
    ConfigNode n = alerting.childOrEmpty("notify");
    n.allowKeys("group-wait", "repeat-interval", "sweep-interval", "escalation");
    Duration groupWait = n.duration("group-wait", NotifySettings.DEFAULT_GROUP_WAIT);
    Duration repeat = n.duration("repeat-interval", NotifySettings.DEFAULT_REPEAT_INTERVAL);
    Duration sweep = n.duration("sweep-interval", NotifySettings.DEFAULT_SWEEP_INTERVAL);
    if (sweep.isZero()) {
      n.error("sweep-interval", "must be greater than zero");
      sweep = NotifySettings.DEFAULT_SWEEP_INTERVAL;
    }
    ConfigNode esc = n.childOrEmpty("escalation");
    esc.allowKeys("delay", "min-severity");
    Duration escDelay = esc.duration("delay", NotifySettings.DEFAULT_ESCALATION_DELAY);
    Severity escSeverity =
        severity(esc, "min-severity", NotifySettings.DEFAULT_ESCALATION_SEVERITY);

    Rota rota = alerting.child("rota").map(NotifySettingsReader::rota).orElse(null);
    // Presence is enough here: a webhook section with errors is reported by its own reader.
    boolean webhookConfigured = alerting.child("webhook").isPresent();
    List<Route> routes = new ArrayList<>();
    for (ConfigNode r : alerting.list("routes")) {
      routes.add(route(r, rota, webhookConfigured));
    }
    String grafana = alerting.string("grafana-url", null);
    if (grafana != null && !grafana.matches("https?://\\S+")) {
      alerting.error("grafana-url", "expected an http:// or https:// URL, got '" + grafana + "'");
      grafana = null;
    }
    if (grafana != null && grafana.endsWith("/")) {
      grafana = grafana.substring(0, grafana.length() - 1);
    }
    return new NotifySettings(
        groupWait,
        repeat,
        escDelay,
        escSeverity,
        sweep,
        routes,
        rota,
        grafana,
        language(alerting.childOrEmpty("email")));
  }

  /** {@code alerting.email.language}: {@code fr} (default) or {@code en}. */
  public static Locale language(ConfigNode email) {
    String lang = email.string("language", "fr");
    return switch (lang) {
      case "fr" -> Locale.FRENCH;
      case "en" -> Locale.ENGLISH;
      default -> {
        email.error("language", "expected fr or en, got '" + lang + "'");
        yield Locale.FRENCH;
      }
    };
  }

  private static Route route(ConfigNode r, Rota rota, boolean webhookConfigured) {
    r.allowKeys("name", "match", "email", "commune-contacts", "on-call", "webhook", "continue");
    String name = r.string("name", r.path());
    ConfigNode m = r.childOrEmpty("match");
    m.allowKeys("severity", "scope", "communes", "schools", "days", "hours");
    Set<Severity> severities = EnumSet.noneOf(Severity.class);
    for (ConfigNode s : m.list("severity")) {
      enumValue(s, Severity.class).ifPresent(severities::add);
    }
    Set<IncidentScope> scopes = EnumSet.noneOf(IncidentScope.class);
    for (ConfigNode s : m.list("scope")) {
      enumValue(s, IncidentScope.class).ifPresent(scopes::add);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (ConfigNode d : m.list("days")) {
      String text = d.text();
      if (text != null && DAYS.containsKey(text)) {
        days.add(DAYS.get(text));
      } else if (text != null) {
        d.error("expected a day such as monday, got '" + text + "'");
      }
    }
    LocalTime from = null;
    LocalTime until = null;
    String hours = m.string("hours", null);
    if (hours != null) {
      Matcher hm = HOURS.matcher(hours);
      LocalTime[] parsed = hm.matches() ? times(hm.group(1), hm.group(2)) : null;
      if (parsed == null) {
        m.error("hours", "expected a span such as 08:00-18:00, got '" + hours + "'");
      } else {
        from = parsed[0];
        until = parsed[1];
      }
    }
    List<String> emails = new ArrayList<>();
    for (ConfigNode e : r.list("email")) {
      String text = e.text();
      if (text != null && EMAIL.matcher(text).matches()) {
        emails.add(text);
      } else if (text != null) {
        e.error("expected an e-mail address, got '" + text + "'");
      }
    }
    boolean onCallEmail = false;
    boolean onCallSms = false;
    for (ConfigNode c : r.list("on-call")) {
      String text = c.text();
      if ("email".equals(text)) {
        onCallEmail = true;
      } else if ("sms".equals(text)) {
        onCallSms = true;
      } else if (text != null) {
        c.error("expected email or sms, got '" + text + "'");
      }
    }
    if ((onCallEmail || onCallSms) && rota == null) {
      r.error("on-call", "names the on-call person but alerting.rota is not configured");
    }
    boolean contacts = r.bool("commune-contacts", false);
    boolean webhook = r.bool("webhook", false);
    if (webhook && !webhookConfigured) {
      r.error("webhook", "sends to the webhook but alerting.webhook is not configured");
    }
    if (emails.isEmpty() && !contacts && !onCallEmail && !onCallSms && !webhook) {
      r.error(
          "route '" + name + "' tells nobody: give email, commune-contacts, on-call or webhook");
    }
    return new Route(
        name,
        severities,
        scopes,
        setOf(m, "communes"),
        setOf(m, "schools"),
        days,
        from,
        until,
        emails,
        contacts,
        onCallEmail,
        onCallSms,
        webhook,
        r.bool("continue", false));
  }

  private static Rota rota(ConfigNode n) {
    n.allowKeys("handover", "start", "people", "overrides");
    DayOfWeek day = DayOfWeek.MONDAY;
    LocalTime time = LocalTime.of(9, 0);
    String handover = n.string("handover", "monday 09:00");
    Matcher hm = HANDOVER.matcher(handover);
    LocalTime[] t = hm.matches() ? times(hm.group(2), hm.group(2)) : null;
    if (t == null || !DAYS.containsKey(hm.group(1))) {
      n.error(
          "handover", "expected a day and a time such as 'monday 09:00', got '" + handover + "'");
    } else {
      day = DAYS.get(hm.group(1));
      time = t[0];
    }
    LocalDate start = LocalDate.of(2025, 1, 6);
    String startText = n.requiredString("start");
    if (startText != null) {
      try {
        start = LocalDate.parse(startText);
      } catch (DateTimeParseException e) {
        n.error("start", "expected a date such as 2025-09-01, got '" + startText + "'");
      }
    }
    List<Person> people = new ArrayList<>();
    for (ConfigNode p : n.list("people")) {
      p.allowKeys("name", "email", "phone");
      String name = p.requiredString("name");
      String email = p.string("email", null);
      String phone = p.string("phone", null);
      if (email != null && !EMAIL.matcher(email).matches()) {
        p.error("email", "expected an e-mail address, got '" + email + "'");
        email = null;
      }
      if (phone != null && !PHONE.matcher(phone).matches()) {
        p.error("phone", "expected an E.164 number such as +33612345678, got '" + phone + "'");
        phone = null;
      }
      if (p.isPresent() && email == null && phone == null) {
        p.error("needs an email or a phone");
      }
      if (name != null) {
        people.add(new Person(name, email, phone));
      }
    }
    if (people.isEmpty()) {
      n.error("people", "the rota needs at least one person");
      return null;
    }
    List<Rota.Override> overrides = new ArrayList<>();
    for (ConfigNode o : n.list("overrides")) {
      o.allowKeys("from", "until", "person");
      LocalDateTime from = dateTime(o, "from");
      LocalDateTime until = dateTime(o, "until");
      String who = o.requiredString("person");
      Person person = people.stream().filter(p -> p.name().equals(who)).findFirst().orElse(null);
      if (who != null && person == null) {
        o.error("person", "no one named '" + who + "' in alerting.rota.people");
      }
      if (from != null && until != null && !until.isAfter(from)) {
        o.error("until", "must be after from");
      } else if (from != null && until != null && person != null) {
        overrides.add(
            new Rota.Override(
                from.atZone(Rota.ZONE).toInstant(), until.atZone(Rota.ZONE).toInstant(), person));
      }
    }
    return new Rota(people, day, time, start, overrides);
  }

  private static LocalDateTime dateTime(ConfigNode n, String key) {
    String text = n.requiredString(key);
    if (text == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(text);
    } catch (DateTimeParseException e) {
      n.error(key, "expected a local date and time such as 2025-12-24T18:00, got '" + text + "'");
      return null;
    }
  }

  private static LocalTime[] times(String a, String b) {
    try {
      return new LocalTime[] {LocalTime.parse(a), LocalTime.parse(b)};
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Severity severity(ConfigNode n, String key, Severity def) {
    String text = n.string(key, null);
    if (text == null) {
      return def;
    }
    try {
      return Severity.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      n.error(key, "expected critical, major, minor or warning, got '" + text + "'");
      return def;
    }
  }

  private static <E extends Enum<E>> Optional<E> enumValue(ConfigNode n, Class<E> type) {
    String text = n.text();
    if (text == null) {
      return Optional.empty();
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text)) {
        return Optional.of(e);
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    n.error("expected one of " + String.join(", ", names) + ", got '" + text + "'");
    return Optional.empty();
  }

  private static Set<String> setOf(ConfigNode n, String key) {
    Set<String> out = new LinkedHashSet<>();
    for (ConfigNode c : n.list(key)) {
      String text = c.text();
      if (text != null) {
        out.add(text);
      }
    }
    return out;
  }
}
