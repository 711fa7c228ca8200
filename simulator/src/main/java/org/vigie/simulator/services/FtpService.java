package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A small non-blocking, read-only FTP server (RFC 959, RFC 2428 EPSV, RFC 3659 MLST/MLSD, MDTM,
 * SIZE) serving a school server's {@link BackupCatalog}. Passive mode only: each PASV or EPSV opens
 * a one-shot data listener on the device's own address. User {@code vigie}, password {@code vigie}.
 */
public final class FtpService implements Listener {
  /** The only account: the backup probe logs in with it. */
  static final String USER = "vigie";

  static final String PASSWORD = "vigie";

  private final Vertx vertx;
  private final String deviceKey;
  private final String host;
  private final int port;
  private final BackupCatalog catalog;
  private final DeviceFaults faults;
  private final Duration idleTimeout;
  private final Set<FtpSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile NetServer server;

  public FtpService(
      Vertx vertx,
      String deviceKey,
      String host,
      int port,
      BackupCatalog catalog,
      DeviceFaults faults,
      Duration idleTimeout) {
    this.vertx = vertx;
    this.deviceKey = deviceKey;
    this.host = host;
    this.port = port;
    this.catalog = catalog;
    this.faults = faults;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public Future<Void> start() {
    if (server != null) {
      return Future.succeededFuture();
    }
    NetServerOptions options =
        new NetServerOptions()
            .setIdleTimeout((int) idleTimeout.toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    return vertx
        .createNetServer(options)
        .connectHandler(
            socket -> {
              FtpSession session =
                  new FtpSession(vertx, deviceKey, host, socket, catalog, faults, sessions::remove);
              sessions.add(session);
              session.begin();
            })
        .listen(port, host)
        .<Void>map(
            s -> {
              server = s;
              return null;
            })
        .recover(e -> Future.failedFuture(BindFailure.of(deviceKey, "backup ftp", host, port, e)));
  }

  private Future<Void> closeAndRelease(NetServer s) {
    int bound = s.actualPort();
    return s.close().compose(v -> SocketRelease.tcp(vertx, host, bound));
  }

  @Override
  public Future<Void> stop() {
    NetServer s = server;
    server = null;
    Future<Void> closed = s == null ? Future.succeededFuture() : closeAndRelease(s);
    List<Future<Void>> all = new ArrayList<>();
    all.add(closed.otherwiseEmpty());
    for (FtpSession session : List.copyOf(sessions)) {
      all.add(session.close());
    }
    sessions.clear();
    return Future.join(all).mapEmpty();
  }

  @Override
  public boolean running() {
    return server != null;
  }

  @Override
  public String socket() {
    return "tcp " + host + ":" + port;
  }
}
