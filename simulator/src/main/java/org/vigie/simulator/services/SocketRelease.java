package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Waits until a closed listening socket is really gone from the kernel.
 *
 * <p>Why: Vert.x 5 completes {@code NetServer.close()} once its handlers are removed, but Netty
 * closes the NIO server channel on its next selector turn (netty/netty#8697). In between, the
 * kernel still completes handshakes, so a probe would see a "stopped" device accept a connection. A
 * stopped device must refuse at once, so stop() completes only when the address can be bound again.
 */
final class SocketRelease {
  private static final long MAX_WAIT_MS = 2000;

  private SocketRelease() {}

  static Future<Void> tcp(Vertx vertx, String host, int port) {
    return poll(vertx, host, port, false);
  }

  static Future<Void> udp(Vertx vertx, String host, int port) {
    return poll(vertx, host, port, true);
  }

  private static Future<Void> poll(Vertx vertx, String host, int port, boolean udp) {
    if (port <= 0) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          long deadline = System.currentTimeMillis() + MAX_WAIT_MS;
          while (!bindable(host, port, udp) && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
          }
          return null;
        },
        false);
  }

  private static boolean bindable(String host, int port, boolean udp) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    try {
      if (udp) {
        try (DatagramSocket s = new DatagramSocket(null)) {
          s.bind(address);
        }
      } else {
        try (ServerSocket s = new ServerSocket()) {
          // Like Netty's server sockets: reuse lets us bind over lingering TIME_WAIT connections.
          s.setReuseAddress(true);
          s.bind(address);
        }
      }
      return true;
    } catch (BindException e) {
      return false;
    } catch (IOException e) {
      // Anything else (address gone, permissions): nothing to wait for.
      return true;
    }
  }
}
