package org.vigie.alerting;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.vigie.alerting.notify.Person;
import org.vigie.alerting.notify.Rota;
import org.vigie.inventory.SchoolCalendar;
import org.vigie.inventory.TimeRange;

/** Fixtures shared by the alerting tests and benchmarks. */
public final class AlertingFixtures {
  private AlertingFixtures() {}

  /**
   * Alice, Bruno and Chloé, a week each from Monday 1 September 2025, 9:00: Bruno is on call in the
   * week of Wednesday 10 September 2025, Chloé next.
   */
  public static final Rota ROTA =
      new Rota(
          List.of(
              new Person("Alice", "alice@dsi.example", "+33600000001"),
              new Person("Bruno", "bruno@dsi.example", "+33600000002"),
              new Person("Chloé", "chloe@dsi.example", "+33600000003")),
          DayOfWeek.MONDAY,
          LocalTime.of(9, 0),
          LocalDate.of(2025, 9, 1),
          List.of());

  /** Every school always open: the calendar policy never delays a notice. */
  public static final SchoolCalendar ALWAYS_OPEN =
      new SchoolCalendar() {
        @Override
        public boolean isOpen(String schoolId, Instant at) {
          return true;
        }

        @Override
        public Instant nextOpening(String schoolId, Instant at) {
          return at;
        }

        @Override
        public List<TimeRange> openPeriods(String schoolId, TimeRange range) {
          return List.of(range);
        }
      };
}
