package org.vigie.probe.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Outcome;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;
import org.vigie.probe.internal.LazyNio;
import org.vigie.probe.internal.NioConnector;
import org.vigie.probe.tcp.TcpProbe;
import org.vigie.probe.tls.CertificateExpiry;

/**
 * HTTP(S) GET probe: accepted status codes, an optional body regex, a body size cap, a redirects
 * policy, certificate expiry for https, and the phases of the exchange.
 *
 * <p>Every run opens its own connection ({@link HttpClientAgent#connect}) and closes it, as
 * blackbox_exporter does, so connect failures are seen and the connect phase is measured on the
 * very connection the request uses. Vert.x completes a connection only once TLS is established, so
 * for https {@code connect_seconds} is TCP connect plus TLS handshake; the TCP/TLS split is
 * measured by the {@code tcp} probe with {@code tls: true}, which upgrades a plain socket itself.
 *
 * <p>One deadline covers the whole run: a server that trickles its headers byte by byte (slow
 * loris) or its body forever is cut at the check timeout, and the reason names the phase it was
 * stuck in. At most {@code max-body-bytes} of the body are read; the connection is then closed, so
 * memory stays bounded whatever the server sends.
 *
 * <p>Figures: {@code connect_seconds}, {@code first_byte_seconds} (request sent to response headers
 * received), {@code total_seconds}, {@code status_code}, {@code body_bytes}, {@code redirects}; for
 * https {@code cert_days_left}.
 */
public final class HttpProbe implements Probe {
  /** Bodies are read up to this size unless a check sets {@code max-body-bytes}. */
  public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

  /** Redirects followed at most, when {@code follow-redirects} is true. */
  public static final int DEFAULT_MAX_REDIRECTS = 5;

  /** Parameters, all optional; see docs/configuration.md for their defaults. */
  public static final CheckKindSchema SCHEMA =
      new CheckKindSchema(
          Map.ofEntries(
              Map.entry("port", ParamType.PORT),
              Map.entry("path", ParamType.STRING),
              Map.entry("scheme", ParamType.STRING),
              Map.entry("server-name", ParamType.STRING),
              Map.entry("expect-status", ParamType.STATUS_LIST),
              Map.entry("body-pattern", ParamType.REGEX),
              Map.entry("follow-redirects", ParamType.BOOLEAN),
              Map.entry("max-redirects", ParamType.INT),
              Map.entry("max-body-bytes", ParamType.INT),
              Map.entry("cert-min-days", ParamType.INT)),
          Set.of());

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final LazyNio nio;

  public HttpProbe(Vertx vertx) {
    this(vertx, new LazyNio(vertx));
  }

