package org.vigie.inventory.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Problem;
import org.vigie.inventory.TimeRange;

class FrenchSchoolCalendarTest {
  private final FrenchSchoolCalendar zoneA = FrenchSchoolCalendar.defaults();

  private static Instant utc(String text) {
    return Instant.parse(text);
  }

  private static TimeRange month(String yyyyMm) {
    YearMonth m = YearMonth.parse(yyyyMm);
    return new TimeRange(
        m.atDay(1).atStartOfDay(FrenchSchoolCalendar.PARIS).toInstant(),
        m.plusMonths(1).atDay(1).atStartOfDay(FrenchSchoolCalendar.PARIS).toInstant());
  }

  private static Duration total(List<TimeRange> periods) {
    return periods.stream().map(TimeRange::length).reduce(Duration.ZERO, Duration::plus);
  }

  private static FrenchSchoolCalendar fromYaml(String yaml, List<Problem> problems) {
    ConfigNode root = ConfigNode.parse("vigie.yaml", yaml, problems);
    return new FrenchSchoolCalendar(
        CalendarSettings.read(root.childOrEmpty("calendar"), Path.of(".")),
        SchoolHolidays.shipped());
  }

  @Test
  void marchChange_schoolStillOpensAt0830LocalTime_oneHourEarlierInUtc() {
    // Summer time starts on Sunday 29 March 2026 at 02:00 local.
    assertThat(zoneA.dayPeriods("s", LocalDate.of(2026, 3, 27)))
        .containsExactly(new TimeRange(utc("2026-03-27T07:30:00Z"), utc("2026-03-27T15:30:00Z")));
    assertThat(zoneA.dayPeriods("s", LocalDate.of(2026, 3, 30)))
        .containsExactly(new TimeRange(utc("2026-03-30T06:30:00Z"), utc("2026-03-30T14:30:00Z")));
    assertThat(zoneA.isOpen("s", utc("2026-03-30T06:29:59Z"))).isFalse();
    assertThat(zoneA.isOpen("s", utc("2026-03-30T06:30:00Z"))).isTrue();
    assertThat(month("2026-03").length()).isEqualTo(Duration.ofHours(31 * 24 - 1));
  }

  @Test
  void octoberChange_schoolStillOpensAt0830LocalTime_oneHourLaterInUtc() {
    // Winter time starts on Sunday 26 October 2025 at 03:00 local (Toussaint holidays around it).
    assertThat(zoneA.dayPeriods("s", LocalDate.of(2025, 10, 17)))
        .containsExactly(new TimeRange(utc("2025-10-17T06:30:00Z"), utc("2025-10-17T14:30:00Z")));
    assertThat(zoneA.dayPeriods("s", LocalDate.of(2025, 11, 3)))
        .containsExactly(new TimeRange(utc("2025-11-03T07:30:00Z"), utc("2025-11-03T15:30:00Z")));
    assertThat(month("2025-10").length()).isEqualTo(Duration.ofHours(31 * 24 + 1));
  }

  @Test
  void november2025_zoneA_has15SchoolDays_afterToussaintAndWithoutArmistice() {
    List<TimeRange> open = zoneA.openPeriods("s", month("2025-11"));
    assertThat(open).hasSize(15);
    assertThat(total(open)).isEqualTo(Duration.ofHours(15 * 8));
    assertThat(zoneA.closure("s", LocalDate.of(2025, 11, 11))).contains("Armistice 1918");
    assertThat(open.getFirst().start()).isEqualTo(utc("2025-11-03T07:30:00Z"));
  }

  @Test
  void winterHolidays_dependOnTheZone() {
    LocalDate monday = LocalDate.of(2026, 2, 9);
    assertThat(zoneA.dayPeriods("s", monday)).isEmpty();
    assertThat(zoneA.closure("s", monday)).contains("Vacances d'hiver");
    List<Problem> problems = new ArrayList<>();
    FrenchSchoolCalendar zoneB = fromYaml("calendar:\n  zone: B\n", problems);
    assertThat(problems).isEmpty();
    assertThat(zoneB.dayPeriods("s", monday)).hasSize(1);
    assertThat(zoneB.dayPeriods("s", LocalDate.of(2026, 2, 16))).isEmpty();
  }

