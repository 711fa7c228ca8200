package org.vigie.server.cli;

import io.vertx.core.Future;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import org.vigie.alerting.outbox.Deliverer;
import org.vigie.alerting.outbox.OutboxMessage;

/**
 * The demo's stand-in for an SMTP server: each e-mail of the outbox's {@code email} channel is
 * printed as one line (time, recipients, subject), so that a demo user sees alerting work.
 */
final class ConsoleMailbox implements Deliverer {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final PrintWriter out;

  ConsoleMailbox(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    var p = message.payload();
    var to = p.getJsonArray("to");
    out.printf(
        "  ✉ %s to %s: %s%n",
        LocalTime.now().format(TIME),
        to == null ? "?" : to.stream().map(String::valueOf).collect(Collectors.joining(", ")),
        p.getString("subject", "(no subject)"));
    out.flush();
    return Future.succeededFuture();
  }
}
