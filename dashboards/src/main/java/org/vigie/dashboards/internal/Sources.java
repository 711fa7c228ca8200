package org.vigie.dashboards.internal;

import io.vertx.core.json.JsonObject;

/** The two provisioned datasources and the query targets built against them. */
public final class Sources {
  private final String influxUid;
  private final String prometheusUid;

  public Sources(String influxUid, String prometheusUid) {
    this.influxUid = influxUid;
    this.prometheusUid = prometheusUid;
  }

  public JsonObject influx() {
    return new JsonObject().put("type", "influxdb").put("uid", influxUid);
  }

  public JsonObject prometheus() {
    return new JsonObject().put("type", "prometheus").put("uid", prometheusUid);
  }

  /** A raw InfluxQL target; {@code alias} may use {@code $tag_<key>} and {@code $col}. */
  public JsonObject influxql(String refId, String query, String alias, String format) {
    JsonObject t =
        new JsonObject()
            .put("refId", refId)
            .put("datasource", influx())
            .put("rawQuery", true)
            .put("query", query)
            .put("resultFormat", format);
    if (alias != null) {
      t.put("alias", alias);
    }
    return t;
  }

  /** A PromQL target. */
  public JsonObject promql(String refId, String expr, String legend) {
    return new JsonObject()
        .put("refId", refId)
        .put("datasource", prometheus())
        .put("expr", expr)
        .put("legendFormat", legend)
        .put("range", true);
  }
}
