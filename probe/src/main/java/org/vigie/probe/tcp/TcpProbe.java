package org.vigie.probe.tcp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.vigie.probe.tls.CertificateExpiry;

/**
 * TCP connect probe: measures connect time; with {@code tls} it then does a TLS handshake on the
 * same connection (timed separately) and judges the server certificate's expiry; with {@code
 * send}/{@code expect} it writes a line and waits for the reply to match a regex (a banner check),
 * over TLS when {@code tls} is set.
 *
 * <p>Figures: {@code connect_seconds}; with TLS also {@code tls_seconds} and {@code
 * cert_days_left}.
 */
public final class TcpProbe implements Probe {
  /** Replies are read up to this many bytes, so a chatty or hostile server cannot fill memory. */
  static final int MAX_READ_BYTES = 64 * 1024;

  /**
   * Parameters: {@code port} (required), {@code send}, {@code expect} (a regex), {@code tls}
   * (false), {@code server-name} (SNI, none), {@code cert-min-days} (14).
   */
  public static final CheckKindSchema SCHEMA =
      new CheckKindSchema(
          Map.of(
              "port", ParamType.PORT,
              "send", ParamType.STRING,
              "expect", ParamType.REGEX,
              "tls", ParamType.BOOLEAN,
              "server-name", ParamType.STRING,
              "cert-min-days", ParamType.INT),
          Set.of("port"));

  private final Vertx vertx;
  private final NetClient client;
  private final LazyNio nio;

  public TcpProbe(Vertx vertx) {
    this(vertx, new LazyNio(vertx));
  }

  /**
   * @param nio the selector thread for plain connects to IP literals, shared with http
   */
  public TcpProbe(Vertx vertx, LazyNio nio) {
    this.vertx = vertx;
    this.nio = nio;
    // One client for every check: it holds no connection between runs.
    this.client = vertx.createNetClient(new NetClientOptions().setReconnectAttempts(0));
  }

