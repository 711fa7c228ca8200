package org.vigie.reports;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.StateStore;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Contact;
import org.vigie.inventory.Inventory;
import org.vigie.reports.internal.Texts;

/**
 * Sends each commune its monthly report on the 1st of the month at {@code reports.send-at}
 * (Europe/Paris), to the commune's contacts that have an e-mail address, through the outbox's
 * {@code email} channel (HTML body, the configured formats attached), and the DSI summary to {@code
 * reports.dsi-recipients}.
 *
 * <p>Exactly once per commune and month: a row of {@code report_delivery} records each sending, and
 * the outbox id {@code report/<commune>/<YYYY-MM>/<n>} is the same however often the sending is
 * retried, so a crash between enqueuing and recording neither loses nor repeats the e-mail (the
 * outbox refuses an id it already has). At start, a month whose sending time passed while Vigie was
 * stopped is sent then. {@link #resend} sends again on demand with the next {@code n}.
 *
 * <p>The e-mail payload is the contract's plus {@code "attachments": [{"name", "contentType",
 * "base64"}]}.
 */
public final class ReportScheduler extends VerticleBase {
  /** The row of the DSI summary in {@code report_delivery}. */
  public static final String DSI = "*dsi*";

  private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);

  private final ReportSettings settings;
  private final ReportGenerator generator;
  private final Inventory inventory;
  private final StateStore store;
  private final EmailQueue queue;
  private final Clock clock;
  private final Texts texts;
  private long timer = -1;

  /** The outcome of one sending. */
  public record Delivery(String communeId, YearMonth month, String messageId, boolean sent) {}

  public ReportScheduler(
      ReportSettings settings,
      ReportGenerator generator,
      Inventory inventory,
      StateStore store,
      EmailQueue queue,
      Clock clock) {
    this.settings = settings;
    this.generator = generator;
    this.inventory = inventory;
    this.store = store;
    this.queue = queue;
    this.clock = clock;
    this.texts = new Texts(settings.language());
  }

  /** The first instant at or after {@code now} that is a 1st of the month at {@code at}, Paris. */
  public static Instant nextRun(Instant now, LocalTime at) {
    ZonedDateTime local = now.atZone(ReportGenerator.PARIS);
    ZonedDateTime candidate =
        local.withDayOfMonth(1).with(at).withZoneSameLocal(ReportGenerator.PARIS);
    if (candidate.toInstant().isBefore(now)) {
      candidate =
          local.withDayOfMonth(1).plusMonths(1).with(at).withZoneSameLocal(ReportGenerator.PARIS);
    }
    return candidate.toInstant();
  }

  @Override
  public Future<?> start() {
    if (!settings.schedule()) {
      return Future.succeededFuture();
    }
    arm();
    // Catch up a sending time that passed while Vigie was stopped (recorded ones are skipped).
    Instant now = clock.instant();
    YearMonth current = YearMonth.from(now.atZone(ReportGenerator.PARIS));
    Instant thisMonth =
        nextRun(
            current.atDay(1).atStartOfDay(ReportGenerator.PARIS).toInstant(), settings.sendAt());
    if (!now.isBefore(thisMonth)) {
      sendMonth(current.minusMonths(1))
          .onFailure(
              e ->
                  LOG.warn(
                      "reports: catching up {} failed: {}",
                      current.minusMonths(1),
                      e.getMessage()));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  private void arm() {
    Instant now = clock.instant();
    Instant next = nextRun(now.plusSeconds(1), settings.sendAt());
    long delay = Math.max(1, Duration.between(now, next).toMillis());
    timer =
        vertx.setTimer(
            delay,
            id -> {
              YearMonth month = YearMonth.from(next.atZone(ReportGenerator.PARIS)).minusMonths(1);
              sendMonth(month)
                  .onComplete(
                      r -> {
                        if (r.failed()) {
                          LOG.warn("reports: sending {} failed: {}", month, r.cause().getMessage());
                        }
                        arm();
                      });
            });
  }

  /**
   * Sends {@code month}'s report to every commune not yet sent, then the DSI summary; answers the
   * deliveries made now (already recorded ones are left out).
   */
  public Future<List<Delivery>> sendMonth(YearMonth month) {
    List<Delivery> done = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Commune c : inventory.communes()) {
      chain =
          chain.compose(
              v ->
                  send(c.id(), month)
                      .map(
                          d -> {
                            if (d.sent()) {
                              done.add(d);
                            }
                            return null;
                          }));
    }
    return chain
        .compose(v -> sendSummary(month))
        .map(
            d -> {
              if (d.sent()) {
                done.add(d);
              }
              return done;
            });
  }

  /** The scheduled sending of one commune's month: nothing if it was already recorded. */
  public Future<Delivery> send(String communeId, YearMonth month) {
    return sends(communeId, month)
        .compose(
            n -> {
              if (n > 0) {
                return Future.succeededFuture(new Delivery(communeId, month, null, false));
              }
              return deliver(communeId, month, 1);
            });
  }

  /** Sends one commune's month again, whether or not it went out before. */
  public Future<Delivery> resend(String communeId, YearMonth month) {
    return sends(communeId, month).compose(n -> deliver(communeId, month, n + 1));
  }

  private Future<Delivery> deliver(String communeId, YearMonth month, int n) {
    Commune commune =
        inventory
            .commune(communeId)
            .orElseThrow(() -> new IllegalArgumentException("no commune " + communeId));
    List<String> to =
        commune.contacts().stream()
            .map(Contact::email)
            .filter(e -> e != null && !e.isBlank())
            .toList();
    if (to.isEmpty()) {
      LOG.warn(
          "reports: commune {} has no contact with an e-mail address; {} not sent",
          communeId,
          month);
      return Future.succeededFuture(new Delivery(communeId, month, null, false));
    }
    String id = "report/" + communeId + "/" + month + "/" + n;
    return generator
        .commune(communeId, month)
        .compose(r -> vertx.executeBlocking(() -> payload(r, to, id)))
        .compose(p -> queue.enqueue(id, EmailQueue.CHANNEL, p))
        .compose(fresh -> record(communeId, month, n, id, to))
        .map(v -> new Delivery(communeId, month, id, true));
  }

  private Future<Delivery> sendSummary(YearMonth month) {
    if (settings.dsiRecipients().isEmpty()) {
      return Future.succeededFuture(new Delivery(DSI, month, null, false));
    }
    return sends(DSI, month)
        .compose(
            n -> {
              if (n > 0) {
                return Future.succeededFuture(new Delivery(DSI, month, null, false));
              }
              String id = "report/" + DSI + "/" + month + "/1";
              return generator
                  .month(month, List.of(), ReportProgress.none())
                  .compose(s -> vertx.executeBlocking(() -> summaryPayload(s, id)))
                  .compose(p -> queue.enqueue(id, EmailQueue.CHANNEL, p))
                  .compose(fresh -> record(DSI, month, 1, id, settings.dsiRecipients()))
                  .map(v -> new Delivery(DSI, month, id, true));
            });
  }

  private JsonObject payload(CommuneReport r, List<String> to, String id) throws Exception {
    HtmlReport html = new HtmlReport(settings.language());
    JsonArray attachments = new JsonArray();
    String base = "vigie-" + r.commune().id() + "-" + r.month();
    for (ReportFormat f : settings.attachments()) {
      ReportWriter w = ReportWriter.of(f, settings.language());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      w.write(r, out);
      attachments.add(attachment(base + "." + w.extension(), w.contentType(), out.toByteArray()));
    }
    List<String> lines = new ArrayList<>();
    r.schools().forEach(s -> lines.addAll(texts.sentences(s)));
    return new JsonObject()
        .put("to", new JsonArray(to))
        .put(
            "subject",
            texts.get("title") + " — " + r.commune().name() + " — " + texts.month(r.month()))
        .put("text", String.join("\n", lines))
        .put("html", html.render(r))
        .put("messageId", "<" + id.replace('/', '.').replace("*", "") + "@vigie>")
        .put("attachments", attachments);
  }

  private JsonObject summaryPayload(DsiSummary s, String id) throws Exception {
    JsonArray attachments = new JsonArray();
    for (ReportFormat f : settings.attachments()) {
      ReportWriter w = ReportWriter.of(f, settings.language());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      w.write(s, out);
      attachments.add(
          attachment(
              "vigie-dsi-" + s.month() + "." + w.extension(), w.contentType(), out.toByteArray()));
    }
    return new JsonObject()
        .put("to", new JsonArray(settings.dsiRecipients()))
        .put("subject", texts.get("dsi.title") + " — " + texts.month(s.month()))
        .put("text", texts.get("dsi.title") + " — " + texts.month(s.month()))
        .put("html", new HtmlReport(settings.language()).render(s))
        .put("messageId", "<" + id.replace('/', '.').replace("*", "") + "@vigie>")
        .put("attachments", attachments);
  }

  private static JsonObject attachment(String name, String type, byte[] bytes) {
    return new JsonObject()
        .put("name", name)
        .put("contentType", type)
        .put("base64", Base64.getEncoder().encodeToString(bytes));
  }

  /** How many times the month was sent to the commune (0: never). */
  public Future<Integer> sends(String communeId, YearMonth month) {
    return store.withConnection(c -> sends(c, communeId, month));
  }

  private static int sends(Connection c, String communeId, YearMonth month) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sends FROM report_delivery WHERE commune_id = ? AND month = ?")) {
      ps.setString(1, communeId);
      ps.setString(2, month.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  private Future<Void> record(
      String communeId, YearMonth month, int n, String id, List<String> to) {
    long now = clock.millis();
    return store.inTransaction(
        c -> {
          boolean exists = sends(c, communeId, month) > 0;
          String sql =
              exists
                  ? "UPDATE report_delivery SET sends = ?, message_id = ?, recipients = ?, sent_ms = ?"
                      + " WHERE commune_id = ? AND month = ?"
                  : "INSERT INTO report_delivery (sends, message_id, recipients, sent_ms, commune_id,"
                      + " month) VALUES (?, ?, ?, ?, ?, ?)";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, n);
            ps.setString(2, id);
            ps.setString(3, new JsonArray(to).encode());
            ps.setLong(4, now);
            ps.setString(5, communeId);
            ps.setString(6, month.toString());
            ps.executeUpdate();
          }
          return null;
        });
  }
}
