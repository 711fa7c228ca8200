package org.vigie.alerting.mute;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A maintenance window or a silence: what it covers ({@link Matcher}) and when, either once over
 * {@code [start, end)} or every week on {@code days} from {@code from} to {@code to} (local time of
 * {@code zone}; a range past midnight ends on the next day).
 *
 * @param maintenance true for a maintenance window (the ledger records MAINTENANCE), false for a
 *     silence (only notifications are held back)
 */
public record MuteWindow(
    String name,
    boolean maintenance,
    Matcher matcher,
    Instant start,
    Instant end,
    Set<DayOfWeek> days,
    LocalTime from,
    LocalTime to,
    ZoneId zone,
    String comment) {

  public static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** A one-off window over {@code [start, end)}. */
  public static MuteWindow once(
      String name,
      boolean maintenance,
      Matcher matcher,
      Instant start,
      Instant end,
      String comment) {
    return new MuteWindow(name, maintenance, matcher, start, end, null, null, null, PARIS, comment);
  }

  /** A weekly window. */
  public static MuteWindow weekly(
      String name,
      boolean maintenance,
      Matcher matcher,
      Set<DayOfWeek> days,
      LocalTime from,
      LocalTime to,
      ZoneId zone,
      String comment) {
    return new MuteWindow(
        name, maintenance, matcher, null, null, Set.copyOf(days), from, to, zone, comment);
  }

  /** Whether the window is open at {@code at}. */
  public boolean covers(Instant at) {
    if (days == null) {
      return !at.isBefore(start) && at.isBefore(end);
    }
    ZonedDateTime local = at.atZone(zone);
    LocalTime t = local.toLocalTime();
    DayOfWeek day = local.getDayOfWeek();
    if (from.isBefore(to)) {
      return days.contains(day) && !t.isBefore(from) && t.isBefore(to);
    }
    // Past midnight: the evening part on a listed day, the morning part on the day after one.
    return (days.contains(day) && !t.isBefore(from))
        || (days.contains(day.minus(1)) && t.isBefore(to));
  }

  /** Whether this window covers {@code target} at {@code at}. */
  public boolean covers(MuteTarget target, Instant at) {
    return matcher.matches(target) && covers(at);
  }

  /** For timelines: {@code maintenance 'name'} or {@code silence 'name'}. */
  public String label() {
    return (maintenance ? "maintenance '" : "silence '") + name + "'";
  }
}
