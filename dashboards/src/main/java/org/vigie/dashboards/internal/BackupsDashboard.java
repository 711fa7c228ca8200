package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonObject;
import org.vigie.inventory.Inventory;

/** Backups: age and size per server, overdue first. */
public final class BackupsDashboard {
  public static final String UID = "vigie-backups";
  private static final String WHERE = "commune =~ /^$commune$/ AND school =~ /^$school$/";
  private final Sources src;

  public BackupsDashboard(Sources src) {
    this.src = src;
  }

  public JsonObject build(Inventory inv) {
    Board b =
        new Board(UID, "Vigie · Backups", "Age and size of every server's backups, overdue first.")
            .time("now-7d")
            .tagVariable(src, "commune", "Commune", null, true)
            .tagVariable(src, "school", "School", "commune =~ /^$commune$/", true)
            .stateChanges(src, WHERE + " AND kind = 'backup'", true);
    b.add(
        Panel.table("Backups, oldest first", 24, 10)
            .description(
                "Last age of each backup check; overdue ones (too old, too small) are not UP.")
            .unit("s")
            .stateMapping()
            .sortBy("age")
            .link("School", SchoolDashboard.drillDown("${__data.fields.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT last(age_seconds) AS age, last(outcome) AS outcome FROM probe_backup"
                        + " WHERE "
                        + WHERE
                        + " AND $timeFilter GROUP BY school, device, \"check\"",
                    null,
                    "table")));
    b.add(
        Panel.timeseries("Backup age", 12, 9)
            .unit("s")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT last(age_seconds) FROM probe_backup WHERE "
                        + WHERE
                        + " AND $timeFilter GROUP BY time($__interval), school, device"
                        + " fill(previous)",
                    "$tag_school · $tag_device",
                    "time_series")));
    b.add(
        Panel.timeseries("Backup size", 12, 9)
            .unit("bytes")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT last(size_bytes) FROM probe_backup WHERE "
                        + WHERE
                        + " AND $timeFilter GROUP BY time($__interval), school, device"
                        + " fill(previous)",
                    "$tag_school · $tag_device",
                    "time_series")));
    return b.build();
  }
}
