package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A plain TCP service (SMB, LDAP, proxy, JetDirect…): accepts connections, discards what the peer
 * sends and keeps the connection until the peer closes it or it has been idle for the idle timeout.
 * It sends nothing, so a slow device cannot slow it down: the kernel completes the handshake.
 */
public final class TcpService implements Listener {
  private final Vertx vertx;
  private final String deviceKey;
  private final String name;
  private final String host;
  private final int port;
  private final Duration idleTimeout;
  private final Set<NetSocket> connections = ConcurrentHashMap.newKeySet();
  private volatile NetServer server;

  public TcpService(
      Vertx vertx, String deviceKey, String name, String host, int port, Duration idleTimeout) {
    this.vertx = vertx;
    this.deviceKey = deviceKey;
    this.name = name;
    this.host = host;
    this.port = port;
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
        .connectHandler(this::accept)
        .listen(port, host)
        .<Void>map(
            s -> {
              server = s;
              return null;
            })
        .recover(e -> Future.failedFuture(BindFailure.of(deviceKey, name, host, port, e)));
  }

  private void accept(NetSocket socket) {
    connections.add(socket);
    socket.handler(data -> {});
    socket.closeHandler(v -> connections.remove(socket));
  }

  @Override
  public Future<Void> stop() {
    NetServer s = server;
    server = null;
    if (s == null) {
      return Connections.closeAll(Future.succeededFuture(), connections);
    }
    int bound = s.actualPort();
    return Connections.closeAll(s.close(), connections)
        .compose(v -> SocketRelease.tcp(vertx, host, bound));
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
