package org.vigie.reports;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vigie.inventory.School;

/**
 * One school's month.
 *
 * @param link the internet link (ledger subject: the school id)
 * @param server the school server(s), time added up over servers
 * @param wifi the access points: time added up over access points, so the ratio is the share of
 *     access points up
 * @param backups days with a fresh backup
 * @param outages DOWN spans of the link and the server, clipped to the month
 * @param maintenance maintenance windows of the school's subjects (excluded from the figures)
 * @param gaps monitoring gaps (UNKNOWN) of the link and the server (counted neither way)
 * @param accessPoints number of access points in the inventory
 * @param linkDownByDay the link's DOWN time during school hours, per local (Paris) day
 * @param serverDownByDay the same for the server
 */
public record SchoolReport(
    School school,
    Measure link,
    Measure server,
    Measure wifi,
    Backups backups,
    List<IncidentLine> incidents,
    Restore restore,
    LinkQuality quality,
    List<Window> outages,
    List<Window> maintenance,
    List<Window> gaps,
    int servers,
    int accessPoints,
    SortedMap<LocalDate, Duration> linkDownByDay,
    SortedMap<LocalDate, Duration> serverDownByDay) {

  public SchoolReport {
    linkDownByDay = Collections.unmodifiableSortedMap(new TreeMap<>(linkDownByDay));
    serverDownByDay = Collections.unmodifiableSortedMap(new TreeMap<>(serverDownByDay));
    incidents = List.copyOf(incidents);
    outages = List.copyOf(outages);
    maintenance = List.copyOf(maintenance);
    gaps = List.copyOf(gaps);
  }
}
