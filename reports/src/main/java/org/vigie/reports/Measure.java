package org.vigie.reports;

/** One availability figure twice: around the clock (24/7) and during school hours only. */
public record Measure(Figure allDay, Figure schoolHours) {
  public static final Measure ZERO = new Measure(Figure.ZERO, Figure.ZERO);

  public Measure plus(Measure o) {
    return new Measure(allDay.plus(o.allDay), schoolHours.plus(o.schoolHours));
  }
}
