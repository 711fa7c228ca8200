package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Builds one dashboard: panels flow left to right on Grafana's 24-column grid and wrap to a new
 * row, ids are assigned in order, and every dashboard links to the others of the tag {@code vigie}.
 */
public final class Board {
  public static final int COLUMNS = 24;
  private final JsonObject json;
  private final JsonArray panels = new JsonArray();
  private final JsonArray variables = new JsonArray();
  private final JsonArray annotations = new JsonArray();
  private int nextId = 1;
  private int x;
  private int y;
  private int rowHeight;

  public Board(String uid, String title, String description) {
    json =
        new JsonObject()
            .put("uid", uid)
            .put("title", title)
            .put("description", description)
            .put("tags", new JsonArray().add("vigie"))
            .put("timezone", "browser")
            .put("editable", false)
            .put("graphTooltip", 1)
            .put("time", new JsonObject().put("from", "now-24h").put("to", "now"))
            .put("refresh", "1m")
            .put("schemaVersion", 39)
            .put("version", 1)
            .put(
                "links",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("title", "Vigie")
                            .put("type", "dashboards")
                            .put("icon", "external link")
                            .put("tooltip", "")
                            .put("tags", new JsonArray().add("vigie"))
                            .put("asDropdown", true)
                            .put("targetBlank", false)
                            .put("includeVars", true)
                            .put("keepTime", true)));
    annotations.add(
        new JsonObject()
            .put("name", "Annotations & Alerts")
            .put("builtIn", 1)
            .put("enable", true)
            .put("hide", true)
            .put("iconColor", "rgba(0, 211, 255, 1)")
            .put("type", "dashboard")
            .put(
                "datasource", new JsonObject().put("type", "grafana").put("uid", "-- Grafana --")));
  }

  public Board time(String from) {
    json.getJsonObject("time").put("from", from);
    return this;
  }

  /**
   * A query variable over InfluxDB tag values; {@code where} (may be null) chains it to the
   * variables before it.
   */
  public Board tagVariable(Sources src, String name, String label, String where, boolean all) {
    String q =
        "SHOW TAG VALUES FROM /^probe_/ WITH KEY = \""
            + name
            + "\""
            + (where == null ? "" : " WHERE " + where);
    JsonObject v =
        new JsonObject()
            .put("type", "query")
            .put("name", name)
            .put("label", label)
            .put("datasource", src.influx())
            .put("query", q)
            .put("definition", q)
            .put("refresh", 1)
            .put("sort", 1)
            .put("multi", all)
            .put("includeAll", all);
    if (all) {
      v.put("allValue", ".*");
    }
    variables.add(v);
    return this;
  }

  /**
   * Incidents as annotations: the events Vigie writes to the {@code incident} measurement (title:
   * event, severity and root cause; text: cause and detail; tags: event, severity, scope, school).
   *
   * @param where tag conditions on {@code commune}, {@code school}, {@code scope}…; null for all
   */
  public Board incidents(Sources src, String where) {
    return annotation(
        src,
        "Incidents",
        "red",
        true,
        "SELECT title, text, event, severity, scope, school FROM incident WHERE "
            + (where == null ? "" : where + " AND ")
            + "$timeFilter",
        "event,severity,scope,school");
  }

  /**
   * Check state changes as annotations, from the {@code state} measurement (title: the new state,
   * text: the reason, tags: school, device, check).
   *
   * @param enabled shown by default; the toggle is on the dashboard either way
   */
  public Board stateChanges(Sources src, String where, boolean enabled) {
    return annotation(
        src,
        "State changes",
        "orange",
        enabled,
        "SELECT \"to\" AS title, reason AS text, school, device, \"check\" FROM state WHERE "
            + (where == null ? "" : where + " AND ")
            + "$timeFilter",
        "school,device,check");
  }

  private Board annotation(
      Sources src, String name, String color, boolean enabled, String query, String tags) {
    annotations.add(
        new JsonObject()
            .put("name", name)
            .put("enable", enabled)
            .put("iconColor", color)
            .put("datasource", src.influx())
            .put(
                "target",
                new JsonObject()
                    .put("refId", "Anno")
                    .put("query", query)
                    .put("rawQuery", true)
                    .put("textColumn", "text")
                    .put("titleColumn", "title")
                    .put("tagsColumn", tags)));
    return this;
  }

  /** Places a panel: after the previous one, or on a new row when it does not fit. */
  public Board add(Panel p) {
    if (x + p.width > COLUMNS) {
      newRow();
    }
    panels.add(p.build(nextId++, x, y));
    x += p.width;
    rowHeight = Math.max(rowHeight, p.height);
    return this;
  }

  /** Starts a new row of panels. */
  public Board newRow() {
    if (x > 0) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    return this;
  }

  public JsonObject build() {
    return json.copy()
        .put("panels", panels.copy())
        .put("templating", new JsonObject().put("list", variables.copy()))
        .put("annotations", new JsonObject().put("list", annotations.copy()));
  }
}
