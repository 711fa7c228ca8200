package org.vigie.alerting;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code vigie_incidents_open{severity, scope, status, muted}}: the incidents open now, kept from
 * the events on {@link IncidentEvent#ADDRESS} (each carries the incident as it is after the event)
 * after a first load of the open ones. Labels are bounded by the enums: at most 80 series.
 */
public final class IncidentMetrics extends Collector {
  private final Map<String, Incident> open = new ConcurrentHashMap<>();

  /** Takes the incidents open at start (those loaded from the state store publish no event). */
  public void load(List<Incident> incidents) {
    incidents.forEach(this::put);
  }

  /** Follows one incident event. */
  public void accept(IncidentEvent event) {
    put(event.incident());
  }

  private void put(Incident i) {
    if (i.isResolved()) {
      open.remove(i.id());
    } else {
      open.put(i.id(), i);
    }
  }

  @Override
  public List<MetricFamilySamples> collect() {
    // Every severity appears, at 0 when none is open, so that alerts on "critical > 0" and
    // dashboards have a series to read.
    Map<List<String>, Integer> counts = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      counts.put(List.of(lower(s), "", "", ""), 0);
    }
    for (Incident i : open.values()) {
      counts.remove(List.of(lower(i.severity()), "", "", ""));
      counts.merge(
          List.of(
              lower(i.severity()),
              lower(i.scope()),
              lower(i.status()),
              Boolean.toString(i.muted())),
          1,
          Integer::sum);
    }
    GaugeMetricFamily g =
        new GaugeMetricFamily(
            "vigie_incidents_open",
            "Incidents open now (not resolved), by severity, scope, status and muting.",
            List.of("severity", "scope", "status", "muted"));
    for (var e : counts.entrySet()) {
      g.addMetric(e.getKey(), e.getValue());
    }
    List<MetricFamilySamples> out = new ArrayList<>();
    out.add(g);
    return out;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
