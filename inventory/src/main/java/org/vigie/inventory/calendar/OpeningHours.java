package org.vigie.inventory.calendar;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A school's weekly opening hours: for each weekday, zero or more local time spans ({@code
 * 08:30-11:30, 13:30-16:30}).
 */
public record OpeningHours(Map<DayOfWeek, List<Span>> days) {

  /** A local time span {@code [from, to)} within one day. */
  public record Span(LocalTime from, LocalTime to) {
    public Span {
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("span ends before it starts: " + from + "-" + to);
      }
    }

    @Override
    public String toString() {
      return from + "-" + to;
    }
  }

  public OpeningHours {
    EnumMap<DayOfWeek, List<Span>> all = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) {
      all.put(d, List.copyOf(days.getOrDefault(d, List.of())));
    }
    days = Collections.unmodifiableMap(all);
  }

  /**
   * The French four-day week: Monday, Tuesday, Thursday and Friday 08:30–16:30; Wednesday, Saturday
   * and Sunday closed.
   */
  public static OpeningHours defaults() {
    Span day = new Span(LocalTime.of(8, 30), LocalTime.of(16, 30));
    Map<DayOfWeek, List<Span>> days = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d :
        List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
      days.put(d, List.of(day));
    }
    return new OpeningHours(days);
  }

  public List<Span> on(DayOfWeek day) {
    return days.get(day);
  }

  /** The same hours with one weekday replaced. */
  public OpeningHours with(DayOfWeek day, List<Span> spans) {
    Map<DayOfWeek, List<Span>> copy = new EnumMap<>(days);
    copy.put(day, spans);
    return new OpeningHours(copy);
  }

  /**
   * Parses {@code "08:30-16:30"}, {@code "08:30-11:30, 13:30-16:30"} or {@code "closed"}; empty
   * when the text is none of these. Spans must be in order and must not overlap.
   */
  public static Optional<List<Span>> parseDay(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("closed") || t.equals("fermé") || t.isEmpty()) {
      return Optional.of(List.of());
    }
    List<Span> spans = new ArrayList<>();
    try {
      for (String part : t.split("\\s*,\\s*")) {
        String[] ends = part.split("\\s*-\\s*");
        if (ends.length != 2) {
          return Optional.empty();
        }
        Span span = new Span(LocalTime.parse(pad(ends[0])), LocalTime.parse(pad(ends[1])));
        if (!spans.isEmpty() && span.from().isBefore(spans.getLast().to())) {
          return Optional.empty();
        }
        spans.add(span);
      }
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(spans));
  }

  private static String pad(String hhmm) {
    return hhmm.length() == 4 ? "0" + hhmm : hhmm;
  }
}