  @Test
  void easterBasedHolidays_areComputed() {
    assertThat(PublicHolidays.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
    assertThat(PublicHolidays.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
    assertThat(PublicHolidays.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
    assertThat(PublicHolidays.of(2026))
        .containsEntry(LocalDate.of(2026, 4, 6), "Lundi de Pâques")
        .containsEntry(LocalDate.of(2026, 5, 14), "Ascension")
        .containsEntry(LocalDate.of(2026, 5, 25), "Lundi de Pentecôte")
        .hasSize(11);
    // Easter Monday 2027 falls in term time in zone A: no classes anyway.
    assertThat(zoneA.dayPeriods("s", LocalDate.of(2027, 3, 29))).isEmpty();
    assertThat(zoneA.dayPeriods("s", LocalDate.of(2027, 3, 30))).hasSize(1);
  }

  @Test
  void wednesday_isClosedByDefault_andConfigurable_perSchoolToo() {
    LocalDate wednesday = LocalDate.of(2025, 11, 5);
    assertThat(zoneA.dayPeriods("s", wednesday)).isEmpty();
    List<Problem> problems = new ArrayList<>();
    FrenchSchoolCalendar cal =
        fromYaml(
            """
            calendar:
              hours:
                wednesday: 08:30-11:30
              closed: [2025-11-13, 2025-11-20..2025-11-21]
              schools:
                pasteur:
                  hours:
                    monday: 08:45-12:00, 13:30-16:45
                    wednesday: closed
            """,
            problems);
    assertThat(problems).isEmpty();
    assertThat(cal.dayPeriods("ferry", wednesday))
        .containsExactly(new TimeRange(utc("2025-11-05T07:30:00Z"), utc("2025-11-05T10:30:00Z")));
    assertThat(cal.dayPeriods("pasteur", wednesday)).isEmpty();
    assertThat(cal.dayPeriods("pasteur", LocalDate.of(2025, 11, 3)))
        .containsExactly(
            new TimeRange(utc("2025-11-03T07:45:00Z"), utc("2025-11-03T11:00:00Z")),
            new TimeRange(utc("2025-11-03T12:30:00Z"), utc("2025-11-03T15:45:00Z")));
    assertThat(cal.dayPeriods("ferry", LocalDate.of(2025, 11, 13))).isEmpty();
    assertThat(cal.dayPeriods("ferry", LocalDate.of(2025, 11, 21))).isEmpty();
    assertThat(cal.dayPeriods("ferry", LocalDate.of(2025, 11, 14))).hasSize(1);
  }

  @Test
  void nextOpening_afterFridayClasses_isMondayMorning_andNowWhenOpen() {
    assertThat(zoneA.nextOpening("s", utc("2025-11-14T16:00:00Z")))
        .isEqualTo(utc("2025-11-17T07:30:00Z"));
    assertThat(zoneA.nextOpening("s", utc("2025-11-17T09:00:00Z")))
        .isEqualTo(utc("2025-11-17T09:00:00Z"));
    // From the last day before Christmas to the first day of January.
    assertThat(zoneA.nextOpening("s", utc("2025-12-19T16:00:00Z")))
        .isEqualTo(utc("2026-01-05T07:30:00Z"));
  }

  @Test
  void openPeriods_areClippedToTheRange() {
    TimeRange range = new TimeRange(utc("2025-11-03T10:00:00Z"), utc("2025-11-04T08:00:00Z"));
    assertThat(zoneA.openPeriods("s", range))
        .containsExactly(
            new TimeRange(utc("2025-11-03T10:00:00Z"), utc("2025-11-03T15:30:00Z")),
            new TimeRange(utc("2025-11-04T07:30:00Z"), utc("2025-11-04T08:00:00Z")));
  }

  @Test
  void badSettings_areReportedAtTheirPosition() {
    List<Problem> problems = new ArrayList<>();
    fromYaml(
        """
        calendar:
          zone: D
          hours:
            mardi: 08:30-16:30
            friday: 16:30-08:30
          closed: [2025-13-01]
        """,
        problems);
    assertThat(problems.stream().map(Problem::toString))
        .containsExactly(
            "vigie.yaml:2:9: calendar.zone: unknown school-holiday zone 'D' (expected A, B or C)",
            "vigie.yaml:4:5: calendar.hours.mardi: not a weekday (monday … sunday)",
            "vigie.yaml:5:13: calendar.hours.friday: expected opening hours like '08:30-16:30' or"
                + " '08:30-11:30, 13:30-16:30', or 'closed', got '16:30-08:30'",
            "vigie.yaml:6:12: calendar.closed[0]: expected a day YYYY-MM-DD or a range"
                + " YYYY-MM-DD..YYYY-MM-DD, got '2025-13-01'");
  }

  @Test
  void shippedHolidays_parse_andCoverTwoSchoolYears() {
    SchoolHolidays h = SchoolHolidays.shipped();
    assertThat(h.coveredUntil()).contains(LocalDate.of(2027, 9, 1));
    for (String zone : CalendarSettings.ZONES) {
      assertThat(h.on(zone, LocalDate.of(2025, 12, 24))).isPresent();
      assertThat(h.on(zone, LocalDate.of(2026, 8, 1))).isPresent();
    }
    List<String> errors = new ArrayList<>();
    SchoolHolidays.parse("A;x;2026-01-10\nA;y;2026-02-01;2026-01-01\n", errors);
    assertThat(errors)
        .containsExactly(
            "line 1: expected 'zones;name;first day off;day classes resume'",
            "line 2: classes resume before the holiday starts");
  }
}