  /** The address as an IP literal, or null for a host name (which must be resolved by Vert.x). */
  public static InetAddress literal(String host) {
    try {
      return InetAddress.ofLiteral(host);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    var spec = check.spec();
    String host = check.device().address();
    int port = Integer.parseInt(spec.param("port", "0"));
    String target = host + ":" + port;
    long timeoutMs = context.timeout().toMillis();
    InetAddress ip = literal(host);
    if (ip != null
        && !Boolean.parseBoolean(spec.param("tls", "false"))
        && spec.params().get("send") == null
        && spec.params().get("expect") == null) {
      NioConnector connector = nio.get();
      if (connector != null) {
        return connector
            .connect(vertx.getOrCreateContext(), new InetSocketAddress(ip, port), timeoutMs)
            .map(
                r ->
                    r.failure() == null
                        ? Observation.up(Map.of("connect_seconds", r.nanos() / 1e9))
                        : Observation.down("connect to " + target + " failed: " + r.failure()));
      }
    }
    long t0 = System.nanoTime();
    return client
        .connect(
            new ConnectOptions()
                .setHost(host)
                .setPort(port)
                .setTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)))
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.succeededFuture(
                    Observation.down("connect to " + target + " failed: " + reason(ar.cause())));
              }
              NetSocket socket = ar.result();
              Map<String, Double> figures = new HashMap<>();
              figures.put("connect_seconds", (System.nanoTime() - t0) / 1e9);
              // One deadline for everything after connect: a silent server is closed, not leaked.
              long left = Math.max(1, timeoutMs - (System.nanoTime() - t0) / 1_000_000);
              Future<Observation> rest =
                  Boolean.parseBoolean(spec.param("tls", "false"))
                      ? handshake(socket, check, target, figures, left)
                      : converse(socket, check, figures, left);
              return rest.eventually(socket::close);
            });
  }

  private Future<Observation> handshake(
      NetSocket socket, Check check, String target, Map<String, Double> figures, long leftMs) {
    var spec = check.spec();
    String serverName = spec.params().get("server-name");
    int minDays =
        Integer.parseInt(
            spec.param("cert-min-days", String.valueOf(CertificateExpiry.DEFAULT_MIN_DAYS)));
    ClientSSLOptions ssl =
        new ClientSSLOptions()
            // Expiry is what is judged, not trust: school servers often have internal certs.
            .setTrustAll(true)
            .setHostnameVerificationAlgorithm("")
            .setSslHandshakeTimeout(leftMs)
            .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    long t1 = System.nanoTime();
    return socket
        .upgradeToSsl(ssl, serverName, null)
        .timeout(leftMs, TimeUnit.MILLISECONDS)
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.succeededFuture(
                    Observation.down(
                        "TLS handshake with " + target + " failed: " + reason(ar.cause()),
                        figures));
              }
              figures.put("tls_seconds", (System.nanoTime() - t1) / 1e9);
              double daysLeft;
              try {
                var notAfter = CertificateExpiry.earliestNotAfter(socket.peerCertificates());
                if (notAfter.isEmpty()) {
                  return Future.succeededFuture(
                      Observation.down(target + " presented no X.509 certificate", figures));
                }
                daysLeft = CertificateExpiry.daysLeft(notAfter.get(), Instant.now());
              } catch (SSLPeerUnverifiedException e) {
                return Future.succeededFuture(
                    Observation.down(target + " presented no certificate", figures));
              }
              figures.put("cert_days_left", daysLeft);
              long remaining = Math.max(1, leftMs - (System.nanoTime() - t1) / 1_000_000);
              return converse(socket, check, figures, remaining)
                  .map(
                      o -> {
                        Outcome cert = CertificateExpiry.judge(daysLeft, minDays);
                        if (o.outcome() == Outcome.DOWN || cert == Outcome.UP) {
                          return o;
                        }
                        return new Observation(
                            cert, CertificateExpiry.reason(target, daysLeft, minDays), figures);
                      });
            });
  }

  private Future<Observation> converse(
      NetSocket socket, Check check, Map<String, Double> figures, long leftMs) {
    String expect = check.spec().params().get("expect");
    String send = check.spec().params().get("send");
    if (send != null) {
      socket.write(send.replace("\\r", "\r").replace("\\n", "\n"));
    }
    if (expect == null) {
      return Future.succeededFuture(Observation.up(figures));
    }
    Promise<Observation> promise = Promise.promise();
    Pattern pattern = Pattern.compile(expect);
    Buffer received = Buffer.buffer();
    long timer =
        vertx.setTimer(
            leftMs,
            id ->
                promise.tryComplete(
                    Observation.down(
                        "no reply matching /"
                            + expect
                            + "/ within "
                            + check.spec().timeout().toMillis()
                            + " ms ("
                            + received.length()
                            + " bytes received)",
                        figures)));
    socket.handler(
        buf -> {
          if (received.length() < MAX_READ_BYTES) {
            int room = MAX_READ_BYTES - received.length();
            received.appendBuffer(buf.length() > room ? buf.slice(0, room) : buf);
          }
          if (pattern.matcher(received.toString()).find()) {
            promise.tryComplete(Observation.up(figures));
          } else if (received.length() >= MAX_READ_BYTES) {
            promise.tryComplete(
                Observation.down(
                    "no match for /" + expect + "/ in the first " + MAX_READ_BYTES + " bytes",
                    figures));
          }
        });
    socket.closeHandler(
        v ->
            promise.tryComplete(
                Observation.down(
                    "connection closed before a reply matching /" + expect + "/", figures)));
    return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  /** A short, human reason from a network exception (no stack, no class noise). */
  public static String reason(Throwable e) {
    if (e instanceof java.util.concurrent.TimeoutException) {
      return "timed out";
    }
    String msg = e.getMessage();
    if (msg == null || msg.isBlank()) {
      return e.getClass().getSimpleName();
    }
    // Netty prefixes messages with the address again; keep the cause text only.
    int colon = msg.lastIndexOf(": ");
    String tail =
        colon >= 0 && msg.startsWith("Connection refused") ? msg.substring(0, colon) : msg;
    return tail;
  }
}
