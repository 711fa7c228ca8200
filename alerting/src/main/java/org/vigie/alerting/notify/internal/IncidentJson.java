package org.vigie.alerting.notify.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.Severity;

/** An incident as JSON, for the notifier's snapshot column (instants as epoch ms). */
public final class IncidentJson {
  private IncidentJson() {}

  public static JsonObject toJson(Incident i) {
    return new JsonObject()
        .put("id", i.id())
        .put("fingerprint", i.fingerprint())
        .put("scope", i.scope().name())
        .put("severity", i.severity().name())
        .put("status", i.status().name())
        .put("commune", i.communeId())
        .put("school", i.schoolId())
        .put("subject", i.subject())
        .put("rule", i.rule())
        .put("cause", i.cause())
        .put("affected", new JsonArray(new ArrayList<>(i.affected())))
        .put("opened", ms(i.openedAt()))
        .put("acknowledged", ms(i.acknowledgedAt()))
        .put("acknowledgedBy", i.acknowledgedBy())
        .put("resolved", ms(i.resolvedAt()))
        .put("muted", i.muted())
        .put("flapping", i.flapping());
  }

  public static Incident fromJson(JsonObject j) {
    List<String> affected = new ArrayList<>();
    for (Object o : j.getJsonArray("affected", new JsonArray())) {
      affected.add(String.valueOf(o));
    }
    return new Incident(
        j.getString("id"),
        j.getString("fingerprint"),
        IncidentScope.valueOf(j.getString("scope")),
        Severity.valueOf(j.getString("severity")),
        IncidentStatus.valueOf(j.getString("status")),
        j.getString("commune"),
        j.getString("school"),
        j.getString("subject"),
        j.getString("rule"),
        j.getString("cause"),
        affected,
        instant(j.getLong("opened")),
        instant(j.getLong("acknowledged")),
        j.getString("acknowledgedBy"),
        instant(j.getLong("resolved")),
        j.getBoolean("muted", false),
        j.getBoolean("flapping", false));
  }

  private static Long ms(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }
}
