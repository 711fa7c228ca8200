package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Builds one panel of the kinds Vigie uses (timeseries, stat, table, state timeline, status
 * history) with the options each kind's JSON Schema requires; {@link Board} places it. No field
 * overrides: Grafana's published schema types a matcher's options and an override's value as
 * objects, while Grafana stores {@code byName} options, {@code unit}, {@code fillOpacity} and
 * {@code fillBelowTo} (a SmokePing band) as strings and numbers; so a panel holds fields of one
 * unit (docs/grafana.md, "Why no field overrides").
 */
public final class Panel {
  final JsonObject json = new JsonObject();
  final int width;
  final int height;
  private final JsonObject defaults = new JsonObject();
  private final JsonArray targets = new JsonArray();

  private Panel(String type, String title, int width, int height) {
    this.width = width;
    this.height = height;
    json.put("type", type).put("title", title);
    defaults.put("unit", "none");
    defaults.put(
        "thresholds",
        new JsonObject()
            .put("mode", "absolute")
            .put(
                "steps",
                new JsonArray().add(new JsonObject().putNull("value").put("color", "green"))));
  }

  public static Panel timeseries(String title, int w, int h) {
    Panel p = new Panel("timeseries", title, w, h);
    p.json.put("options", new JsonObject().put("legend", legend()).put("tooltip", tooltip()));
    p.defaults.put(
        "custom",
        new JsonObject()
            .put("drawStyle", "line")
            .put("lineWidth", 1)
            .put("fillOpacity", 0)
            .put("showPoints", "never")
            .put("spanNulls", false)
            .put("thresholdsStyle", new JsonObject().put("mode", "off")));
    return p;
  }

  public static Panel stat(String title, int w, int h, String calc) {
    Panel p = new Panel("stat", title, w, h);
    p.json.put(
        "options",
        new JsonObject()
            .put("graphMode", "none")
            .put("colorMode", "background")
            .put("justifyMode", "auto")
            .put("textMode", "value_and_name")
            .put("wideLayout", true)
            .put("showPercentChange", false)
            .put("percentChangeColorMode", "standard")
            .put("orientation", "auto")
            .put(
                "reduceOptions",
                new JsonObject()
                    .put("values", false)
                    .put("calcs", new JsonArray().add(calc))
                    .put("fields", "")));
    return p;
  }

  public static Panel table(String title, int w, int h) {
    Panel p = new Panel("table", title, w, h);
    p.json.put(
        "options",
        new JsonObject()
            .put("frameIndex", 0)
            .put("showHeader", true)
            .put("cellHeight", "sm")
            .put(
                "footer",
                new JsonObject()
                    .put("show", false)
                    .put("reducer", new JsonArray().add("sum"))
                    .put("countRows", false)));
    p.defaults.put(
        "custom",
        new JsonObject()
            .put("align", "auto")
            .put("inspect", false)
            .put("displayMode", "color-text"));
    return p;
  }

  /** A state timeline ({@code statetimeline}) or status history ({@code statushistory}). */
  public static Panel states(String type, String title, int w, int h) {
    Panel p = new Panel(type, title, w, h);
    JsonObject o =
        new JsonObject()
            .put("showValue", "never")
            .put("rowHeight", 0.9)
            .put("legend", legend())
            .put("tooltip", tooltip());
    if (type.equals("statetimeline")) {
      o.put("mergeValues", true).put("alignValue", "left");
    } else {
      o.put("colWidth", 0.9);
    }
    p.json.put("options", o);
    p.defaults.put("custom", new JsonObject().put("lineWidth", 0).put("fillOpacity", 80));
    return p;
  }

  private static JsonObject legend() {
    return new JsonObject()
        .put("displayMode", "list")
        .put("placement", "bottom")
        .put("showLegend", true)
        .put("calcs", new JsonArray());
  }

  private static JsonObject tooltip() {
    return new JsonObject().put("mode", "multi").put("sort", "desc");
  }

  public Panel description(String text) {
    json.put("description", text);
    return this;
  }

  public Panel unit(String unit) {
    defaults.put("unit", unit);
    return this;
  }

