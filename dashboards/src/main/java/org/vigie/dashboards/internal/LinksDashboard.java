package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.School;

/**
 * Links by type: for each link type the inventory uses, RTT, loss and jitter of every school's link
 * drawn against that type's profile ceilings, plus the distribution of the schools' average RTT.
 */
public final class LinksDashboard {
  public static final String UID = "vigie-links";
  private final Sources src;

  public LinksDashboard(Sources src) {
    this.src = src;
  }

  public JsonObject build(Inventory inv) {
    Map<LinkType, Integer> counts = new EnumMap<>(LinkType.class);
    for (School s : inv.schools()) {
      if (s.link() != null && s.link().type() != null) {
        counts.merge(s.link().type(), 1, Integer::sum);
      }
    }
    Board b =
        new Board(
                UID,
                "Vigie · Links by type",
                "Internet links per type against the link profiles (docs/configuration.md).")
            .tagVariable(src, "commune", "Commune", null, true)
            .stateChanges(src, "commune =~ /^$commune$/ AND kind = 'link'", true);
    for (Map.Entry<LinkType, Integer> e : counts.entrySet()) {
      String type = e.getKey().key();
      Profiles p = Profiles.of(e.getKey());
      String where = "link_type = '" + type + "' AND commune =~ /^$commune$/ AND $timeFilter";
      String title = type + " (" + e.getValue() + (e.getValue() == 1 ? " school)" : " schools)");
      b.newRow();
      b.add(
          Panel.timeseries(title + ": RTT", 6, 8)
              .description("Average RTT per school; the dashed line is the profile's max-rtt.")
              .unit("s")
              .min(0)
              .thresholds(null, p.maxRttSeconds())
              .thresholdLine()
              .link("School", SchoolDashboard.drillDown("${__field.labels.school}"))
              .target(
                  src.influxql(
                      "A",
                      "SELECT mean(rtt_avg_seconds) FROM probe_link WHERE "
                          + where
                          + " GROUP BY time($__interval), school fill(null)",
                      "$tag_school",
                      "time_series")));
      b.add(
          Panel.timeseries(title + ": loss", 6, 8)
              .description("Loss ratio per school; the dashed line is the profile's max-loss.")
              .unit("percentunit")
              .min(0)
              .thresholds(null, p.maxLossRatio())
              .thresholdLine()
              .link("School", SchoolDashboard.drillDown("${__field.labels.school}"))
              .target(
                  src.influxql(
                      "A",
                      "SELECT max(loss_ratio) FROM probe_link WHERE "
                          + where
                          + " GROUP BY time($__interval), school fill(null)",
                      "$tag_school",
                      "time_series")));
      b.add(
          Panel.timeseries(title + ": jitter", 6, 8)
              .description("Jitter per school; the dashed line is the profile's max-jitter.")
              .unit("s")
              .min(0)
              .thresholds(null, p.maxJitterSeconds())
              .thresholdLine()
              .link("School", SchoolDashboard.drillDown("${__field.labels.school}"))
              .target(
                  src.influxql(
                      "A",
                      "SELECT mean(jitter_seconds) FROM probe_link WHERE "
                          + where
                          + " GROUP BY time($__interval), school fill(null)",
                      "$tag_school",
                      "time_series")));
      b.add(
          Panel.table(title + ": worst links", 6, 8)
              .description(
                  "95th percentile of the average RTT per school over the range, worst first.")
              .unit("s")
              .thresholds(null, p.maxRttSeconds())
              .sortBy("rtt_p95")
              .link("School", SchoolDashboard.drillDown("${__data.fields.school}"))
              .target(
                  src.influxql(
                      "A",
                      "SELECT percentile(rtt_avg_seconds, 95) AS rtt_p95 FROM probe_link WHERE "
                          + where
                          + " GROUP BY school",
                      null,
                      "table")));
    }
    return b.build();
  }
}
