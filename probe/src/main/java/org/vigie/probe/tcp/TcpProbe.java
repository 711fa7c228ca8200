package org.vigie.probe.tcp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.Map;
import java.util.regex.Pattern;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.ParamType;
import org.vigie.probe.Observation;
import org.vigie.probe.Probe;
import org.vigie.probe.ProbeContext;

/**
 * TCP connect probe: measures connect time; with {@code send}/{@code expect} it writes a line and
 * waits for the reply to match a regex (a banner check). Parameters: {@code port} (required),
 * {@code send}, {@code expect}.
 */
public final class TcpProbe implements Probe {
  /** Replies are read up to this many bytes, so a chatty or hostile server cannot fill memory. */
  static final int MAX_READ_BYTES = 64 * 1024;

  /** Parameters: {@code port} (required), {@code send}, {@code expect} (a regex). */
  public static final CheckKindSchema SCHEMA =
      new CheckKindSchema(
          java.util.Map.of(
              "port", ParamType.PORT, "send", ParamType.STRING, "expect", ParamType.REGEX),
          java.util.Set.of("port"));

  private final Vertx vertx;
  private final NetClient client;

  public TcpProbe(Vertx vertx) {
    this.vertx = vertx;
    // One client for every check: it holds no connection between runs.
    this.client = vertx.createNetClient(new NetClientOptions().setReconnectAttempts(0));
  }

  @Override
  public Future<Observation> probe(Check check, ProbeContext context) {
    String host = check.device().address();
    int port = Integer.parseInt(check.spec().param("port", "0"));
    long timeoutMs = context.timeout().toMillis();
    long t0 = System.nanoTime();
    return client
        .connect(
            new io.vertx.core.net.ConnectOptions()
                .setHost(host)
                .setPort(port)
                .setTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)))
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.succeededFuture(
                    Observation.down(
                        "connect to " + host + ":" + port + " failed: " + reason(ar.cause())));
              }
              double connectSeconds = (System.nanoTime() - t0) / 1e9;
              NetSocket socket = ar.result();
              String expect = check.spec().params().get("expect");
              String send = check.spec().params().get("send");
              if (expect == null && send == null) {
                socket.close();
                return Future.succeededFuture(
                    Observation.up(Map.of("connect_seconds", connectSeconds)));
              }
              return converse(socket, send, expect, timeoutMs, connectSeconds);
            });
  }

  private Future<Observation> converse(
      NetSocket socket, String send, String expect, long timeoutMs, double connectSeconds) {
    Promise<Observation> promise = Promise.promise();
    Pattern pattern = expect == null ? null : Pattern.compile(expect);
    Buffer received = Buffer.buffer();
    long timer =
        vertx.setTimer(
            Math.max(1, timeoutMs - (long) (connectSeconds * 1000)),
            id -> {
              promise.tryComplete(
                  Observation.down(
                      "no reply matching /" + expect + "/ within " + timeoutMs + " ms",
                      Map.of("connect_seconds", connectSeconds)));
              socket.close();
            });
    socket.handler(
        buf -> {
          if (received.length() < MAX_READ_BYTES) {
            received.appendBuffer(
                buf.length() > MAX_READ_BYTES - received.length()
                    ? buf.slice(0, MAX_READ_BYTES - received.length())
                    : buf);
          }
          if (pattern != null && pattern.matcher(received.toString()).find()) {
            vertx.cancelTimer(timer);
            promise.tryComplete(Observation.up(Map.of("connect_seconds", connectSeconds)));
            socket.close();
          } else if (received.length() >= MAX_READ_BYTES) {
            vertx.cancelTimer(timer);
            promise.tryComplete(
                Observation.down(
                    "no match for /" + expect + "/ in the first " + MAX_READ_BYTES + " bytes",
                    Map.of("connect_seconds", connectSeconds)));
            socket.close();
          }
        });
    socket.closeHandler(
        v -> {
          vertx.cancelTimer(timer);
          promise.tryComplete(
              pattern == null
                  ? Observation.up(Map.of("connect_seconds", connectSeconds))
                  : Observation.down(
                      "connection closed before a reply matching /" + expect + "/",
                      Map.of("connect_seconds", connectSeconds)));
        });
    if (send != null) {
      socket.write(send.replace("\\r", "\r").replace("\\n", "\n"));
      if (pattern == null) {
        vertx.cancelTimer(timer);
        promise.tryComplete(Observation.up(Map.of("connect_seconds", connectSeconds)));
        socket.close();
      }
    }
    return promise.future();
  }

  /** A short, human reason from a network exception (no stack, no class noise). */
  public static String reason(Throwable e) {
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
