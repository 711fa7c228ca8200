package org.vigie.aggregator.influx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.influx.InfluxClient.InfluxFailure;

/**
 * The statements that create Vigie's database, its retention policy and, optionally, the rollups.
 * All are idempotent: they run at every start and whenever InfluxDB comes back after an outage (it
 * may have been reinstalled empty).
 *
 * <p>Rollups (InfluxDB 1.x continuous queries): {@code <rp>_1h} keeps hourly means of every numeric
 * field of every {@code probe_*} measurement for {@link #HOURLY_RETENTION}, {@code <rp>_1d} daily
 * means forever; both read the raw points, so a field {@code up} becomes {@code mean_up}: the
 * availability ratio over the hour or the day.
 */
public final class InfluxSchema {
  /** Hourly rollups: three years, enough for multi-year trend graphs at hour resolution. */
  public static final Duration HOURLY_RETENTION = Duration.ofDays(3 * 366);

  private final InfluxOptions options;

  public InfluxSchema(InfluxOptions options) {
    this.options = options;
  }

  /** Runs every statement; throws on the first failure. */
  public void apply(InfluxClient client) throws InfluxFailure {
    String db = ident(options.database());
    client.execute("CREATE DATABASE " + db);
    retentionPolicy(client, options.retentionPolicy(), options.retention(), true);
    String hourly = options.retentionPolicy() + "_1h";
    String daily = options.retentionPolicy() + "_1d";
    if (options.rollups()) {
      retentionPolicy(client, hourly, HOURLY_RETENTION, false);
      retentionPolicy(client, daily, null, false);
      // Dropped and created again: CREATE fails on an existing query, and the text may change.
      dropContinuousQuery(client, hourly);
      dropContinuousQuery(client, daily);
      for (String statement : continuousQueries(hourly, daily)) {
        client.execute(statement);
      }
    } else {
      // The configuration is the truth: rollups switched off stop being computed (their data
      // stays until its retention policy is dropped by hand).
      dropContinuousQuery(client, hourly);
      dropContinuousQuery(client, daily);
    }
  }

  /** The two CREATE CONTINUOUS QUERY statements. */
  List<String> continuousQueries(String hourly, String daily) {
    String db = ident(options.database());
    String raw = db + "." + ident(options.retentionPolicy());
    List<String> out = new ArrayList<>();
    for (String[] cq : new String[][] {{hourly, "1h"}, {daily, "1d"}}) {
      out.add(
          "CREATE CONTINUOUS QUERY "
              + ident(cq[0])
              + " ON "
              + db
              + " BEGIN SELECT mean(*) INTO "
              + db
              + "."
              + ident(cq[0])
              + ".:MEASUREMENT FROM "
              + raw
              + "./^"
              + LineProtocol.PROBE_PREFIX
              + "/ GROUP BY time("
              + cq[1]
              + "), * END");
    }
    return out;
  }

  private void dropContinuousQuery(InfluxClient client, String name) throws InfluxFailure {
    try {
      client.execute("DROP CONTINUOUS QUERY " + ident(name) + " ON " + ident(options.database()));
    } catch (InfluxFailure e) {
      if (!e.getMessage().contains("not found")) {
        throw e;
      }
    }
  }

  private void retentionPolicy(InfluxClient client, String name, Duration d, boolean isDefault)
      throws InfluxFailure {
    String spec =
        " ON "
            + ident(options.database())
            + " DURATION "
            + (d == null ? "INF" : influxDuration(d))
            + " REPLICATION 1"
            + (isDefault ? " DEFAULT" : "");
    try {
      client.execute("CREATE RETENTION POLICY " + ident(name) + spec);
    } catch (InfluxFailure e) {
      if (!e.getMessage().contains("already exists")) {
        throw e;
      }
      // Exists with other settings (the retention was changed in the configuration): align it.
      client.execute("ALTER RETENTION POLICY " + ident(name) + spec);
    }
  }

  /** An InfluxQL duration literal: whole days, else whole hours, else seconds. */
  public static String influxDuration(Duration d) {
    long s = d.toSeconds();
    if (s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s + "s";
  }

  /** A double-quoted InfluxQL identifier. */
  static String ident(String name) {
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