  /**
   * @param nio the selector thread for plain GETs to IP literals, shared with tcp
   */
  public HttpProbe(Vertx vertx, LazyNio nio) {
    this.vertx = vertx;
    this.nio = nio;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(false).setMaxRedirects(0).setForceSni(true),
            new PoolOptions().setHttp1MaxSize(10_000).setMaxWaitQueueSize(-1));
  }

  /** What one run knows so far; touched only on the probe's event loop. */
  private static final class Run {
    final Map<String, Double> figures = new HashMap<>();
    final Promise<Observation> promise = Promise.promise();
    final long t0 = System.nanoTime();
    String phase = "connecting";
    String url;
    HttpClientConnection connection;
    long bodyBytes;
    double minCertDays = Double.NaN;

    void finish(Outcome outcome, String reason) {
      figures.put("total_seconds", (System.nanoTime() - t0) / 1e9);
      figures.put("body_bytes", (double) bodyBytes);
      if (promise.tryComplete(new Observation(outcome, reason, figures)) && connection != null) {
        connection.close();
      }
    }
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    var spec = check.spec();
    String scheme = spec.param("scheme", "http");
    String defaultPort = "https".equals(scheme) ? "443" : "80";
    int port = Integer.parseInt(spec.param("port", defaultPort));
    String serverName = spec.param("server-name", check.device().address());
    String path = spec.param("path", "/");
    URI first = URI.create(scheme + "://" + hostForUri(serverName) + ":" + port + path);
    long timeoutMs = context.timeout().toMillis();
    InetAddress ip = TcpProbe.literal(check.device().address());
    if (ip != null
        && "http".equals(scheme)
        && !Boolean.parseBoolean(spec.param("follow-redirects", "false"))) {
      NioConnector connector = nio.get();
      if (connector != null) {
        return lean(connector, check, first, new InetSocketAddress(ip, port), timeoutMs);
      }
    }
    Run run = new Run();
    long timer =
        vertx.setTimer(
            timeoutMs,
            id ->
                run.finish(
                    Outcome.DOWN,
                    "GET "
                        + run.url
                        + ": no complete answer within "
                        + timeoutMs
                        + " ms (still "
                        + run.phase
                        + ")"));
    hop(check, run, first, check.device().address(), 0, timeoutMs);
    return run.promise.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  /**
   * A plain-HTTP GET without redirects to an IP literal: on the shared selector thread instead of
   * Vert.x's HTTP client, with the same figures, phases and judgement (see {@link NioConnector});
   * it asks the server to close, as a probe needs no keep-alive.
   */
  private Future<Observation> lean(
      NioConnector connector, Check check, URI url, InetSocketAddress address, long timeoutMs) {
    var spec = check.spec();
    Run run = new Run();
    run.url = url.toString();
    run.figures.put("redirects", 0.0);
    NioConnector.Exchange exchange = new NioConnector.Exchange();
    String pathAndQuery =
        (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    byte[] request =
        ("GET "
                + pathAndQuery
                + " HTTP/1.1\r\nHost: "
                + url.getHost()
                + (url.getPort() == 80 ? "" : ":" + url.getPort())
                + "\r\nUser-Agent: Vigie\r\nAccept: */*\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    int maxBody =
        Integer.parseInt(spec.param("max-body-bytes", String.valueOf(DEFAULT_MAX_BODY_BYTES)));
    long timer =
        vertx.setTimer(
            timeoutMs,
            id -> {
              connector.cancel(exchange);
              run.finish(
                  Outcome.DOWN,
                  "GET "
                      + run.url
                      + ": no complete answer within "
                      + timeoutMs
                      + " ms (still "
                      + exchange.phase()
                      + ")");
            });
    // The connector's own deadline comes later: the timer above, with its phase, speaks first.
    connector
        .get(vertx.getOrCreateContext(), address, request, maxBody, timeoutMs + 1000, exchange)
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              if (run.promise.future().isComplete()) {
                return;
              }
              NioConnector.Response r = ar.result();
              if (r.failure() != null) {
                run.finish(Outcome.DOWN, "GET " + run.url + " failed: " + r.failure());
                return;
              }
              run.figures.put("connect_seconds", r.connectNanos() / 1e9);
              run.figures.put("first_byte_seconds", r.firstByteNanos() / 1e9);
              run.bodyBytes = r.bodyBytes();
              judge(check, run, r.status(), Buffer.buffer(r.body()), r.truncated());
            });
    return run.promise.future();
  }

  private void hop(Check check, Run run, URI url, String address, int redirects, long timeoutMs) {
    var spec = check.spec();
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
    run.url = url.toString();
    run.phase = "connecting";
    run.figures.put("redirects", (double) redirects);
    long hopStart = System.nanoTime();
    HttpConnectOptions connect =
        new HttpConnectOptions()
            .setServer(SocketAddress.inetSocketAddress(port, address))
            .setHost(url.getHost())
            .setPort(port)
            .setSsl(https)
            .setConnectTimeout(timeoutMs);
    if (https) {
      // Expiry is judged, not trust: many school servers use internal certificates.
      connect.setSslOptions(
          new ClientSSLOptions().setTrustAll(true).setHostnameVerificationAlgorithm(""));
    }
    String pathAndQuery =
        (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    client
        .connect(connect)
        .compose(
            conn -> {
              if (run.promise.future().isComplete()) {
                conn.close();
                return Future.failedFuture("abandoned");
              }
              run.connection = conn;
              run.figures.put("connect_seconds", (System.nanoTime() - hopStart) / 1e9);
              if (https) {
                recordCertificate(run, conn);
              }
              run.phase = "waiting for the response headers";
              long sent = System.nanoTime();
              return conn.request(
                      new RequestOptions()
                          .setMethod(HttpMethod.GET)
                          .setURI(pathAndQuery)
                          .setHost(url.getHost())
                          .setPort(port)
                          .putHeader("User-Agent", "Vigie")
                          .setFollowRedirects(false))
                  .compose(req -> req.send())
                  .onSuccess(
                      resp ->
                          run.figures.put("first_byte_seconds", (System.nanoTime() - sent) / 1e9));
            })
        .onComplete(
            ar -> {
              if (run.promise.future().isComplete()) {
                return;
              }
              if (ar.failed()) {
                run.finish(
                    Outcome.DOWN, "GET " + run.url + " failed: " + TcpProbe.reason(ar.cause()));
                return;
              }
              HttpClientResponse resp = ar.result();
              int status = resp.statusCode();
              String location = resp.getHeader("Location");
              boolean follow = Boolean.parseBoolean(spec.param("follow-redirects", "false"));
              if (follow && status >= 300 && status < 400 && location != null) {
                int max =
                    Integer.parseInt(
                        spec.param("max-redirects", String.valueOf(DEFAULT_MAX_REDIRECTS)));
                if (redirects >= max) {
                  run.figures.put("status_code", (double) status);
                  run.finish(
                      Outcome.DOWN, "GET " + run.url + " redirected more than " + max + " times");
                  return;
                }
                URI next;
                try {
                  next = url.resolve(location);
                } catch (IllegalArgumentException e) {
                  run.finish(
                      Outcome.DOWN,
                      "GET " + run.url + " redirected to an invalid location '" + location + "'");
                  return;
                }
                run.connection.close();
                run.connection = null;
                // Same host: keep the device's address; another host is resolved by name.
                String nextAddress =
                    next.getHost() != null && next.getHost().equals(url.getHost())
                        ? address
                        : next.getHost();
                long left = timeoutMs - (System.nanoTime() - run.t0) / 1_000_000;
                hop(check, run, next, nextAddress, redirects + 1, Math.max(1, left));
                return;
              }
              readBody(check, run, resp);
            });
  }

  private static void recordCertificate(Run run, HttpClientConnection conn) {
    try {
      CertificateExpiry.earliestNotAfter(conn.peerCertificates())
          .ifPresent(
              notAfter -> {
                double days = CertificateExpiry.daysLeft(notAfter, Instant.now());
                run.minCertDays =
                    Double.isNaN(run.minCertDays) ? days : Math.min(days, run.minCertDays);
                run.figures.put("cert_days_left", run.minCertDays);
              });
    } catch (SSLPeerUnverifiedException e) {
      // No certificate: nothing to judge; the exchange itself still is.
    }
  }

  private void readBody(Check check, Run run, HttpClientResponse resp) {
    var spec = check.spec();
    int cap =
        Integer.parseInt(spec.param("max-body-bytes", String.valueOf(DEFAULT_MAX_BODY_BYTES)));
    Buffer body = Buffer.buffer();
    run.phase = "reading the body";
    resp.handler(
        buf -> {
          if (run.promise.future().isComplete()) {
            return;
          }
          int room = cap - body.length();
          body.appendBuffer(buf.length() > room ? buf.slice(0, room) : buf);
          run.bodyBytes = body.length();
          if (body.length() >= cap) {
            // Enough read: judge, then close the connection to stop the transfer.
            judge(check, run, resp.statusCode(), body, true);
          }
        });
    resp.exceptionHandler(
        e -> {
          if (!run.promise.future().isComplete()) {
            run.finish(Outcome.DOWN, "reading " + run.url + " failed: " + TcpProbe.reason(e));
          }
        });
    resp.endHandler(v -> judge(check, run, resp.statusCode(), body, false));
  }

  private static void judge(Check check, Run run, int status, Buffer body, boolean truncated) {
    var spec = check.spec();
    run.figures.put("status_code", (double) status);
    StatusSet accepted = new StatusSet(spec.param("expect-status", "200-399"));
    String bodyRegex = spec.params().get("body-pattern");
    if (!accepted.contains(status)) {
      run.finish(Outcome.DOWN, "GET " + run.url + " answered " + status + ", expected " + accepted);
      return;
    }
    if (bodyRegex != null && !Pattern.compile(bodyRegex).matcher(body.toString()).find()) {
      run.finish(
          Outcome.DOWN,
          "GET "
              + run.url
              + " body does not match /"
              + bodyRegex
              + "/"
              + (truncated ? " in its first " + body.length() + " bytes" : ""));
      return;
    }
    if (!Double.isNaN(run.minCertDays)) {
      int minDays =
          Integer.parseInt(
              spec.param("cert-min-days", String.valueOf(CertificateExpiry.DEFAULT_MIN_DAYS)));
      Outcome cert = CertificateExpiry.judge(run.minCertDays, minDays);
      if (cert != Outcome.UP) {
        run.finish(cert, CertificateExpiry.reason(run.url, run.minCertDays, minDays));
        return;
      }
    }
    run.finish(Outcome.UP, "ok");
  }

  private static String hostForUri(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
