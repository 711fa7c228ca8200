package org.vigie.alerting.ticket;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.StateStore;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.inventory.Inventory;

/**
 * Turns incident events ({@link IncidentEvent#ADDRESS}) into helpdesk steps: one ticket per
 * incident, opened when the incident opens (not muted, at least {@code min-severity}), follow-ups
 * as it changes, solved on recovery, re-opened on a recurrence within the flap window.
 *
 * <p>Each step is an outbox message on {@link #CHANNEL} (id {@code <incident id>#<seq>#glpi}),
 * enqueued in the same transaction that reserves its step number in the {@code ticket} table; the
 * {@link TicketDeliverer} registered on that channel performs it. Nothing here talks to the
 * helpdesk, so a helpdesk that is away delays tickets and loses none.
 */
public final class TicketVerticle extends VerticleBase {
  /** The outbox channel of helpdesk steps. */
  public static final String CHANNEL = "glpi";

  private static final Logger LOG = LoggerFactory.getLogger(TicketVerticle.class);

  private final HelpdeskSettings settings;
  private final Outbox outbox;
  private final StateStore store;
  private final Clock clock;
  private final TicketText text;
  private MessageConsumer<Object> consumer;
  // Events are stored one after the other, in arrival order, so that step numbers follow them.
  private Future<Void> tail = Future.succeededFuture();

  public TicketVerticle(
      HelpdeskSettings settings,
      Outbox outbox,
      StateStore store,
      Inventory inventory,
      Clock clock) {
    this.settings = settings;
    this.outbox = outbox;
    this.store = store;
    this.clock = clock;
    this.text = new TicketText(inventory, settings);
  }

  @Override
  public Future<?> start() {
    consumer =
        vertx
            .eventBus()
            .consumer(
                IncidentEvent.ADDRESS,
                msg -> {
                  if (msg.body() instanceof IncidentEvent e) {
                    tail = tail.transform(ar -> handle(e));
                  }
                });
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister().transform(ar -> tail);
  }

  /** Stores the step an event asks for, if any; never fails (a failure is logged). */
  Future<Void> handle(IncidentEvent e) {
    return store
        .inTransaction(c -> enqueue(c, e))
        .<Void>map(
            enqueued -> {
              if (enqueued) {
                outbox.wake();
              }
              return null;
            })
        .recover(
            err -> {
              if (err instanceof AlreadyEnqueued || err.getCause() instanceof AlreadyEnqueued) {
                return Future.succeededFuture();
              }
              LOG.error(
                  "helpdesk step for {} #{} not stored: {}",
                  e.incident().id(),
                  e.seq(),
                  err.toString());
              return Future.succeededFuture();
            });
  }

  private boolean enqueue(Connection c, IncidentEvent e) throws SQLException {
    Incident i = e.incident();
    long now = clock.millis();
    TicketStore.Row row = TicketStore.find(c, i.id());
    String key = i.id() + "#" + e.seq();
    JsonObject payload = new JsonObject().put("incidentId", i.id()).put("key", key);
    boolean wanted = !i.muted() && i.severity().atLeast(settings.minSeverity());
    switch (e.type()) {
      case OPENED, UNMUTED, REOPENED -> {
        if (row == null) {
          if (!wanted || i.isResolved()) {
            return false; // muted (maintenance) or too minor: no ticket
          }
          TicketStore.insert(c, i.id(), settings.systemName(), now);
          TicketText.Line first =
              new TicketText.Line(e.at(), e.type().name(), e.actor(), e.detail());
          payload
              .put("action", "open")
              .put("request", TicketDeliverer.toJson(text.request(e, timeline(c, i.id(), first))));
        } else if (e.type() == IncidentEvent.Type.REOPENED) {
          payload.put("action", "reopen").put("html", text.reopening(e));
        } else if (e.type() == IncidentEvent.Type.UNMUTED) {
          payload.put("action", "followup").put("html", text.followUp(e));
        } else {
          return false; // a replayed OPENED
        }
      }
      case RESOLVED -> {
        if (row == null) {
          return false;
        }
        payload.put("action", "solve").put("html", text.solution(e));
      }
      default -> {
        if (row == null) {
          return false;
        }
        payload.put("action", "followup").put("html", text.followUp(e));
      }
    }
    int step = TicketStore.nextStep(c, i.id(), now);
    payload.put("step", step);
    if (!outbox.enqueue(c, key + "#" + CHANNEL, CHANNEL, payload, null)) {
      // The same event again (a replay after a restart): undo the step reservation.
      throw new AlreadyEnqueued();
    }
    return true;
  }

  /** The incident's timeline as the incidents core stored it, or just this event. */
  private static List<TicketText.Line> timeline(
      Connection c, String incidentId, TicketText.Line first) throws SQLException {
    List<TicketText.Line> lines = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT at_ms, type, actor, detail FROM incident_event WHERE incident_id = ?"
                + " ORDER BY seq")) {
      ps.setString(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.add(
              new TicketText.Line(
                  Instant.ofEpochMilli(rs.getLong(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4)));
        }
      }
    }
    if (lines.isEmpty()) {
      lines.add(first);
    }
    return lines;
  }

  /** Rolls back a step reserved for an event that was already enqueued. */
  private static final class AlreadyEnqueued extends RuntimeException {
    AlreadyEnqueued() {
      super("already enqueued", null, false, false);
    }
  }
}
