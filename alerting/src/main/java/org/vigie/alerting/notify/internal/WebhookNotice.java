package org.vigie.alerting.notify.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigie.alerting.Incident;
import org.vigie.alerting.notify.Person;
import org.vigie.alerting.notify.internal.Messages.Kind;
import org.vigie.inventory.Inventory;

/**
 * A notice as the JSON document the {@code webhook} channel POSTs (the outbox payload is {@code
 * {"event": <document>}}); the schema is documented in docs/configuration.md under {@code
 * routes[].webhook}. Version 1: fields may be added, none removed or renamed.
 */
final class WebhookNotice {
  static final int VERSION = 1;

  private final Inventory inventory;
  private final Messages messages;

  WebhookNotice(Inventory inventory, Messages messages) {
    this.inventory = inventory;
    this.messages = messages;
  }

  /** The event type of a kind of notice: {@code incident.opened}, {@code incident.resolved}… */
  static String type(Kind kind) {
    return switch (kind) {
      case PROBLEM -> "incident.opened";
      case RECOVERY -> "incident.resolved";
      case FLAPPING -> "incident.flapping";
      case SETTLED -> "incident.settled";
      case REMINDER -> "incident.reminder";
      case ESCALATION -> "incident.escalated";
    };
  }

  /**
   * @param key the outbox id, also sent as the {@code Idempotency-Key} header
   * @param title the e-mail subject of the same notice (in the configured language)
   * @param at when Vigie decided the notice
   * @param step for escalations, 1 (the next person by e-mail) or 2 (SMS); else ignored
   * @param escalatedTo for escalations, who was told; else ignored
   */
  JsonObject document(
      String key,
      Kind kind,
      String title,
      List<Incident> incidents,
      Instant at,
      int step,
      List<Person> escalatedTo) {
    JsonArray list = new JsonArray();
    for (Incident i : incidents) {
      list.add(incident(i));
    }
    JsonObject doc =
        new JsonObject()
            .put("version", VERSION)
            .put("type", type(kind))
            .put("key", key)
            .put("at", at.toString())
            .put("title", title)
            .put("grafana", messages.dashboard(incidents.get(0).schoolId()))
            .put("incidents", list);
    if (kind == Kind.ESCALATION) {
      JsonArray to = new JsonArray();
      for (Person p : escalatedTo) {
        // Only the channel used at this step: e-mail at step 1, phone numbers at step 2.
        to.add(
            new JsonObject()
                .put("name", p.name())
                .put(step == 1 ? "email" : "phone", step == 1 ? p.email() : p.phone()));
      }
      doc.put("escalation", new JsonObject().put("step", step).put("to", to));
    }
    return doc;
  }

  private JsonObject incident(Incident i) {
    return new JsonObject()
        .put("id", i.id())
        .put("fingerprint", i.fingerprint())
        .put("severity", lower(i.severity()))
        .put("scope", lower(i.scope()))
        .put("status", lower(i.status()))
        .put("commune", i.communeId())
        .put(
            "communeName",
            i.communeId() == null
                ? null
                : inventory.commune(i.communeId()).map(c -> c.name()).orElse(null))
        .put("school", i.schoolId())
        .put(
            "schoolName",
            i.schoolId() == null
                ? null
                : inventory.school(i.schoolId()).map(s -> s.name()).orElse(null))
        .put("subject", i.subject())
        .put("rule", i.rule())
        .put("cause", i.cause())
        .put("affected", new JsonArray(new ArrayList<>(i.affected())))
        .put("openedAt", iso(i.openedAt()))
        .put("acknowledgedAt", iso(i.acknowledgedAt()))
        .put("acknowledgedBy", i.acknowledgedBy())
        .put("resolvedAt", iso(i.resolvedAt()))
        .put("muted", i.muted())
        .put("flapping", i.flapping());
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
