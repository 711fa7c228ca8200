package org.vigie.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.Secret;
import org.vigie.aggregator.SpoolFullPolicy;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.AlertingSettings;
import org.vigie.alerting.secrets.ConfigSecrets;
import org.vigie.inventory.ConfigNode;
import org.vigie.probe.SchedulerOptions;

/**
 * Reads the {@code vigie:} section into {@link VigieSettings}. Problems go to the node's problem
 * list with their positions, like every other configuration error.
 */
public final class SettingsReader {
  private final SecretFiles secrets;
  private final Path base;
  private final Map<String, String> env;

  /**
   * @param base the configuration file's folder, which secret files are relative to
   * @param env the process environment, for {@code password-env} keys
   */
  public SettingsReader(Path base, Map<String, String> env) {
    this.secrets = new SecretFiles(base);
    this.base = base;
    this.env = Map.copyOf(env);
  }

  /** Reads the section; missing keys take their documented defaults. */
  public VigieSettings read(ConfigNode vigie) {
    vigie.allowKeys("http", "scheduler", "state", "store", "influx");
    String host = VigieSettings.DEFAULT_HTTP_HOST;
    int port = VigieSettings.DEFAULT_HTTP_PORT;
    var http = vigie.child("http");
    Optional<Secret> apiToken = Optional.empty();
    if (http.isPresent()) {
      http.get().allowKeys("host", "port", "api-token", "api-token-file", "api-token-env");
      host = http.get().string("host", host);
      port = http.get().integer("port", port, 0, 65535);
      apiToken = new ConfigSecrets(base, env).read(http.get(), "api-token", false);
    }
    SchedulerOptions scheduler = SchedulerOptions.defaults();
    var s = vigie.child("scheduler");
    if (s.isPresent()) {
      s.get().allowKeys("max-concurrency", "per-school-concurrency", "jitter");
      scheduler =
          new SchedulerOptions(
              s.get()
                  .integer(
                      "max-concurrency",
                      SchedulerOptions.DEFAULT_MAX_CONCURRENCY,
                      1,
                      Integer.MAX_VALUE),
              s.get()
                  .integer(
                      "per-school-concurrency",
                      SchedulerOptions.DEFAULT_PER_SCHOOL_CONCURRENCY,
                      1,
                      Integer.MAX_VALUE),
              s.get().number("jitter", SchedulerOptions.DEFAULT_JITTER, 0, 0.5));
    }
    Hysteresis hysteresis = Hysteresis.defaults();
    var st = vigie.child("state");
    if (st.isPresent()) {
      st.get().allowKeys("down-after", "up-after");
      hysteresis =
          new Hysteresis(
              st.get().integer("down-after", Hysteresis.DEFAULT_DOWN_AFTER, 1, 1000),
              st.get().integer("up-after", Hysteresis.DEFAULT_UP_AFTER, 1, 1000));
    }
    StoreOptions store = new StoreOptions();
    var storeNode = vigie.child("store");
    if (storeNode.isPresent()) {
      ConfigNode n = storeNode.get();
      n.allowKeys("url", "username", "password-file", "pool-size");
      String url = n.string("url", StoreOptions.DEFAULT_URL);
      if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
        n.error(
            "url",
            "unsupported store URL; expected jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB");
      } else {
        store.setUrl(url);
      }
      store.setUsername(n.string("username", null));
      store.setPoolSize(n.integer("pool-size", StoreOptions.DEFAULT_POOL_SIZE, 1, 64));
      String passwordFile = n.string("password-file", null);
      if (passwordFile != null) {
        secrets
            .read(passwordFile)
            .ifPresentOrElse(
                store::setPassword, () -> n.error("password-file", secrets.whyNot(passwordFile)));
      }
    }
    Optional<InfluxOptions> influx = vigie.child("influx").map(this::influx);
    // The alerting section is read by Configuration, beside this one.
    VigieSettings settings =
        new VigieSettings(
            host,
            port,
            scheduler,
            hysteresis,
            store,
            influx,
            AlertingSettings.defaults(),
            org.vigie.inventory.calendar.FrenchSchoolCalendar.defaults());
    return apiToken.map(settings::withApiToken).orElse(settings);
  }

  private InfluxOptions influx(ConfigNode n) {
    n.allowKeys(
        "url",
        "database",
        "retention-policy",
        "retention",
        "username",
        "password-file",
        "password-env",
        "batch-size",
        "flush-interval",
        "timeout",
        "queue-max",
        "spool-dir",
        "spool-max-bytes",
        "spool-full-policy",
        "rollups");
    InfluxOptions.Builder b =
        InfluxOptions.builder()
            .url(n.string("url", InfluxOptions.DEFAULT_URL))
            .database(n.string("database", InfluxOptions.DEFAULT_DATABASE))
            .retentionPolicy(n.string("retention-policy", InfluxOptions.DEFAULT_RETENTION_POLICY))
            .batchSize(n.integer("batch-size", InfluxOptions.DEFAULT_BATCH_SIZE, 1, 1_000_000))
            .queueMax(n.integer("queue-max", InfluxOptions.DEFAULT_QUEUE_MAX, 1, Integer.MAX_VALUE))
            .spoolDir(Path.of(n.string("spool-dir", InfluxOptions.DEFAULT_SPOOL_DIR.toString())))
            .spoolMaxBytes(
                (long)
                    n.number(
                        "spool-max-bytes",
                        InfluxOptions.DEFAULT_SPOOL_MAX_BYTES,
                        4096,
                        Long.MAX_VALUE))
            .rollups(n.bool("rollups", InfluxOptions.DEFAULT_ROLLUPS));
    Duration retention = n.duration("retention", InfluxOptions.DEFAULT_RETENTION);
    if (retention.compareTo(Duration.ofHours(1)) < 0) {
      n.error("retention", "must be at least 1h (InfluxDB's smallest retention)");
    } else {
      b.retention(retention);
    }
    b.flushInterval(positive(n, "flush-interval", InfluxOptions.DEFAULT_FLUSH_INTERVAL));
    b.timeout(positive(n, "timeout", InfluxOptions.DEFAULT_TIMEOUT));
    String policy = n.string("spool-full-policy", "drop-oldest");
    switch (policy) {
      case "drop-oldest" -> b.spoolFullPolicy(SpoolFullPolicy.DROP_OLDEST);
      case "drop-newest" -> b.spoolFullPolicy(SpoolFullPolicy.DROP_NEWEST);
      default ->
          n.error(
              "spool-full-policy",
              "unknown policy '" + policy + "'; expected one of: drop-oldest, drop-newest");
    }
    String user = n.string("username", null);
    String file = n.string("password-file", null);
    String envName = n.string("password-env", null);
    if (file != null && envName != null) {
      n.error("password-env", "give either password-file or password-env, not both");
    } else if (user != null) {
      if (file != null) {
        secrets
            .read(file)
            .ifPresentOrElse(
                p -> b.credentials(user, Secret.of(p)),
                () -> n.error("password-file", secrets.whyNot(file)));
      } else if (envName != null) {
        String value = env.get(envName);
        if (value == null || value.isBlank()) {
          n.error("password-env", "environment variable " + envName + " is not set or empty");
        } else {
          b.credentials(user, Secret.of(value.strip()));
        }
      } else {
        n.error("username", "a username needs a password: add password-file or password-env");
      }
    }
    return b.build();
  }

  private static Duration positive(ConfigNode n, String key, Duration def) {
    Duration d = n.duration(key, def);
    if (d.isZero() || d.isNegative()) {
      n.error(key, "must be greater than zero");
      return def;
    }
    return d;
  }
}
