package org.vigie.server;

import java.util.Optional;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.Secret;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.AlertingSettings;
import org.vigie.inventory.SchoolCalendar;
import org.vigie.inventory.calendar.FrenchSchoolCalendar;
import org.vigie.probe.SchedulerOptions;
import org.vigie.reports.ReportSettings;

/**
 * Program settings: the {@code vigie:} section of the configuration file.
 *
 * @param httpHost address of the HTTP server ({@code /metrics}, {@code /health})
 * @param httpPort its port; 0 picks a free one
 * @param store the state store (availability ledger)
 * @param influx where to write time series; empty: no time series (the demo's default)
 * @param alerting the {@code alerting:} section: rules, muting, notification, channels, helpdesk
 * @param calendar the school calendar ({@code calendar:}): when non-critical notices may go
 * @param reports the {@code reports:} section: language, monthly sending, attachments
 * @param apiToken the bearer token of the operations API ({@code vigie.http.api-token-*}); empty:
 *     the API is off
 */
public record VigieSettings(
    String httpHost,
    int httpPort,
    SchedulerOptions scheduler,
    Hysteresis hysteresis,
    StoreOptions store,
    Optional<InfluxOptions> influx,
    AlertingSettings alerting,
    SchoolCalendar calendar,
    ReportSettings reports,
    Optional<Secret> apiToken) {
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 8080;

  public static VigieSettings defaults() {
    return new VigieSettings(
        DEFAULT_HTTP_HOST,
        DEFAULT_HTTP_PORT,
        SchedulerOptions.defaults(),
        Hysteresis.defaults(),
        new StoreOptions(),
        Optional.empty(),
        AlertingSettings.defaults(),
        FrenchSchoolCalendar.defaults(),
        ReportSettings.defaults(),
        Optional.empty());
  }

  /** Settings without a {@code reports:} section (reports are not sent automatically). */
  public VigieSettings(
      String httpHost,
      int httpPort,
      SchedulerOptions scheduler,
      Hysteresis hysteresis,
      StoreOptions store,
      Optional<InfluxOptions> influx,
      AlertingSettings alerting,
      SchoolCalendar calendar) {
    this(
        httpHost,
        httpPort,
        scheduler,
        hysteresis,
        store,
        influx,
        alerting,
        calendar,
        ReportSettings.defaults(),
        Optional.empty());
  }

  public VigieSettings withHttpPort(int port) {
    return new VigieSettings(
        httpHost,
        port,
        scheduler,
        hysteresis,
        store,
        influx,
        alerting,
        calendar,
        reports,
        apiToken);
  }

  /** The same settings with another state store (the demo and tests use a temporary one). */
  public VigieSettings withStore(StoreOptions other) {
    return new VigieSettings(
        httpHost,
        httpPort,
        scheduler,
        hysteresis,
        other,
        influx,
        alerting,
        calendar,
        reports,
        apiToken);
  }

  /** The same settings with another school calendar. */
  public VigieSettings withCalendar(SchoolCalendar other) {
    return new VigieSettings(
        httpHost,
        httpPort,
        scheduler,
        hysteresis,
        store,
        influx,
        alerting,
        other,
        reports,
        apiToken);
  }

  /** The same settings with another alerting section. */
  public VigieSettings withAlerting(AlertingSettings other) {
    return new VigieSettings(
        httpHost,
        httpPort,
        scheduler,
        hysteresis,
        store,
        influx,
        other,
        calendar,
        reports,
        apiToken);
  }

  /** The same settings with another reports section. */
  public VigieSettings withReports(ReportSettings other) {
    return new VigieSettings(
        httpHost,
        httpPort,
        scheduler,
        hysteresis,
        store,
        influx,
        alerting,
        calendar,
        other,
        apiToken);
  }

  /** The same settings with another API token (the demo makes one up). */
  public VigieSettings withApiToken(Secret token) {
    return new VigieSettings(
        httpHost,
        httpPort,
        scheduler,
        hysteresis,
        store,
        influx,
        alerting,
        calendar,
        reports,
        Optional.of(token));
  }
}
