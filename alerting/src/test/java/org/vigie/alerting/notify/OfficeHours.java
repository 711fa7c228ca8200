package org.vigie.alerting.notify;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.vigie.inventory.SchoolCalendar;
import org.vigie.inventory.TimeRange;

/**
 * A school calendar for tests: every school open Monday to Friday, 08:00–17:00 Europe/Paris, no
 * holidays. A pure function of the instant, like the real calendar.
 */
final class OfficeHours implements SchoolCalendar {
  static final LocalTime OPENS = LocalTime.of(8, 0);
  static final LocalTime CLOSES = LocalTime.of(17, 0);

  @Override
  public boolean isOpen(String schoolId, Instant at) {
    ZonedDateTime t = at.atZone(Rota.ZONE);
    return workday(t.getDayOfWeek())
        && !t.toLocalTime().isBefore(OPENS)
        && t.toLocalTime().isBefore(CLOSES);
  }

  @Override
  public Instant nextOpening(String schoolId, Instant at) {
    if (isOpen(schoolId, at)) {
      return at;
    }
    ZonedDateTime day = at.atZone(Rota.ZONE);
    if (!day.toLocalTime().isBefore(OPENS)) {
      day = day.plusDays(1);
    }
    while (!workday(day.getDayOfWeek())) {
      day = day.plusDays(1);
    }
    return day.with(OPENS).toInstant();
  }

  @Override
  public List<TimeRange> openPeriods(String schoolId, TimeRange range) {
    List<TimeRange> out = new ArrayList<>();
    Instant t = nextOpening(schoolId, range.start());
    while (t.isBefore(range.end())) {
      Instant close = t.atZone(Rota.ZONE).with(CLOSES).toInstant();
      out.add(new TimeRange(t, close.isAfter(range.end()) ? range.end() : close));
      t = nextOpening(schoolId, close);
    }
    return out;
  }

  private static boolean workday(DayOfWeek d) {
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY;
  }
}
