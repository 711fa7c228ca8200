package org.vigie.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP acceptor on 127.0.0.1 for benchmarks: accepts every command and message and
 * timestamps each message ({@link System#nanoTime()}) when it answers the final {@code 250} to its
 * data, which is the instant the sender holds it as accepted. GreenMail would need polling to learn
 * that instant; this gives it exactly. Not a mail server: nothing is parsed beyond the dialogue.
 */
final class SmtpSink implements AutoCloseable {
  /** A message accepted at {@code nanos}, its whole data (headers and body). */
  record Accepted(long nanos, String data) {}

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private NetServer server;

  int start() {
    server = vertx.createNetServer().connectHandler(this::session);
    return server.listen(0, "127.0.0.1").await().actualPort();
  }

  List<Accepted> accepted() {
    return accepted;
  }

  private void session(NetSocket socket) {
    boolean[] inData = {false};
    StringBuilder data = new StringBuilder();
    RecordParser lines =
        RecordParser.newDelimited(
            "\r\n",
            line -> {
              String text = line.toString(StandardCharsets.UTF_8);
              if (inData[0]) {
                if (text.equals(".")) {
                  inData[0] = false;
                  accepted.add(new Accepted(System.nanoTime(), data.toString()));
                  data.setLength(0);
                  socket.write("250 2.0.0 accepted\r\n");
                } else {
                  data.append(text.startsWith("..") ? text.substring(1) : text).append("\r\n");
                }
                return;
              }
              String verb =
                  (text.length() >= 4 ? text.substring(0, 4) : text).toUpperCase(Locale.ROOT);
              switch (verb) {
                case "EHLO" -> socket.write("250-sink\r\n250-8BITMIME\r\n250 PIPELINING\r\n");
                case "HELO" -> socket.write("250 sink\r\n");
                case "DATA" -> {
                  inData[0] = true;
                  socket.write("354 go on\r\n");
                }
                case "QUIT" -> socket.write("221 bye\r\n").onComplete(ar -> socket.close());
                default -> socket.write("250 OK\r\n"); // MAIL, RCPT, RSET, NOOP
              }
            });
    socket.handler(lines);
    socket.write(Buffer.buffer("220 sink ESMTP\r\n"));
  }

  @Override
  public void close() {
    Future<Void> f = server == null ? Future.succeededFuture() : server.close();
    f.await();
    vertx.close().await();
  }
}
