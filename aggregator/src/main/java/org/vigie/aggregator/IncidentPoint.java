package org.vigie.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One incident event as a time-series point, in measurement {@value #MEASUREMENT} (Grafana
 * annotations). The aggregator does not know the alerting types: the caller chooses the tags and
 * writes the human text; the fields are fixed so that their types never conflict in InfluxDB.
 *
 * @param at the event's time (millisecond precision is kept)
 * @param tags tag keys and values; null or empty values are left out (InfluxDB stores no empty tag)
 * @param id the incident's id (field {@code id})
 * @param title one line, e.g. {@code OPENED MAJOR check:jules-ferry/server/backup} (field {@code
 *     title})
 * @param text the cause and detail (field {@code text})
 * @param duration how long the incident lasted, on its resolution; null otherwise (field {@code
 *     duration_s}, float seconds, written only when known)
 */
public record IncidentPoint(
    Instant at, Map<String, String> tags, String id, String title, String text, Duration duration) {

  public static final String MEASUREMENT = "incident";

  /** The field names, which no tag may take (a query would then read the field, not the tag). */
  public static final Set<String> FIELDS = Set.of("id", "title", "text", "duration_s");

  public IncidentPoint {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    text = text == null ? "" : text;
    TreeMap<String, String> sorted = new TreeMap<>(); // InfluxDB prefers tags sorted by key
    tags.forEach(
        (k, v) -> {
          if (k == null || k.isEmpty() || FIELDS.contains(k) || k.equals("time")) {
            throw new IllegalArgumentException("invalid tag key for an incident point: " + k);
          }
          if (v != null && !v.isEmpty()) {
            sorted.put(k, v);
          }
        });
    tags = java.util.Collections.unmodifiableSortedMap(sorted);
  }
}
