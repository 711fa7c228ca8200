package org.vigie.aggregator;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A stand-in for InfluxDB's HTTP API on a loopback port, for what a real influxd cannot be made to
 * do on demand (answer slowly, echo a secret in an error). It runs in a Vert.x of its own, so its
 * delays never touch the event loops of the code under test. Handlers are swapped at run time.
 */
final class FakeInflux implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private volatile Consumer<HttpServerRequest> write = r -> r.response().setStatusCode(204).end();
  private volatile Consumer<HttpServerRequest> query =
      r -> r.response().putHeader("Content-Type", "application/json").end(OK_QUERY);

  /** Every line of every write answered with 204 by {@link #acceptWrites()}. */
  final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

  static final String OK_QUERY = "{\"results\":[{\"statement_id\":0}]}";

  FakeInflux() throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  switch (r.path()) {
                    case "/write" -> write.accept(r);
                    case "/query" -> query.accept(r);
                    default -> r.response().setStatusCode(204).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Writes are recorded and answered 204 at once. */
  void acceptWrites() {
    write =
        r ->
            r.body()
                .onSuccess(
                    body -> {
                      for (String line : body.toString().split("\n")) {
                        acknowledged.add(line);
                      }
                      r.response().setStatusCode(204).end();
                    });
  }

  /** Writes are answered 204 only after {@code delayMs} (past the client's timeout). */
  void delayWrites(long delayMs) {
    write =
        r ->
            r.body()
                .onSuccess(
                    b ->
                        vertx.setTimer(
                            delayMs,
                            id -> {
                              if (!r.response().closed()) {
                                r.response().setStatusCode(204).end();
                              }
                            }));
  }

  /** Every request is answered with {@code status} and {@code body}. */
  void failEverything(int status, String body) {
    Consumer<HttpServerRequest> fail =
        r ->
            r.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body);
    write = fail;
    query = fail;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }
}
