package org.vigie.server;

import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.StoreOptions;
import org.vigie.inventory.ConfigNode;
import org.vigie.probe.SchedulerOptions;

/**
 * Reads the {@code vigie:} section into {@link VigieSettings}. Problems go to the node's problem
 * list with their positions, like every other configuration error.
 */
public final class SettingsReader {
  private final SecretFiles secrets;

  /**
   * @param secrets reads password files, relative to the configuration file's folder
   */
  public SettingsReader(SecretFiles secrets) {
    this.secrets = secrets;
  }

  /** Reads the section; missing keys take their documented defaults. */
  public VigieSettings read(ConfigNode vigie) {
    vigie.allowKeys("http", "scheduler", "state", "store");
    String host = VigieSettings.DEFAULT_HTTP_HOST;
    int port = VigieSettings.DEFAULT_HTTP_PORT;
    var http = vigie.child("http");
    if (http.isPresent()) {
      http.get().allowKeys("host", "port");
      host = http.get().string("host", host);
      port = http.get().integer("port", port, 0, 65535);
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
    return new VigieSettings(host, port, scheduler, hysteresis, store);
  }
}
