package org.vigie.reports.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.reports.LinkQuality;
import org.vigie.reports.LinkQualitySource;
import org.vigie.reports.LinkStats;

/**
 * Link quality from InfluxDB: the {@code link} probe's points ({@code probe_link}, fields {@code
 * rtt_avg_seconds} and {@code loss_ratio}, tag {@code school}; see docs/architecture.md, "Time
 * series"), aggregated by InfluxDB itself (count, median, 95th percentile, mean loss, and the
 * median per {@code slot} for the chart) so that a month of points never crosses the network. The
 * blocking client runs on the worker pool {@code vigie-reports-influx}.
 */
public final class InfluxLinkQualitySource implements LinkQualitySource {
  private static final String FIELD = "rtt_avg_seconds";

  private final Vertx vertx;
  private final InfluxOptions options;
  private final InfluxDB influx;
  private final Duration slot;

  public InfluxLinkQualitySource(Vertx vertx, InfluxOptions options, Duration slot) {
    this.vertx = vertx;
    this.options = options;
    this.slot = slot;
    long ms = options.timeout().toMillis() * 6; // aggregates over a month take longer than writes
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(ms, TimeUnit.MILLISECONDS)
            .callTimeout(ms, TimeUnit.MILLISECONDS);
    this.influx =
        options.username() == null
            ? InfluxDBFactory.connect(options.url(), http)
            : InfluxDBFactory.connect(
                options.url(), options.username(), options.password().reveal(), http);
  }

  @Override
  public Future<Map<String, LinkStats>> linkStats(
      Collection<String> schoolIds, Instant from, Instant to) {
    if (schoolIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String where =
        " FROM \"probe_link\" WHERE time >= "
            + from.toEpochMilli()
            + "ms AND time < "
            + to.toEpochMilli()
            + "ms AND ("
            + schoolIds.stream()
                .map(id -> "\"school\" = '" + id.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(" OR "))
            + ")";
    String stats =
        "SELECT count(\""
            + FIELD
            + "\"), median(\""
            + FIELD
            + "\"), percentile(\""
            + FIELD
            + "\", 95), mean(\"loss_ratio\")"
            + where
            + " GROUP BY \"school\"";
    String series =
        "SELECT median(\""
            + FIELD
            + "\")"
            + where
            + " GROUP BY time("
            + slot.toSeconds()
            + "s), \"school\" fill(none)";
    return vertx.executeBlocking(
        () -> {
          Map<String, List<LinkQuality.Point>> points = new HashMap<>();
          for (QueryResult.Series s : series(query(series))) {
            List<LinkQuality.Point> list = new ArrayList<>();
            for (List<Object> row : s.getValues()) {
              list.add(
                  new LinkQuality.Point(
                      Instant.ofEpochMilli(((Number) row.get(0)).longValue()),
                      seconds((Number) row.get(1))));
            }
            points.put(s.getTags().get("school"), list);
          }
          Map<String, LinkStats> out = new HashMap<>();
          for (QueryResult.Series s : series(query(stats))) {
            List<Object> row = s.getValues().getFirst();
            long count = ((Number) row.get(1)).longValue();
            if (count == 0) {
              continue;
            }
            String school = s.getTags().get("school");
            out.put(
                school,
                new LinkStats(
                    count,
                    seconds((Number) row.get(2)),
                    seconds((Number) row.get(3)),
                    row.get(4) == null ? 0 : ((Number) row.get(4)).doubleValue(),
                    points.getOrDefault(school, List.of())));
          }
          return out;
        },
        false);
  }

  private QueryResult query(String q) {
    QueryResult r = influx.query(new Query(q, options.database()), TimeUnit.MILLISECONDS);
    if (r.hasError()) {
      throw new IllegalStateException("InfluxDB: " + r.getError());
    }
    for (QueryResult.Result result : r.getResults()) {
      if (result.hasError()) {
        throw new IllegalStateException("InfluxDB: " + result.getError());
      }
    }
    return r;
  }

  private static List<QueryResult.Series> series(QueryResult r) {
    List<QueryResult.Series> out = new ArrayList<>();
    for (QueryResult.Result result : r.getResults()) {
      if (result.getSeries() != null) {
        out.addAll(result.getSeries());
      }
    }
    return out;
  }

  private static Duration seconds(Number n) {
    return n == null ? Duration.ZERO : Duration.ofNanos(Math.round(n.doubleValue() * 1e9));
  }

  /** Closes the HTTP client. */
  public void close() {
    influx.close();
  }
}
