package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The HTTP server of one (address, port) of a device; it answers the path of every {@code http}
 * check on that port: 200 with {@code {"status":"UP","device":"<key>"}} while the check's service
 * is up, 503 once it was stopped on its own (the other checks sharing the port still answer 200).
 */
public final class HttpService implements Listener {
  private final Vertx vertx;
  private final String deviceKey;
  private final String host;
  private final int port;
  private final DeviceFaults faults;
  private final Predicate<String> enabled;
  private final Map<String, String> checkByPath = new ConcurrentHashMap<>();
  private volatile HttpServer server;

  /**
   * @param enabled tells whether a check name is currently up (not stopped on its own)
   */
  public HttpService(
      Vertx vertx,
      String deviceKey,
      String host,
      int port,
      DeviceFaults faults,
      Predicate<String> enabled) {
    this.vertx = vertx;
    this.deviceKey = deviceKey;
    this.host = host;
    this.port = port;
    this.faults = faults;
    this.enabled = enabled;
  }

  /** Serves {@code path} for the check {@code name}. */
  public void route(String name, String path) {
    checkByPath.put(path, name);
  }

  @Override
  public Future<Void> start() {
    if (server != null) {
      return Future.succeededFuture();
    }
    return vertx
        .createHttpServer()
        .requestHandler(this::handle)
        .listen(port, host)
        .<Void>map(
            s -> {
              server = s;
              return null;
            })
        .recover(
            e ->
                Future.failedFuture(
                    BindFailure.of(
                        deviceKey,
                        "http " + String.join(",", checkByPath.values()),
                        host,
                        port,
                        e)));
  }

  private void handle(HttpServerRequest request) {
    String check = checkByPath.get(request.path());
    int status;
    JsonObject body = new JsonObject();
    if (check == null) {
      status = 404;
      body.put("status", "NOT_FOUND").put("device", deviceKey).put("path", request.path());
    } else if (enabled.test(check)) {
      status = 200;
      body.put("status", "UP").put("device", deviceKey);
    } else {
      status = 503;
      body.put("status", "DOWN").put("device", deviceKey);
    }
    faults
        .pause(vertx)
        .onComplete(
            v -> {
              if (!request.response().closed()) {
                request
                    .response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json")
                    .end(body.encode());
              }
            });
  }

  @Override
  public Future<Void> stop() {
    HttpServer s = server;
    server = null;
    // Closing the server also closes its open connections (keep-alive ones included).
    if (s == null) {
      return Future.succeededFuture();
    }
    int bound = s.actualPort();
    return s.close().compose(v -> SocketRelease.tcp(vertx, host, bound));
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
