package org.vigie.alerting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-bus codec for {@link IncidentEvent}: by reference in one JVM, JSON between nodes. Register
 * it once per Vert.x instance: {@code vertx.eventBus().registerDefaultCodec(IncidentEvent.class,
 * new IncidentEventCodec())}. {@link #toJson} is also the JSON form webhooks and the API can use.
 */
public final class IncidentEventCodec implements MessageCodec<IncidentEvent, IncidentEvent> {

  @Override
  public void encodeToWire(Buffer buffer, IncidentEvent e) {
    Buffer json = toJson(e).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public IncidentEvent decodeFromWire(int pos, Buffer buffer) {
    int len = buffer.getInt(pos);
    return fromJson(new JsonObject(buffer.slice(pos + 4, pos + 4 + len)));
  }

  @Override
  public IncidentEvent transform(IncidentEvent e) {
    return e;
  }

  @Override
  public String name() {
    return "vigie-incident-event";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  /** {@code {"type", "seq", "at", "actor", "detail", "incident": {...}}}, instants in ISO-8601. */
  public static JsonObject toJson(IncidentEvent e) {
    return new JsonObject()
        .put("type", e.type().name())
        .put("seq", e.seq())
        .put("at", e.at().toString())
        .put("actor", e.actor())
        .put("detail", e.detail())
        .put("incident", toJson(e.incident()));
  }

  public static IncidentEvent fromJson(JsonObject j) {
    return new IncidentEvent(
        IncidentEvent.Type.valueOf(j.getString("type")),
        j.getLong("seq"),
        fromJsonIncident(j.getJsonObject("incident")),
        Instant.parse(j.getString("at")),
        j.getString("actor"),
        j.getString("detail"));
  }

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
        .put("affected", new JsonArray(i.affected()))
        .put("openedAt", i.openedAt().toString())
        .put("acknowledgedAt", str(i.acknowledgedAt()))
        .put("acknowledgedBy", i.acknowledgedBy())
        .put("resolvedAt", str(i.resolvedAt()))
        .put("muted", i.muted())
        .put("flapping", i.flapping());
  }

  public static Incident fromJsonIncident(JsonObject j) {
    List<String> affected = new ArrayList<>();
    j.getJsonArray("affected").forEach(o -> affected.add((String) o));
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
        Instant.parse(j.getString("openedAt")),
        instant(j.getString("acknowledgedAt")),
        j.getString("acknowledgedBy"),
        instant(j.getString("resolvedAt")),
        j.getBoolean("muted"),
        j.getBoolean("flapping"));
  }

  private static String str(Instant at) {
    return at == null ? null : at.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
