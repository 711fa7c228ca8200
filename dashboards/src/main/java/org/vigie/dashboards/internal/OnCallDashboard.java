package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonObject;
import org.vigie.inventory.Inventory;

/**
 * On call: what is broken now, across every school: open incidents, schools by state, links
 * degraded or down, backups overdue, access points down, and whether Vigie itself is healthy.
 */
public final class OnCallDashboard {
  public static final String UID = "vigie-on-call";
  private final Sources src;

  public OnCallDashboard(Sources src) {
    this.src = src;
  }

  public JsonObject build(Inventory inv) {
    Board b =
        new Board(
                UID,
                "Vigie · On call",
                "What is broken now across the " + inv.schools().size() + " schools.")
            .time("now-6h")
            .tagVariable(src, "commune", "Commune", null, true)
            // Upstream incidents have no commune: they concern every commune.
            .incidents(src, "(commune =~ /^$commune$/ OR scope = 'UPSTREAM')")
            // Off by default: the incidents say the same per root cause, not per check.
            .stateChanges(src, "commune =~ /^$commune$/ AND \"to\" = 'DOWN'", false);
    b.add(
        Panel.stat("Checks down", 6, 4, "lastNotNull")
            .description("Checks whose last run failed, from the last 15 minutes.")
            .unit("none")
            .thresholds(1.0, 1.0)
            .target(
                src.influxql(
                    "A",
                    "SELECT count(up) FROM (SELECT last(up) AS up FROM /^probe_/ WHERE commune =~"
                        + " /^$commune$/ AND time > now() - 15m GROUP BY school, device, \"check\")"
                        + " WHERE up = 0",
                    "down",
                    "time_series")));
    b.add(
        Panel.stat("Availability", 6, 4, "mean")
            .description("Share of probe runs UP or DEGRADED over the time range.")
            .unit("percentunit")
            .thresholdsLow(0.99, 0.999)
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(up) FROM /^probe_/ WHERE commune =~ /^$commune$/ AND $timeFilter",
                    "$m",
                    "time_series")));
    b.add(
        Panel.stat("Vigie probe runs", 6, 4, "lastNotNull")
            .description("Vigie's own probe rate: zero means Vigie itself is down.")
            .unit("ops")
            .thresholdsLow(0.01, 0.01)
            .target(
                src.promql("A", "sum(rate(vigie_probe_runs_total[$__rate_interval]))", "runs/s")));
    b.add(
        Panel.stat("Vigie schedule lag", 6, 4, "lastNotNull")
            .description(
                "How late Vigie starts its probes (99th percentile): above 5 s it cannot keep up.")
            .unit("s")
            .thresholds(1.0, 5.0)
            .target(src.promql("A", SelfDashboard.LAG_P99, "p99 lag")));
    b.newRow();
    b.add(
        Panel.stat("Incidents open", 6, 4, "lastNotNull")
            .description("Incidents not resolved, in every commune (Vigie's own count).")
            .unit("none")
            .thresholds(1.0, 1.0)
            .target(src.promql("A", "sum(vigie_incidents_open)", "open")));
    b.add(
        Panel.table("Incidents", 18, 8)
            .description(
                "Each incident's latest event in the time range (OPENED, ACKNOWLEDGED,"
                    + " ESCALATED, FLAPPING...), resolved ones left out.")
            .sortBy("Time")
            .link("School", SchoolDashboard.drillDown("${__data.fields.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT * FROM (SELECT last(title) AS title, last(text) AS text FROM incident"
                        + " WHERE (commune =~ /^$commune$/ OR scope = 'UPSTREAM') AND $timeFilter"
                        + " GROUP BY fingerprint, severity, school) WHERE title !~ /^RESOLVED/",
                    null,
                    "table")));
    b.add(
        Panel.table("Checks not up", 24, 8)
            .description("Checks whose last state change is not UP, latest first.")
            .stateMapping()
            .sortBy("Time")
            .link("School", SchoolDashboard.drillDown("${__data.fields.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT * FROM (SELECT last(\"to\") AS state, last(reason) AS reason FROM state"
                        + " WHERE commune =~ /^$commune$/ AND $timeFilter GROUP BY commune, school,"
                        + " device, \"check\") WHERE state != 'UP'",
                    null,
                    "table")));
    b.add(
        Panel.states("statushistory", "Schools by state", 24, 10)
            .description("Worst check of each school per interval: red when any check was DOWN.")
            .upDownMapping()
            .link("School", SchoolDashboard.drillDown("${__field.labels.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT min(up) FROM /^probe_/ WHERE commune =~ /^$commune$/ AND $timeFilter"
                        + " GROUP BY time($__interval), school fill(none)",
                    "$tag_school",
                    "time_series")));
    b.add(
        Panel.table("Links degraded or down", 12, 8)
            .description("Internet links whose last measurement was not UP.")
            .unit("s")
            .stateMapping()
            .link("School", SchoolDashboard.drillDown("${__data.fields.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT * FROM (SELECT last(rtt_avg_seconds) AS rtt, last(outcome) AS outcome FROM probe_link WHERE commune =~ /^$commune$/"
                        + " AND $timeFilter GROUP BY school, link_type) WHERE outcome != 'UP'",
                    null,
                    "table")));
    b.add(
        Panel.table("Backups overdue", 12, 8)
            .description("Backups whose last check was not UP: too old, too small or missing.")
            .unit("s")
            .stateMapping()
            .link("Backups", "/d/" + BackupsDashboard.UID + "?${__url_time_range}")
            .target(
                src.influxql(
                    "A",
                    "SELECT * FROM (SELECT last(age_seconds) AS age, last(outcome) AS outcome FROM probe_backup WHERE commune =~"
                        + " /^$commune$/ AND $timeFilter GROUP BY school, device) WHERE outcome !="
                        + " 'UP'",
                    null,
                    "table")));
    b.add(
        Panel.table("Access points down", 12, 8)
            .description("Wi-Fi access points whose last check failed.")
            .upDownMapping()
            .link("Access points", "/d/" + AccessPointsDashboard.UID + "?${__url_time_range}")
            .target(
                src.influxql(
                    "A",
                    "SELECT * FROM (SELECT last(up) AS up FROM /^probe_/ WHERE device_kind ="
                        + " 'access-point' AND commune =~ /^$commune$/ AND $timeFilter GROUP BY"
                        + " school, device) WHERE up = 0",
                    null,
                    "table")));
    b.add(
        Panel.timeseries("Vigie event-bus backlog", 12, 8)
            .description("Vigie's own health; details on the Vigie dashboard.")
            .unit("short")
            .link("Vigie", "/d/" + SelfDashboard.UID + "?${__url_time_range}")
            .target(src.promql("A", "max(vigie_eventbus_backlog)", "event-bus backlog")));
    return b.build();
  }
}
