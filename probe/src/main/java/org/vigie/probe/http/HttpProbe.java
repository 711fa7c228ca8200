package org.vigie.probe.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;
import org.vigie.probe.tcp.TcpProbe;

/**
 * HTTP(S) GET probe: accepted status codes, an optional body regex, a body size cap. Parameters:
 * {@code port} (80), {@code path} (/), {@code scheme} (http), {@code expect-status} (200-399),
 * {@code body-pattern}. Every run opens a fresh connection (no keep-alive) so that connect failures
 * are seen, as blackbox_exporter does.
 */
public final class HttpProbe implements Probe {
  /** Bodies are read up to this size; the rest is discarded and the stream reset. */
  static final int MAX_BODY_BYTES = 256 * 1024;

  /** Parameters, all optional; see the class comment for their defaults. */
  public static final CheckKindSchema SCHEMA =
      new CheckKindSchema(
          java.util.Map.of(
              "port", ParamType.PORT,
              "path", ParamType.STRING,
              "scheme", ParamType.STRING,
              "expect-status", ParamType.STATUS_LIST,
              "body-pattern", ParamType.REGEX),
          java.util.Set.of());

  private final HttpClient client;

  public HttpProbe(Vertx vertx) {
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(false).setMaxRedirects(0),
            new PoolOptions().setHttp1MaxSize(10_000).setMaxWaitQueueSize(-1));
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    var spec = check.spec();
    String host = check.device().address();
    String scheme = spec.param("scheme", "http");
    int port = Integer.parseInt(spec.param("port", "https".equals(scheme) ? "443" : "80"));
    String path = spec.param("path", "/");
    StatusSet accepted = new StatusSet(spec.param("expect-status", "200-399"));
    String bodyRegex = spec.params().get("body-pattern");
    long timeoutMs = context.timeout().toMillis();
    String url = scheme + "://" + host + ":" + port + path;
    long t0 = System.nanoTime();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(host)
            .setPort(port)
            .setURI(path)
            .setSsl("https".equals(scheme))
            .setConnectTimeout(timeoutMs)
            .setIdleTimeout(timeoutMs)
            .putHeader("User-Agent", "Vigie")
            .setFollowRedirects(false);
    return client
        .request(options)
        .compose(req -> req.send())
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.succeededFuture(
                    Observation.down("GET " + url + " failed: " + TcpProbe.reason(ar.cause())));
              }
              double firstByte = (System.nanoTime() - t0) / 1e9;
              return readBody(ar.result(), url, accepted, bodyRegex, firstByte, t0);
            });
  }

  private Future<Observation> readBody(
      HttpClientResponse resp,
      String url,
      StatusSet accepted,
      String bodyRegex,
      double firstByte,
      long t0) {
    Promise<Observation> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    long[] total = {0};
    int status = resp.statusCode();
    resp.handler(
        buf -> {
          total[0] += buf.length();
          if (body.length() < MAX_BODY_BYTES) {
            int room = MAX_BODY_BYTES - body.length();
            body.appendBuffer(buf.length() > room ? buf.slice(0, room) : buf);
          } else {
            // Enough read: judge first (the reset below fails the stream), then stop the transfer.
            promise.tryComplete(
                judge(status, url, accepted, bodyRegex, body, total[0], firstByte, t0));
            resp.request().reset();
          }
        });
    resp.exceptionHandler(
        e ->
            promise.tryComplete(
                Observation.down("reading " + url + " failed: " + TcpProbe.reason(e))));
    resp.endHandler(
        v ->
            promise.tryComplete(
                judge(status, url, accepted, bodyRegex, body, total[0], firstByte, t0)));
    return promise.future();
  }

  private static Observation judge(
      int status,
      String url,
      StatusSet accepted,
      String bodyRegex,
      Buffer body,
      long bytes,
      double firstByte,
      long t0) {
    Map<String, Double> figures = new HashMap<>();
    figures.put("status_code", (double) status);
    figures.put("first_byte_seconds", firstByte);
    figures.put("total_seconds", (System.nanoTime() - t0) / 1e9);
    figures.put("body_bytes", (double) bytes);
    if (!accepted.contains(status)) {
      return Observation.down(
          "GET " + url + " answered " + status + ", expected " + accepted, figures);
    }
    if (bodyRegex != null && !Pattern.compile(bodyRegex).matcher(body.toString()).find()) {
      return Observation.down("GET " + url + " body does not match /" + bodyRegex + "/", figures);
    }
    return Observation.up(figures);
  }
}
