package org.vigie.reports;

import java.util.Locale;

/** The language of a report: French by default. */
public enum ReportLanguage {
  FR(Locale.FRANCE),
  EN(Locale.UK);

  private final Locale locale;

  ReportLanguage(Locale locale) {
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }
}
