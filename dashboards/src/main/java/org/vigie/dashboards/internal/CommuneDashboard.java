package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonObject;
import org.vigie.inventory.Inventory;

/** Commune: its schools' month-to-date availability, link RTT and loss, incidents of the month. */
public final class CommuneDashboard {
  public static final String UID = "vigie-commune";
  private static final String COMMUNE = "commune =~ /^$commune$/";
  private final Sources src;

  public CommuneDashboard(Sources src) {
    this.src = src;
  }

  public JsonObject build(Inventory inv) {
    Board b =
        new Board(UID, "Vigie · Commune", "The schools of one commune, month to date.")
            .time("now/M")
            .tagVariable(src, "commune", "Commune", null, false)
            .incidents(src, COMMUNE)
            // Off by default: the incidents say the same per root cause, not per check.
            .stateChanges(src, COMMUNE + " AND \"to\" = 'DOWN'", false);
    b.add(
        Panel.table("Availability month to date", 8, 12)
            .description("Share of probe runs UP or DEGRADED since the 1st, per school and kind.")
            .unit("percentunit")
            .thresholdsLow(0.99, 0.999)
            .timeFrom("now/M")
            .link("School", SchoolDashboard.drillDown("${__data.fields.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(up) AS availability FROM /^probe_/ WHERE "
                        + COMMUNE
                        + " AND $timeFilter GROUP BY school",
                    null,
                    "table")));
    b.add(
        Panel.timeseries("Link RTT per school", 8, 12)
            .description("Average RTT of each school's internet link.")
            .unit("s")
            .min(0)
            .link("School", SchoolDashboard.drillDown("${__field.labels.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(rtt_avg_seconds) FROM probe_link WHERE "
                        + COMMUNE
                        + " AND $timeFilter GROUP BY time($__interval), school fill(null)",
                    "$tag_school",
                    "time_series")));
    b.add(
        Panel.timeseries("Link loss per school", 8, 12)
            .description("Loss ratio of each school's internet link.")
            .unit("percentunit")
            .min(0)
            .link("School", SchoolDashboard.drillDown("${__field.labels.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT max(loss_ratio) FROM probe_link WHERE "
                        + COMMUNE
                        + " AND $timeFilter GROUP BY time($__interval), school fill(null)",
                    "$tag_school",
                    "time_series")));
    b.add(
        Panel.table("Incidents of the month", 24, 10)
            .description("Every state change to DOWN or DEGRADED since the 1st.")
            .stateMapping()
            .timeFrom("now/M")
            .sortBy("Time")
            .link("School", SchoolDashboard.drillDown("${__data.fields.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT \"to\", reason, school, device, \"check\" FROM state WHERE "
                        + COMMUNE
                        + " AND \"to\" != 'UP' AND $timeFilter",
                    null,
                    "table")));
    return b.build();
  }
}
