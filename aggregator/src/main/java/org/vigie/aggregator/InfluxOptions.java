package org.vigie.aggregator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link InfluxSink} ({@code vigie.influx.*} in configuration). Build with {@link
 * #builder()}; every setting has a {@code DEFAULT_*}. The password is a {@link Secret}, so this
 * record's {@code toString()} never shows it.
 *
 * @param url base URL of the InfluxDB 1.x HTTP API
 * @param database created at start if missing
 * @param retentionPolicy name of the retention policy Vigie creates (and makes the default)
 * @param retention how long raw points are kept
 * @param username null for an InfluxDB without authentication
 * @param password null for an InfluxDB without authentication
 * @param batchSize points per write request
 * @param flushInterval longest time a point waits in memory before it is written or spooled
 * @param timeout for one HTTP request (connect, write, read); a slower InfluxDB counts as away
 * @param queueMax points held in memory at most (only reached when even the disk cannot keep up)
 * @param spoolDir where points wait on disk while InfluxDB is away
 * @param spoolMaxBytes size bound of the spool
 * @param spoolFullPolicy what is given up when the spool is full
 * @param rollups whether to create hourly and daily continuous queries (InfluxDB 1.x only)
 */
public record InfluxOptions(
    String url,
    String database,
    String retentionPolicy,
    Duration retention,
    String username,
    Secret password,
    int batchSize,
    Duration flushInterval,
    Duration timeout,
    int queueMax,
    Path spoolDir,
    long spoolMaxBytes,
    SpoolFullPolicy spoolFullPolicy,
    boolean rollups) {

  public static final String DEFAULT_URL = "http://127.0.0.1:8086";
  public static final String DEFAULT_DATABASE = "vigie";
  public static final String DEFAULT_RETENTION_POLICY = "vigie";

  /**
   * 400 days: a monthly report compares a month with the same month a year before, which needs 13
   * months (≤ 397 days) of raw points, plus a few days of margin.
   */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

  public static final int DEFAULT_BATCH_SIZE = 5000;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_QUEUE_MAX = 200_000;
  public static final Path DEFAULT_SPOOL_DIR = Path.of("data", "spool");
  public static final long DEFAULT_SPOOL_MAX_BYTES = 1L << 30;
  public static final SpoolFullPolicy DEFAULT_SPOOL_FULL_POLICY = SpoolFullPolicy.DROP_OLDEST;
  public static final boolean DEFAULT_ROLLUPS = false;

  public InfluxOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(retentionPolicy, "retentionPolicy");
    Objects.requireNonNull(spoolDir, "spoolDir");
    Objects.requireNonNull(spoolFullPolicy, "spoolFullPolicy");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("url must start with http:// or https://: " + url);
    }
    if (database.isBlank() || retentionPolicy.isBlank()) {
      throw new IllegalArgumentException("database and retention policy must not be blank");
    }
    if (retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("retention must be at least 1h (InfluxDB's minimum)");
    }
    if (batchSize < 1 || queueMax < batchSize) {
      throw new IllegalArgumentException("batch size must be ≥ 1 and queue-max ≥ batch size");
    }
    if (flushInterval.isNegative() || flushInterval.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("flush interval and timeout must be positive");
    }
    if (spoolMaxBytes < 4096) {
      throw new IllegalArgumentException("spool max bytes must be at least 4096");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password go together");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Fluent builder; starts from the defaults. */
  public static final class Builder {
    private String url = DEFAULT_URL;
    private String database = DEFAULT_DATABASE;
    private String retentionPolicy = DEFAULT_RETENTION_POLICY;
    private Duration retention = DEFAULT_RETENTION;
    private String username;
    private Secret password;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int queueMax = DEFAULT_QUEUE_MAX;
    private Path spoolDir = DEFAULT_SPOOL_DIR;
    private long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
    private SpoolFullPolicy spoolFullPolicy = DEFAULT_SPOOL_FULL_POLICY;
    private boolean rollups = DEFAULT_ROLLUPS;

    private Builder() {}

    private Builder(InfluxOptions o) {
      url = o.url;
      database = o.database;
      retentionPolicy = o.retentionPolicy;
      retention = o.retention;
      username = o.username;
      password = o.password;
      batchSize = o.batchSize;
      flushInterval = o.flushInterval;
      timeout = o.timeout;
      queueMax = o.queueMax;
      spoolDir = o.spoolDir;
      spoolMaxBytes = o.spoolMaxBytes;
      spoolFullPolicy = o.spoolFullPolicy;
      rollups = o.rollups;
    }

    public Builder url(String url) {
      this.url = url;
      return this;
    }

    public Builder database(String database) {
      this.database = database;
      return this;
    }

    public Builder retentionPolicy(String retentionPolicy) {
      this.retentionPolicy = retentionPolicy;
      return this;
    }

    public Builder retention(Duration retention) {
      this.retention = retention;
      return this;
    }

    /** Both null (no authentication) or both set. */
    public Builder credentials(String username, Secret password) {
      this.username = username;
      this.password = password;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder queueMax(int queueMax) {
      this.queueMax = queueMax;
      return this;
    }

    public Builder spoolDir(Path spoolDir) {
      this.spoolDir = spoolDir;
      return this;
    }

    public Builder spoolMaxBytes(long spoolMaxBytes) {
      this.spoolMaxBytes = spoolMaxBytes;
      return this;
    }

    public Builder spoolFullPolicy(SpoolFullPolicy spoolFullPolicy) {
      this.spoolFullPolicy = spoolFullPolicy;
      return this;
    }

    public Builder rollups(boolean rollups) {
      this.rollups = rollups;
      return this;
    }

    public InfluxOptions build() {
      return new InfluxOptions(
          url,
          database,
          retentionPolicy,
          retention,
          username,
          password,
          batchSize,
          flushInterval,
          timeout,
          queueMax,
          spoolDir,
          spoolMaxBytes,
          spoolFullPolicy,
          rollups);
    }
  }
}
