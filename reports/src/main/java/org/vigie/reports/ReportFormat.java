package org.vigie.reports;

/** The formats a report is written in. */
public enum ReportFormat {
  PDF,
  CSV,
  HTML
}
