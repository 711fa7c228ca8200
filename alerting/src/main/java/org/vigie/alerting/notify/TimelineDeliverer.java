package org.vigie.alerting.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.alerting.IncidentService;
import org.vigie.alerting.outbox.Deliverer;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.PermanentFailure;

/**
 * The outbox's deliverer for channel {@value #CHANNEL}: puts the notification stage's escalations
 * on the incidents' timelines ({@link IncidentService#escalated}). The notifier decides an
 * escalation in its own transaction, but the timeline's sequence numbers belong to the incident
 * stage; going through the outbox keeps the entry in that transaction (never lost by a crash) and
 * retries it until the incident stage has stored it.
 */
public final class TimelineDeliverer implements Deliverer {
  /** The outbox channel of timeline entries. */
  public static final String CHANNEL = "timeline";

  private static final Logger LOG = LoggerFactory.getLogger(TimelineDeliverer.class);

  private final IncidentService incidents;
  private volatile boolean open = true;

  public TimelineDeliverer(IncidentService incidents) {
    this.incidents = incidents;
  }

  /**
   * The outbox payload of escalation {@code step} of an incident, told {@code to} at {@code at}.
   */
  public static JsonObject payload(String incidentId, int step, String to, Instant at) {
    return new JsonObject()
        .put("incident", incidentId)
        .put("step", step)
        .put("to", to)
        .put("at", at.toEpochMilli());
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    if (!open) {
      // The incident stage is stopping: the entry waits in the outbox for the next start.
      return Future.failedFuture(new IllegalStateException("incident stage stopped"));
    }
    JsonObject p = message.payload();
    String id = p.getString("incident");
    Integer step = p.getInteger("step");
    Long at = p.getLong("at");
    if (id == null || step == null || at == null) {
      return Future.failedFuture(
          new PermanentFailure("timeline entry " + message.id() + " is malformed"));
    }
    return incidents
        .escalated(id, step, p.getString("to", ""), Instant.ofEpochMilli(at))
        .map(
            recorded -> {
              if (!recorded) {
                LOG.debug("escalation {} of {} already on its timeline, or too old", step, id);
              }
              return null;
            });
  }

  /** Refuses further entries (they are retried later), before the incident stage stops. */
  public void close() {
    open = false;
  }
}
