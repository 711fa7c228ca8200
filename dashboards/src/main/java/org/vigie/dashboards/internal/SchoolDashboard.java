package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonObject;
import org.vigie.inventory.Inventory;

/**
 * School: every device and check of one school, its link SmokePing-style (median RTT within the
 * min–max band, loss), backups, NTP offset, server load, access points and service timings.
 */
public final class SchoolDashboard {
  public static final String UID = "vigie-school";
  private static final String SCHOOL = "school =~ /^$school$/";
  private static final String DEVICE = SCHOOL + " AND device =~ /^$device$/";
  private final Sources src;

  public SchoolDashboard(Sources src) {
    this.src = src;
  }

  /** A data link to this dashboard for the school named by {@code schoolExpr}. */
  public static String drillDown(String schoolExpr) {
    return "/d/" + UID + "?var-school=" + schoolExpr + "&${__url_time_range}";
  }

  public JsonObject build(Inventory inv) {
    Board b =
        new Board(UID, "Vigie · School", "Every device and check of one school.")
            .tagVariable(src, "commune", "Commune", null, false)
            .tagVariable(src, "school", "School", "commune =~ /^$commune$/", false)
            .tagVariable(src, "device", "Device", SCHOOL, true)
            .incidents(src, SCHOOL)
            .stateChanges(src, SCHOOL, true);
    b.add(
        Panel.states("statetimeline", "Checks", 24, 9)
            .description("Every check of the selected devices: UP (green) or DOWN (red).")
            .upDownMapping()
            .target(
                src.influxql(
                    "A",
                    "SELECT min(up) FROM /^probe_/ WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device, \"check\""
                        + " fill(none)",
                    "$tag_device · $tag_check",
                    "time_series")));
    b.add(
        Panel.timeseries("Link RTT", 12, 8)
            .description(
                "SmokePing-style: median of the average RTT between the minimum and maximum RTT"
                    + " of each interval.")
            .unit("s")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT median(rtt_avg_seconds) AS median, min(rtt_min_seconds) AS \"min\","
                        + " max(rtt_max_seconds) AS \"max\" FROM probe_link WHERE "
                        + SCHOOL
                        + " AND $timeFilter GROUP BY time($__interval) fill(null)",
                    "$col",
                    "time_series")));
    b.add(
        Panel.timeseries("Link loss", 6, 8)
            .description("Worst loss ratio of the link's echo bursts in each interval.")
            .unit("percentunit")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT max(loss_ratio) AS loss FROM probe_link WHERE "
                        + SCHOOL
                        + " AND $timeFilter GROUP BY time($__interval) fill(null)",
                    "$col",
                    "time_series")));
    b.add(
        Panel.timeseries("Link jitter", 6, 8)
            .description("Mean jitter of the link's echoes.")
            .unit("s")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(jitter_seconds) AS jitter FROM probe_link WHERE "
                        + SCHOOL
                        + " AND $timeFilter GROUP BY time($__interval) fill(null)",
                    "$col",
                    "time_series")));
    b.add(
        Panel.timeseries("Backup age", 8, 8)
            .description("Age of the newest backup file per backup check.")
            .unit("s")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT last(age_seconds) FROM probe_backup WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device, \"check\""
                        + " fill(previous)",
                    "$tag_device · $tag_check",
                    "time_series")));
    b.add(
        Panel.timeseries("Backup size", 8, 8)
            .description("Size of the newest backup: a sudden drop is a broken backup.")
            .unit("bytes")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT last(size_bytes) FROM probe_backup WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device, \"check\""
                        + " fill(previous)",
                    "$tag_device · $tag_check",
                    "time_series")));
    b.add(
        Panel.timeseries("NTP offset", 8, 8)
            .description("Clock offset of the school's NTP servers; Kerberos fails beyond 5 min.")
            .unit("s")
            .thresholds(0.1, 1.0)
            .thresholdLine()
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(offset_seconds) FROM probe_ntp WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device fill(null)",
                    "$tag_device",
                    "time_series")));
    b.add(
        Panel.timeseries("CPU load (SNMP)", 8, 8)
            .description("CPU load ratio read by SNMP from the school's devices.")
            .unit("percentunit")
            .min(0)
            .thresholds(0.8, 0.95)
            .thresholdLine()
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(cpu_load_ratio) FROM probe_snmp WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device fill(null)",
                    "$tag_device",
                    "time_series")));
    b.add(
        Panel.timeseries("Disk used (SNMP)", 8, 8)
            .description("Fixed disks of the school's devices (HOST-RESOURCES-MIB), by disk.")
            .unit("percentunit")
            .min(0)
            .max(1)
            .thresholds(0.8, 0.9)
            .thresholdLine()
            .target(
                src.influxql(
                    "A",
                    "SELECT max(/^disk_used_ratio:/) FROM probe_snmp WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device fill(null)",
                    "$tag_device $col",
                    "time_series")));
    b.add(
        Panel.timeseries("Interface utilisation (SNMP)", 8, 8)
            .description(
                "In and out traffic per interface as a share of its speed; on the router's WAN"
                    + " interface, of the school's contracted bandwidth. DEGRADED above 90 %.")
            .unit("percentunit")
            .min(0)
            .thresholds(null, 0.9)
            .thresholdLine()
            .target(
                src.influxql(
                    "A",
                    "SELECT max(/^(in|out)_utilisation:/) FROM probe_snmp WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device fill(null)",
                    "$tag_device $col",
                    "time_series")));
    b.add(
        Panel.timeseries("Interface throughput (SNMP)", 8, 8)
            .description("Bits per second in and out of each watched interface.")
            .unit("bps")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(/^(in|out)_bps:/) FROM probe_snmp WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device fill(null)",
                    "$tag_device $col",
                    "time_series")));
    b.add(
        Panel.states("statetimeline", "Access points", 8, 8)
            .description("The school's Wi-Fi access points.")
            .upDownMapping()
            .target(
                src.influxql(
                    "A",
                    "SELECT min(up) FROM /^probe_/ WHERE "
                        + SCHOOL
                        + " AND device_kind = 'access-point' AND $timeFilter GROUP BY"
                        + " time($__interval), device fill(none)",
                    "$tag_device",
                    "time_series")));
    b.add(
        Panel.timeseries("Service response time", 8, 8)
            .description("TCP connect and HTTP total time of the school's services.")
            .unit("s")
            .min(0)
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(connect_seconds) FROM probe_tcp WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device, \"check\""
                        + " fill(null)",
                    "tcp $tag_device · $tag_check",
                    "time_series"))
            .target(
                src.influxql(
                    "B",
                    "SELECT mean(total_seconds) FROM probe_http WHERE "
                        + DEVICE
                        + " AND $timeFilter GROUP BY time($__interval), device, \"check\""
                        + " fill(null)",
                    "http $tag_device · $tag_check",
                    "time_series")));
    b.newRow();
    b.add(
        Panel.table("State changes", 24, 8)
            .description("Every state change of the school's checks, latest first.")
            .stateMapping()
            .sortBy("Time")
            .target(
                src.influxql(
                    "A",
                    "SELECT \"from\", \"to\", reason, device, \"check\" FROM state WHERE "
                        + DEVICE
                        + " AND $timeFilter",
                    null,
                    "table")));
    return b.build();
  }
}
