package org.vigie.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' targets, run in a child JVM so that their CPU is not counted as the probing
 * tool's: a TCP server (accepts, closes) and an HTTP server (200 "ok") on {@link #ADDRESSES}
 * loopback addresses, so that probes spread over many addresses do not exhaust the source ports of
 * one destination.
 */
public final class TargetServer {
  static final int ADDRESSES = 64;

  private TargetServer() {}

  static String address(int i) {
    return "127.77.0." + (1 + i % ADDRESSES);
  }

  /** Prints {@code READY <tcpPort> <httpPort>} once listening; exits when stdin closes. */
  public static void main(String[] args) throws Exception {
    int tcpPort = Integer.parseInt(args[0]);
    int httpPort = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < ADDRESSES; i++) {
      String host = address(i);
      all.add(vertx.createNetServer().connectHandler(s -> s.close()).listen(tcpPort, host));
      all.add(
          vertx
              .createHttpServer()
              .requestHandler(r -> r.response().putHeader("Content-Type", "text/plain").end("ok"))
              .listen(httpPort, host));
    }
    Future.all(all).await();
    System.out.println("READY " + tcpPort + " " + httpPort);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the parent closes our stdin (or dies).
    }
    vertx.close().await();
  }
}
