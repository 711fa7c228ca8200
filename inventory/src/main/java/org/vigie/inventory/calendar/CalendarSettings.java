package org.vigie.inventory.calendar;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.vigie.inventory.ConfigNode;

/**
 * The {@code calendar:} section: the holiday zone, opening hours per weekday, extra closed days,
 * per-school overrides and an optional holidays file replacing the shipped one. See
 * docs/configuration.md.
 *
 * @param zone French school-holiday zone, {@code A}, {@code B} or {@code C} (default A)
 * @param hours opening hours of every school (default {@link OpeningHours#defaults()})
 * @param closed extra days every school is closed (a local strike, a "pont")
 * @param schools per-school overrides by school id
 * @param holidaysFile a holidays file replacing the shipped data, or null
 */
public record CalendarSettings(
    String zone,
    OpeningHours hours,
    Set<LocalDate> closed,
    Map<String, SchoolOverride> schools,
    Path holidaysFile) {

  /** Zones of metropolitan France. */
  public static final List<String> ZONES = List.of("A", "B", "C");

  /** The zone of the reference metropolis. */
  public static final String DEFAULT_ZONE = "A";

  /**
   * What one school does differently.
   *
   * @param hours weekdays whose hours differ (the others follow the common hours)
   * @param closed extra days this school is closed
   * @param zone another holiday zone, or null
   */
  public record SchoolOverride(
      Map<DayOfWeek, List<OpeningHours.Span>> hours, Set<LocalDate> closed, String zone) {
    public SchoolOverride {
      hours = Map.copyOf(hours);
      closed = Set.copyOf(closed);
    }
  }

  public CalendarSettings {
    closed = Set.copyOf(closed);
    schools = Map.copyOf(schools);
  }

  /** Zone A, the four-day week 08:30–16:30, no overrides, the shipped holidays. */
  public static CalendarSettings defaults() {
    return new CalendarSettings(DEFAULT_ZONE, OpeningHours.defaults(), Set.of(), Map.of(), null);
  }

  /**
   * Reads the {@code calendar:} section; problems are reported into the node's sink at their
   * position, and defaults stand in for what is wrong.
   *
   * @param baseDir the configuration file's folder (a relative {@code holidays-file} is resolved
   *     against it)
   */
  public static CalendarSettings read(ConfigNode node, Path baseDir) {
    node.allowKeys("zone", "hours", "closed", "schools", "holidays-file");
    String zone = zone(node, DEFAULT_ZONE);
    OpeningHours hours = OpeningHours.defaults();
    for (Map.Entry<DayOfWeek, List<OpeningHours.Span>> e :
        hours(node.childOrEmpty("hours")).entrySet()) {
      hours = hours.with(e.getKey(), e.getValue());
    }
    Set<LocalDate> closed = closedDays(node);
    Map<String, SchoolOverride> schools = new LinkedHashMap<>();
    ConfigNode schoolsNode = node.childOrEmpty("schools");
    for (String id : schoolsNode.keys()) {
      ConfigNode s = schoolsNode.childOrEmpty(id);
      s.allowKeys("hours", "closed", "zone");
      String schoolZone = s.child("zone").isPresent() ? zone(s, zone) : null;
      schools.put(
          id, new SchoolOverride(hours(s.childOrEmpty("hours")), closedDays(s), schoolZone));
    }
    String file = node.string("holidays-file", null);
    Path holidaysFile = file == null ? null : baseDir.resolve(file);
    return new CalendarSettings(zone, hours, closed, schools, holidaysFile);
  }

  /** The override of one school, if any. */
  public Optional<SchoolOverride> school(String schoolId) {
    return Optional.ofNullable(schools.get(schoolId));
  }

  private static String zone(ConfigNode node, String def) {
    String zone = node.string("zone", def).toUpperCase(Locale.ROOT);
    if (!ZONES.contains(zone)) {
      node.error("zone", "unknown school-holiday zone '" + zone + "' (expected A, B or C)");
      return def;
    }
    return zone;
  }

  private static Map<DayOfWeek, List<OpeningHours.Span>> hours(ConfigNode node) {
    Map<DayOfWeek, List<OpeningHours.Span>> days = new LinkedHashMap<>();
    for (String key : node.keys()) {
      Optional<DayOfWeek> day = dayOf(key);
      if (day.isEmpty()) {
        node.report(node.keyOrigin(key), node.keyPath(key) + ": not a weekday (monday … sunday)");
        continue;
      }
      String text = node.string(key, "");
      Optional<List<OpeningHours.Span>> spans = OpeningHours.parseDay(text);
      if (spans.isEmpty()) {
        node.error(
            key,
            "expected opening hours like '08:30-16:30' or '08:30-11:30, 13:30-16:30', or"
                + " 'closed', got '"
                + text
                + "'");
        continue;
      }
      days.put(day.get(), spans.get());
    }
    return days;
  }

  private static Optional<DayOfWeek> dayOf(String key) {
    try {
      return Optional.of(DayOfWeek.valueOf(key.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code closed: [2026-01-30, 2026-06-01..2026-06-03]} (ranges inclusive). */
  private static Set<LocalDate> closedDays(ConfigNode node) {
    Set<LocalDate> days = new TreeSet<>();
    for (ConfigNode item : node.list("closed")) {
      String text = item.text();
      if (text == null) {
        continue;
      }
      try {
        String[] ends = text.strip().split("\\s*\\.\\.\\s*");
        LocalDate from = LocalDate.parse(ends[0]);
        LocalDate to = ends.length > 1 ? LocalDate.parse(ends[1]) : from;
        if (ends.length > 2 || to.isBefore(from) || from.plusDays(366).isBefore(to)) {
          item.error(
              "expected a day YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (at most a year)");
          continue;
        }
        from.datesUntil(to.plusDays(1)).forEach(days::add);
      } catch (DateTimeParseException e) {
        item.error(
            "expected a day YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, got '" + text + "'");
      }
    }
    return days;
  }
}
