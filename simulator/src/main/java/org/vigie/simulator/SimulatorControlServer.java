package org.vigie.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.inventory.Durations;
import org.vigie.simulator.services.UnknownNameException;

/**
 * HTTP control of a {@link SimulatedNetwork}, so a demo or an operator can inject faults with
 * {@code curl}:
 *
 * <ul>
 *   <li>{@code GET /devices}, {@code GET /devices/{school}/{device}}: states
 *   <li>{@code POST /devices/{school}/{device}/stop|start|reset}
 *   <li>{@code POST /devices/{school}/{device}/services/{check}/stop|start}
 *   <li>{@code POST /devices/{school}/{device}/slow?delay=2s}
 *   <li>{@code POST /devices/{school}/{device}/stale-backup?age=3d}
 *   <li>{@code POST /devices/{school}/{device}/clock-offset?offset=1500ms} (may be negative)
 * </ul>
 *
 * POSTs answer 200 with the device's new state; 404 for an unknown device or service, 400 for a bad
 * duration, 409 when a service is started on a stopped device. Errors are {@code {"error": "…"}}.
 */
public final class SimulatorControlServer {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorControlServer.class);
  private static final String DEVICE = "/devices/:school/:device";

  private final Vertx vertx;
  private final SimulatedNetwork network;
  private volatile HttpServer server;

  public SimulatorControlServer(Vertx vertx, SimulatedNetwork network) {
    this.vertx = vertx;
    this.network = network;
  }

  /** The routes, for mounting on another router or serving with {@link #start}. */
  public Router router() {
    Router router = Router.router(vertx);
    router.get("/devices").handler(this::list);
    router.get(DEVICE).handler(ctx -> act(ctx, Future::succeededFuture));
    router.post(DEVICE + "/stop").handler(ctx -> act(ctx, () -> network.stopDevice(key(ctx))));
    router.post(DEVICE + "/start").handler(ctx -> act(ctx, () -> network.startDevice(key(ctx))));
    router.post(DEVICE + "/reset").handler(ctx -> act(ctx, () -> network.reset(key(ctx))));
    router
        .post(DEVICE + "/services/:check/stop")
        .handler(ctx -> act(ctx, () -> network.stopService(key(ctx), ctx.pathParam("check"))));
    router
        .post(DEVICE + "/services/:check/start")
        .handler(ctx -> act(ctx, () -> network.startService(key(ctx), ctx.pathParam("check"))));
    router
        .post(DEVICE + "/slow")
        .handler(
            ctx -> act(ctx, () -> network.slowDevice(key(ctx), duration(ctx, "delay", false))));
    router
        .post(DEVICE + "/stale-backup")
        .handler(ctx -> act(ctx, () -> network.staleBackup(key(ctx), duration(ctx, "age", false))));
    router
        .post(DEVICE + "/clock-offset")
        .handler(
            ctx -> act(ctx, () -> network.clockOffset(key(ctx), duration(ctx, "offset", true))));
    return router;
  }

  /** Serves {@link #router()} on {@code host:port} (port 0: any free port). */
  public Future<HttpServer> start(String host, int port) {
    return vertx
        .createHttpServer()
        .requestHandler(router())
        .listen(port, host)
        .onSuccess(
            s -> {
              server = s;
              LOG.info("simulator control on http://{}:{}/devices", host, s.actualPort());
            });
  }

  public Future<Void> stop() {
    HttpServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }

  private static String key(RoutingContext ctx) {
    return ctx.pathParam("school") + "/" + ctx.pathParam("device");
  }

  /** Thrown for a missing or malformed duration parameter: a 400. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  private static Duration duration(RoutingContext ctx, String name, boolean signed) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      throw new BadRequest("missing query parameter '" + name + "' (e.g. " + name + "=2s)");
    }
    boolean negative = signed && text.startsWith("-");
    try {
      Duration d = Durations.parse(negative ? text.substring(1) : text);
      return negative ? d.negated() : d;
    } catch (IllegalArgumentException e) {
      throw new BadRequest(name + ": " + e.getMessage());
    }
  }

  private void list(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    network.states().forEach(s -> out.add(json(s)));
    ctx.response().putHeader("content-type", "application/json").end(out.encode());
  }

  private void act(RoutingContext ctx, Supplier<Future<Void>> action) {
    Future<Void> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    String key = key(ctx);
    result
        .map(v -> network.state(key).orElseThrow(() -> unknown(key)))
        .onSuccess(
            state ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(json(state).encode()))
        .onFailure(e -> fail(ctx, e));
  }

  private static UnknownNameException unknown(String key) {
    return new UnknownNameException("unknown device '" + key + "'");
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    int status =
        switch (e) {
          case UnknownNameException u -> 404;
          case BadRequest b -> 400;
          case IllegalArgumentException i -> 400;
          case IllegalStateException i when e.getMessage().contains("is stopped") -> 409;
          default -> 500;
        };
    if (status == 500) {
      LOG.warn("control request {} failed", ctx.request().path(), e);
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", String.valueOf(e.getMessage())).encode());
  }

  static JsonObject json(DeviceState s) {
    JsonObject services = new JsonObject();
    s.services().forEach((name, up) -> services.put(name, up ? "UP" : "DOWN"));
    return new JsonObject()
        .put("key", s.key())
        .put("address", s.address())
        .put("running", s.running())
        .put("services", services)
        .put("delay", Durations.format(s.delay()))
        .put("clockOffset", formatSigned(s.clockOffset()))
        .put("backupAge", Durations.format(s.backupAge()));
  }

  private static String formatSigned(Duration d) {
    return d.isNegative() ? "-" + Durations.format(d.negated()) : Durations.format(d);
  }
}
