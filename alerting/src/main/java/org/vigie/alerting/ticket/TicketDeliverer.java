package org.vigie.alerting.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.StateStore;
import org.vigie.alerting.outbox.Deliverer;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.PermanentFailure;

/**
 * Performs the helpdesk steps {@link TicketVerticle} enqueued, on the outbox channel {@link
 * TicketVerticle#CHANNEL}; register it with {@code outbox.register(TicketVerticle.CHANNEL, new
 * TicketDeliverer(helpdesk, store, clock))}.
 *
 * <p>Exactly once on top of an at-least-once outbox: steps of one incident run in order (step k
 * waits, as a retryable failure, until step k-1 is done, so a follow-up never overtakes the
 * creation); a done step is recorded in the {@code ticket} table and not repeated; before creating,
 * the helpdesk is searched for a ticket carrying the incident's key (a create that timed out after
 * GLPI stored it); follow-ups and solutions carry their step key and are looked for before being
 * added. A request the helpdesk refuses for good skips its step (recorded in {@code last_error})
 * and dead-letters the message; everything else is retried with the outbox's backoff.
 */
public final class TicketDeliverer implements Deliverer {
  private static final Logger LOG = LoggerFactory.getLogger(TicketDeliverer.class);

  private final Helpdesk helpdesk;
  private final StateStore store;
  private final Clock clock;

  public TicketDeliverer(Helpdesk helpdesk, StateStore store, Clock clock) {
    this.helpdesk = helpdesk;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    JsonObject p = message.payload();
    String incidentId = p.getString("incidentId");
    int step = p.getInteger("step");
    return store
        .withConnection(c -> TicketStore.find(c, incidentId))
        .compose(
            row -> {
              if (row == null) {
                return Future.failedFuture(
                    new PermanentFailure("no ticket row for incident " + incidentId));
              }
              if (row.stepsDone() >= step) {
                return Future.succeededFuture(); // done before a crash or a lost "SENT"
              }
              if (row.stepsDone() < step - 1) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "waiting for step " + (row.stepsDone() + 1) + " of " + incidentId));
              }
              return perform(row, p)
                  .compose(status -> done(incidentId, step, status, null))
                  .recover(e -> failed(incidentId, step, e));
            });
  }

  /** Runs the step; returns the ticket's new status for the table, or null if unchanged. */
  private Future<String> perform(TicketStore.Row row, JsonObject p) {
    String action = p.getString("action");
    String key = p.getString("key");
    if (action.equals("open")) {
      TicketRequest request = fromJson(p.getJsonObject("request"));
      Future<String> id =
          row.ticketId() != null
              ? Future.succeededFuture(row.ticketId())
              : helpdesk
                  .findByKey(request.incidentId())
                  .compose(
                      found -> {
                        if (found.isPresent()) {
                          LOG.info(
                              "ticket {} of {} found in {}: not created again",
                              found.get(),
                              request.incidentId(),
                              helpdesk.system());
                          return Future.succeededFuture(found.get());
                        }
                        return helpdesk.open(request);
                      })
                  .compose(
                      t ->
                          store.withConnection(
                              c -> {
                                TicketStore.ticket(c, request.incidentId(), t, clock.millis());
                                return t;
                              }));
      return id.compose(t -> helpdesk.link(t, request.assets())).map("OPEN");
    }
    if (row.ticketId() == null) {
      return Future.failedFuture(
          new HelpdeskException("incident " + row.incidentId() + " has no ticket", 0, false));
    }
    String html = p.getString("html");
    return switch (action) {
      case "followup" -> helpdesk.followUp(row.ticketId(), key, html).map((String) null);
      case "solve" -> helpdesk.solve(row.ticketId(), key, html).map("SOLVED");
      case "reopen" -> helpdesk.reopen(row.ticketId(), key, html).map("OPEN");
      default -> Future.failedFuture(new HelpdeskException("unknown step " + action, 0, false));
    };
  }

  private Future<Void> done(String incidentId, int step, String status, String error) {
    return store.withConnection(
        c -> {
          TicketStore.done(c, incidentId, step, status, error, clock.millis());
          return null;
        });
  }

  private Future<Void> failed(String incidentId, int step, Throwable e) {
    if (e instanceof HelpdeskException h && !h.retryable()) {
      LOG.error("helpdesk step {} of {} refused, skipped: {}", step, incidentId, h.getMessage());
      return done(incidentId, step, null, h.getMessage())
          .transform(ar -> Future.failedFuture(new PermanentFailure(h.getMessage())));
    }
    LOG.warn("helpdesk step {} of {} failed, will retry: {}", step, incidentId, e.getMessage());
    return store
        .withConnection(
            c -> {
              TicketStore.error(c, incidentId, e.getMessage(), clock.millis());
              return null;
            })
        .transform(ar -> Future.failedFuture(e));
  }

  static JsonObject toJson(TicketRequest r) {
    JsonArray assets = new JsonArray();
    r.assets()
        .forEach(
            a ->
                assets.add(
                    new JsonObject()
                        .put("itemtype", a.itemtype())
                        .put("device", a.deviceKey())
                        .put("value", a.value())));
    return new JsonObject()
        .put("incidentId", r.incidentId())
        .put("title", r.title())
        .put("content", r.content())
        .put("text", r.text())
        .put("urgency", r.urgency())
        .put("impact", r.impact())
        .put("entityId", r.entityId())
        .put("categoryId", r.categoryId())
        .put("requesterId", r.requesterId())
        .put("assets", assets);
  }

  static TicketRequest fromJson(JsonObject j) {
    List<Asset> assets = new ArrayList<>();
    JsonArray a = j.getJsonArray("assets", new JsonArray());
    for (int i = 0; i < a.size(); i++) {
      JsonObject o = a.getJsonObject(i);
      assets.add(new Asset(o.getString("itemtype"), o.getString("device"), o.getString("value")));
    }
    return new TicketRequest(
        j.getString("incidentId"),
        j.getString("title"),
        j.getString("content"),
        j.getString("text"),
        j.getInteger("urgency"),
        j.getInteger("impact"),
        j.getInteger("entityId"),
        j.getInteger("categoryId"),
        j.getInteger("requesterId"),
        assets);
  }
}
