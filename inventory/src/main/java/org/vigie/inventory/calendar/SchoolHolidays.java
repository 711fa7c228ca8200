package org.vigie.inventory.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The French school holidays by zone, read from a small text file: the one shipped in this jar
 * ({@link #shipped()}, updated each year, see docs/operations.md) or one named in the configuration
 * ({@code calendar.holidays-file}).
 *
 * <p>Format, one period per line, {@code #} comments: {@code zones;name;first day off;day classes
 * resume}, e.g. {@code A;Vacances d'hiver;2026-02-07;2026-02-23}.
 */
public final class SchoolHolidays {
  static final String RESOURCE = "/org/vigie/inventory/calendar/school-holidays.csv";

  /** One holiday period {@code [firstDay, resumes)} of some zones. */
  public record Period(Set<String> zones, String name, LocalDate firstDay, LocalDate resumes) {
    public Period {
      zones = Set.copyOf(zones);
    }

    public boolean covers(String zone, LocalDate day) {
      return zones.contains(zone) && !day.isBefore(firstDay) && day.isBefore(resumes);
    }
  }

  private final List<Period> periods;

  public SchoolHolidays(List<Period> periods) {
    this.periods = List.copyOf(periods);
  }

  /** The holidays shipped with Vigie. */
  public static SchoolHolidays shipped() {
    try (InputStream in = SchoolHolidays.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      List<String> errors = new ArrayList<>();
      SchoolHolidays holidays =
          parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), errors);
      if (!errors.isEmpty()) {
        throw new IllegalStateException(RESOURCE + ": " + errors);
      }
      return holidays;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses the file's text; each bad line adds {@code "line N: why"} to {@code errors} and is
   * skipped.
   */
  public static SchoolHolidays parse(String text, List<String> errors) {
    List<Period> periods = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (n == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(";", -1);
      if (f.length != 4) {
        errors.add("line " + (n + 1) + ": expected 'zones;name;first day off;day classes resume'");
        continue;
      }
      try {
        LocalDate first = LocalDate.parse(f[2].strip());
        LocalDate resumes = LocalDate.parse(f[3].strip());
        if (!resumes.isAfter(first)) {
          errors.add("line " + (n + 1) + ": classes resume before the holiday starts");
          continue;
        }
        Set<String> zones = Set.of(f[0].strip().split("\\s*,\\s*"));
        periods.add(new Period(zones, f[1].strip(), first, resumes));
      } catch (DateTimeParseException e) {
        errors.add("line " + (n + 1) + ": dates are written YYYY-MM-DD");
      }
    }
    return new SchoolHolidays(periods);
  }

  /** The holiday period of {@code zone} covering {@code day}, if any. */
  public Optional<Period> on(String zone, LocalDate day) {
    return periods.stream().filter(p -> p.covers(zone, day)).findFirst();
  }

  /** The last day the data says anything about (the end of its last period). */
  public Optional<LocalDate> coveredUntil() {
    return periods.stream().map(Period::resumes).max(LocalDate::compareTo);
  }

  public List<Period> periods() {
    return periods;
  }
}
