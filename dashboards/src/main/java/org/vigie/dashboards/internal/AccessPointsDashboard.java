package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonObject;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;

/** Wi-Fi access points: which are up, per school, over time. */
public final class AccessPointsDashboard {
  public static final String UID = "vigie-access-points";
  private final Sources src;

  public AccessPointsDashboard(Sources src) {
    this.src = src;
  }

  public JsonObject build(Inventory inv) {
    long count = inv.devices().stream().filter(d -> d.kind() == DeviceKind.ACCESS_POINT).count();
    String where =
        "device_kind = 'access-point' AND commune =~ /^$commune$/ AND school =~ /^$school$/";
    Board b =
        new Board(UID, "Vigie · Wi-Fi access points", count + " access points in the inventory.")
            .tagVariable(src, "commune", "Commune", null, true)
            .tagVariable(src, "school", "School", "commune =~ /^$commune$/", true)
            .stateChanges(src, where, true);
    b.add(
        Panel.stat("Access points up", 6, 6, "lastNotNull")
            .description("Share of access points whose last check succeeded.")
            .unit("percentunit")
            .thresholdsLow(0.9, 0.99)
            .target(
                src.influxql(
                    "A",
                    "SELECT mean(up) FROM (SELECT last(up) AS up FROM /^probe_/ WHERE "
                        + where
                        + " AND $timeFilter GROUP BY school, device)",
                    "up",
                    "time_series")));
    b.add(
        Panel.states("statetimeline", "Access points", 18, 12)
            .upDownMapping()
            .link("School", SchoolDashboard.drillDown("${__field.labels.school}"))
            .target(
                src.influxql(
                    "A",
                    "SELECT min(up) FROM /^probe_/ WHERE "
                        + where
                        + " AND $timeFilter GROUP BY time($__interval), school, device fill(none)",
                    "$tag_school · $tag_device",
                    "time_series")));
    return b.build();
  }
}
