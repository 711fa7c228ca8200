package org.vigie.alerting.ticket.relay;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.ticket.Asset;
import org.vigie.alerting.ticket.Helpdesk;
import org.vigie.alerting.ticket.TicketRequest;

/**
 * A helpdesk Vigie cannot call, only tell: through its mail collector (outbox channel {@code
 * email}; replies thread on {@code In-Reply-To} the first message's {@code Message-ID}, which is
 * the ticket id Vigie stores) or a JSON webhook (outbox channel {@code webhook}, body {@code
 * {"event": {...}}}). Each step is one outbox message whose id is the step key, so a repeated step
 * is sent once; nothing can be searched, so {@link #findByKey} is always empty (the ticket table
 * guards).
 */
public final class RelayHelpdesk implements Helpdesk {
  private final Outbox outbox;
  private final String channel;
  private final String mailTo;

  private RelayHelpdesk(Outbox outbox, String channel, String mailTo) {
    this.outbox = outbox;
    this.channel = channel;
    this.mailTo = mailTo;
  }

  /** E-mail to ticket: the helpdesk's mail collector at {@code mailTo}. */
  public static RelayHelpdesk email(Outbox outbox, String mailTo) {
    return new RelayHelpdesk(outbox, "email", mailTo);
  }

  /** The JSON webhook configured in {@code alerting.webhook}. */
  public static RelayHelpdesk webhook(Outbox outbox) {
    return new RelayHelpdesk(outbox, "webhook", null);
  }

  @Override
  public String system() {
    return channel;
  }

  @Override
  public Future<Optional<String>> findByKey(String incidentId) {
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Future<String> open(TicketRequest r) {
    String messageId = messageId(r.incidentId());
    JsonObject payload =
        channel.equals("email")
            ? mail(r.title(), r.text(), r.content(), messageId, null)
            : event("ticket.open", r.incidentId(), messageId)
                .put("title", r.title())
                .put("content", r.content())
                .put("urgency", r.urgency())
                .put("impact", r.impact())
                .put("entity", r.entityId())
                .put("category", r.categoryId());
    return outbox
        .enqueue(r.incidentId() + "#open#" + channel, channel, wrap(payload))
        .map(messageId);
  }

  @Override
  public Future<Void> followUp(String ticketId, String stepKey, String text) {
    return step("ticket.followup", "Suivi", ticketId, stepKey, text);
  }

  @Override
  public Future<Void> solve(String ticketId, String stepKey, String text) {
    return step("ticket.solve", "Résolu", ticketId, stepKey, text);
  }

  @Override
  public Future<Void> reopen(String ticketId, String stepKey, String text) {
    return step("ticket.reopen", "Rouvert", ticketId, stepKey, text);
  }

  private Future<Void> step(
      String type, String label, String ticketId, String stepKey, String html) {
    JsonObject payload =
        channel.equals("email")
            ? mail(
                "Re: [Vigie] " + label + " " + stepKey,
                html.replaceAll("<[^>]+>", " ").replaceAll(" +", " ").strip(),
                html,
                messageId(stepKey),
                ticketId)
            : event(type, stepKey, ticketId).put("content", html);
    return outbox.enqueue(stepKey + "#" + channel, channel, wrap(payload)).mapEmpty();
  }

  private JsonObject wrap(JsonObject payload) {
    return channel.equals("email") ? payload : new JsonObject().put("event", payload);
  }

  private JsonObject mail(String subject, String text, String html, String id, String inReplyTo) {
    JsonObject m =
        new JsonObject()
            .put("to", new JsonArray().add(mailTo))
            .put("subject", subject)
            .put("text", text)
            .put("html", html)
            .put("messageId", id);
    if (inReplyTo != null) {
      m.put("inReplyTo", inReplyTo);
    }
    return m;
  }

  private static JsonObject event(String type, String key, String ticket) {
    return new JsonObject().put("type", type).put("key", key).put("ticket", ticket);
  }

  /** A Message-ID from a key: only characters RFC 5322 allows in its left part. */
  static String messageId(String key) {
    return "<" + key.replaceAll("[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]", ".") + "@vigie>";
  }

  @Override
  public Future<Void> link(String ticketId, List<Asset> assets) {
    return Future.succeededFuture(); // assets are listed in the content
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
