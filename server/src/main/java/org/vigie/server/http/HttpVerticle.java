package org.vigie.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;
import org.vigie.aggregator.VigieMetrics;

/**
 * Vigie's HTTP server: {@code /metrics} (Prometheus text format), {@code /health} (JSON, 200 while
 * the pipeline runs) and the operations API under {@code /api} ({@link Api}).
 */
public final class HttpVerticle extends VerticleBase {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final String host;
  private final int port;
  private final VigieMetrics metrics;
  private final Supplier<JsonObject> health;
  private final Api api;
  private HttpServer server;

  /**
   * @param api the operations API mounted under {@code /api}, or null for none
   */
  public HttpVerticle(
      String host, int port, VigieMetrics metrics, Supplier<JsonObject> health, Api api) {
    this.host = host;
    this.port = port;
    this.metrics = metrics;
    this.health = health;
    this.api = api;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // Scraping walks every collector: do it off the event loop.
    router
        .get("/metrics")
        .handler(
            ctx ->
                vertx
                    .executeBlocking(metrics::scrape)
                    .onSuccess(
                        text -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(text))
                    .onFailure(ctx::fail));
    router
        .get("/health")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(health.get().encodePrettily()));
    if (api != null) {
      router.route("/api/*").subRouter(api.router(vertx));
    }
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(s -> server = s)
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot listen on "
                            + host
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "); choose another port with vigie.http.port or --http-port",
                        e)));
  }

  /** The port really bound (useful when 0 was asked). */
  public int actualPort() {
    return server.actualPort();
  }
}
