package org.vigie.inventory.calendar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vigie.inventory.SchoolCalendar;
import org.vigie.inventory.TimeRange;

/**
 * The {@link SchoolCalendar} of French primary schools: weekly opening hours, minus the school
 * holidays of the zone, public holidays and configured closed days, with per-school overrides.
 *
 * <p>All local times are in Europe/Paris and turned into instants day by day with the rules of that
 * day, so a school day after a daylight-saving change opens at the same wall-clock time (08:30 is
 * 07:30 UTC in winter, 06:30 UTC in summer), and a month's hours add up to its true length (a March
 * has 743 hours, an October 745).
 */
public final class FrenchSchoolCalendar implements SchoolCalendar {
  /** The time zone of every local time of the calendar. */
  public static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** How far {@link #nextOpening} looks ahead before giving up (longer than a summer). */
  private static final int LOOK_AHEAD_DAYS = 400;

  private final CalendarSettings settings;
  private final SchoolHolidays holidays;
  private final Map<Integer, Map<LocalDate, String>> publicHolidays = new ConcurrentHashMap<>();

  public FrenchSchoolCalendar(CalendarSettings settings, SchoolHolidays holidays) {
    this.settings = settings;
    this.holidays = holidays;
  }

  /**
   * The calendar of {@code settings} with its holidays file, or the shipped holidays when it names
   * none.
   *
   * @throws IOException when the named file cannot be read or has bad lines
   */
  public static FrenchSchoolCalendar of(CalendarSettings settings) throws IOException {
    if (settings.holidaysFile() == null) {
      return new FrenchSchoolCalendar(settings, SchoolHolidays.shipped());
    }
    List<String> errors = new ArrayList<>();
    SchoolHolidays h =
        SchoolHolidays.parse(
            Files.readString(settings.holidaysFile(), StandardCharsets.UTF_8), errors);
    if (!errors.isEmpty()) {
      throw new IOException(settings.holidaysFile() + ": " + String.join("; ", errors));
    }
    return new FrenchSchoolCalendar(settings, h);
  }

  /** The default calendar: zone A, four-day week, the shipped holidays. */
  public static FrenchSchoolCalendar defaults() {
    return new FrenchSchoolCalendar(CalendarSettings.defaults(), SchoolHolidays.shipped());
  }

  public CalendarSettings settings() {
    return settings;
  }

  public SchoolHolidays holidays() {
    return holidays;
  }

  /**
   * Why the school has no classes on {@code day} although its weekday may have hours: a public
   * holiday, a school holiday, a configured closed day; empty on an ordinary day (open or not by
   * its weekday).
   */
  public Optional<String> closure(String schoolId, LocalDate day) {
    String ph = publicHolidays.computeIfAbsent(day.getYear(), PublicHolidays::of).get(day);
    if (ph != null) {
      return Optional.of(ph);
    }
    Optional<CalendarSettings.SchoolOverride> o = settings.school(schoolId);
    String zone = o.map(CalendarSettings.SchoolOverride::zone).orElse(null);
    Optional<SchoolHolidays.Period> period =
        holidays.on(zone == null ? settings.zone() : zone, day);
    if (period.isPresent()) {
      return Optional.of(period.get().name());
    }
    if (settings.closed().contains(day) || o.map(s -> s.closed().contains(day)).orElse(false)) {
      return Optional.of("Fermeture");
    }
    return Optional.empty();
  }

  /** The school's open periods on one local day, as instants, in order. */
  public List<TimeRange> dayPeriods(String schoolId, LocalDate day) {
    List<OpeningHours.Span> spans = spans(schoolId, day.getDayOfWeek());
    if (spans.isEmpty() || closure(schoolId, day).isPresent()) {
      return List.of();
    }
    List<TimeRange> out = new ArrayList<>(spans.size());
    for (OpeningHours.Span s : spans) {
      // ZonedDateTime.of resolves a local time inside a DST gap forwards and inside an overlap to
      // the earlier offset: school hours never fall there, but the result is still well defined.
      out.add(
          new TimeRange(
              ZonedDateTime.of(day, s.from(), PARIS).toInstant(),
              ZonedDateTime.of(day, s.to(), PARIS).toInstant()));
    }
    return out;
  }

  @Override
  public boolean isOpen(String schoolId, Instant at) {
    LocalDate day = at.atZone(PARIS).toLocalDate();
    return dayPeriods(schoolId, day).stream().anyMatch(r -> r.contains(at));
  }

  @Override
  public Instant nextOpening(String schoolId, Instant at) {
    LocalDate day = at.atZone(PARIS).toLocalDate();
    for (int i = 0; i < LOOK_AHEAD_DAYS; i++, day = day.plusDays(1)) {
      for (TimeRange r : dayPeriods(schoolId, day)) {
        if (r.contains(at)) {
          return at;
        }
        if (r.start().isAfter(at)) {
          return r.start();
        }
      }
    }
    throw new IllegalStateException(
        "school " + schoolId + " has no opening within " + LOOK_AHEAD_DAYS + " days of " + at);
  }

  @Override
  public List<TimeRange> openPeriods(String schoolId, TimeRange range) {
    List<TimeRange> out = new ArrayList<>();
    LocalDate day = range.start().atZone(PARIS).toLocalDate();
    LocalDate last = range.end().atZone(PARIS).toLocalDate();
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      for (TimeRange r : dayPeriods(schoolId, day)) {
        Instant s = r.start().isAfter(range.start()) ? r.start() : range.start();
        Instant e = r.end().isBefore(range.end()) ? r.end() : range.end();
        if (s.isBefore(e)) {
          out.add(new TimeRange(s, e));
        }
      }
    }
    return out;
  }

  private List<OpeningHours.Span> spans(String schoolId, DayOfWeek weekday) {
    Optional<CalendarSettings.SchoolOverride> o = settings.school(schoolId);
    if (o.isPresent() && o.get().hours().containsKey(weekday)) {
      return o.get().hours().get(weekday);
    }
    return settings.hours().on(weekday);
  }
}
