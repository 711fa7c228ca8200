package org.vigie.alerting.notify;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;

/**
 * Who is on call: people take turns a week each, in order, handing over on {@code handoverDay} at
 * {@code handoverTime} (Europe/Paris, so the hand-over stays at 09:00 across daylight-saving
 * changes); dated overrides (a swap, a holiday) win over the rotation.
 *
 * @param start a date inside the first person's first week (the rotation counts weeks from the
 *     hand-over at or before it)
 */
public record Rota(
    List<Person> people,
    DayOfWeek handoverDay,
    LocalTime handoverTime,
    LocalDate start,
    List<Override> overrides) {

  /** The rota's time zone: the DSI's. */
  public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

  /** Someone replaces the rotation during {@code [from, until)}. */
  public record Override(Instant from, Instant until, Person person) {}

  public Rota {
    people = List.copyOf(people);
    overrides = List.copyOf(overrides);
    if (people.isEmpty()) {
      throw new IllegalArgumentException("a rota needs at least one person");
    }
  }

  /** The person on call at {@code at}. */
  public Person onCall(Instant at) {
    for (Override o : overrides) {
      if (!at.isBefore(o.from()) && at.isBefore(o.until())) {
        return o.person();
      }
    }
    return people.get(weekIndex(at));
  }

  /**
   * Who comes after {@code person} for an escalation at {@code at}: the next person of the rotation
   * after the one on call (empty when the rota has one person).
   */
  public Optional<Person> next(Instant at, int steps) {
    if (people.size() < 2) {
      return Optional.empty();
    }
    Person current = onCall(at);
    int i = people.indexOf(current);
    if (i < 0) {
      // An override person is on call: the rotation's own person is the next one.
      i = (weekIndex(at) - 1 + people.size()) % people.size();
    }
    Person next = people.get(Math.floorMod(i + steps, people.size()));
    return next.equals(current) ? Optional.empty() : Optional.of(next);
  }

  private int weekIndex(Instant at) {
    ZonedDateTime origin = handoverAtOrBefore(start);
    long weeks = Math.floorDiv(Duration.between(origin.toInstant(), at).toMinutes(), 7 * 24 * 60);
    // Whole weeks in local time: a week containing a DST change is 167 or 169 hours long.
    ZonedDateTime local = at.atZone(ZONE);
    long localWeeks = ChronoUnit.WEEKS.between(origin, local);
    return (int) Math.floorMod(local.isBefore(origin) ? weeks : localWeeks, people.size());
  }

  private ZonedDateTime handoverAtOrBefore(LocalDate date) {
    LocalDate day = date.with(TemporalAdjusters.previousOrSame(handoverDay));
    return ZonedDateTime.of(day, handoverTime, ZONE);
  }
}
