package org.vigie.reports;

/** Backups over every day of the month and over its school days only. */
public record Backups(DayCount allDays, DayCount schoolDays) {
  public static final Backups ZERO = new Backups(DayCount.ZERO, DayCount.ZERO);

  public Backups plus(Backups o) {
    return new Backups(allDays.plus(o.allDays), schoolDays.plus(o.schoolDays));
  }
}