  public Panel min(double min) {
    defaults.put("min", min);
    return this;
  }

  public Panel max(double max) {
    defaults.put("max", max);
    return this;
  }

  public Panel target(JsonObject target) {
    targets.add(target);
    json.put("datasource", target.getJsonObject("datasource").copy());
    return this;
  }

  /** Green below {@code warn}, orange from it, red from {@code crit} (either may be null). */
  public Panel thresholds(Double warn, Double crit) {
    JsonArray steps = new JsonArray().add(new JsonObject().putNull("value").put("color", "green"));
    if (warn != null) {
      steps.add(new JsonObject().put("value", warn).put("color", "orange"));
    }
    if (crit != null) {
      steps.add(new JsonObject().put("value", crit).put("color", "red"));
    }
    defaults.getJsonObject("thresholds").put("steps", steps);
    return this;
  }

  /** Red below {@code crit}, orange below {@code warn}, green above: for ratios like "up". */
  public Panel thresholdsLow(double crit, double warn) {
    defaults
        .getJsonObject("thresholds")
        .put(
            "steps",
            new JsonArray()
                .add(new JsonObject().putNull("value").put("color", "red"))
                .add(new JsonObject().put("value", crit).put("color", "orange"))
                .add(new JsonObject().put("value", warn).put("color", "green")));
    return this;
  }

  /** Draws the thresholds as a dashed line (timeseries only). */
  public Panel thresholdLine() {
    defaults.getJsonObject("custom").put("thresholdsStyle", new JsonObject().put("mode", "dashed"));
    return this;
  }

  /** Shows 1 as UP (green) and 0 as DOWN (red), the {@code up} field. */
  public Panel upDownMapping() {
    defaults.put(
        "mappings",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("type", "value")
                    .put(
                        "options",
                        new JsonObject()
                            .put("0", new JsonObject().put("text", "DOWN").put("color", "red"))
                            .put("1", new JsonObject().put("text", "UP").put("color", "green")))));
    return thresholdsLow(0.5, 1);
  }

  /** Colours the state names Vigie writes ({@code outcome}, {@code to}). */
  public Panel stateMapping() {
    JsonObject opts = new JsonObject();
    opts.put("UP", new JsonObject().put("text", "UP").put("color", "green"));
    opts.put("DEGRADED", new JsonObject().put("text", "DEGRADED").put("color", "orange"));
    opts.put("DOWN", new JsonObject().put("text", "DOWN").put("color", "red"));
    opts.put("UNKNOWN", new JsonObject().put("text", "UNKNOWN").put("color", "text"));
    defaults.put(
        "mappings",
        new JsonArray().add(new JsonObject().put("type", "value").put("options", opts)));
    return this;
  }

  /** A data link on every value, to another dashboard, keeping the time range. */
  public Panel link(String title, String url) {
    defaults.put(
        "links",
        new JsonArray()
            .add(
                // Grafana's schema types field links as dashboard links, hence the unused keys.
                new JsonObject()
                    .put("title", title)
                    .put("type", "link")
                    .put("icon", "external link")
                    .put("tooltip", title)
                    .put("url", url)
                    .put("tags", new JsonArray())
                    .put("asDropdown", false)
                    .put("targetBlank", false)
                    .put("includeVars", false)
                    .put("keepTime", true)));
    return this;
  }

  /** A panel-relative time range, e.g. {@code now/M} for month to date. */
  public Panel timeFrom(String from) {
    json.put("timeFrom", from);
    return this;
  }

  /** Sorts a table by a column, descending. */
  public Panel sortBy(String column) {
    json.getJsonObject("options")
        .put(
            "sortBy",
            new JsonArray().add(new JsonObject().put("displayName", column).put("desc", true)));
    return this;
  }

  JsonObject build(int id, int x, int y) {
    return json.copy()
        .put("id", id)
        .put("gridPos", new JsonObject().put("h", height).put("w", width).put("x", x).put("y", y))
        .put("targets", targets.copy())
        .put(
            "fieldConfig",
            new JsonObject().put("defaults", defaults.copy()).put("overrides", new JsonArray()));
  }
}
