package org.vigie.probe;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Event-bus codec for {@link ProbeResult}: zero-copy inside one JVM (the record is immutable), JSON
 * on the wire when stages run on different cluster nodes.
 */
public final class ProbeResultCodec implements MessageCodec<ProbeResult, ProbeResult> {

  @Override
  public void encodeToWire(Buffer buffer, ProbeResult r) {
    JsonObject figures = new JsonObject();
    r.figures().forEach(figures::put);
    Buffer json =
        new JsonObject()
            .put("check", r.checkKey())
            .put("kind", r.kind())
            .put("outcome", r.outcome().name())
            .put("reason", r.reason())
            .put("plannedAt", r.plannedAt().toString())
            .put("startedAt", r.startedAt().toString())
            .put("durationNanos", r.duration().toNanos())
            .put("figures", figures)
            .toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public ProbeResult decodeFromWire(int pos, Buffer buffer) {
    int len = buffer.getInt(pos);
    JsonObject j = new JsonObject(buffer.slice(pos + 4, pos + 4 + len));
    Map<String, Double> figures = new HashMap<>();
    j.getJsonObject("figures")
        .forEach(e -> figures.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
    return new ProbeResult(
        j.getString("check"),
        j.getString("kind"),
        Outcome.valueOf(j.getString("outcome")),
        j.getString("reason"),
        Instant.parse(j.getString("plannedAt")),
        Instant.parse(j.getString("startedAt")),
        Duration.ofNanos(j.getLong("durationNanos")),
        figures);
  }

  @Override
  public ProbeResult transform(ProbeResult r) {
    return r;
  }

  @Override
  public String name() {
    return "vigie-probe-result";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
