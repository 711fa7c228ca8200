package org.vigie.aggregator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Event-bus codec for {@link StateChange}: by reference in one JVM, JSON between nodes. */
public final class StateChangeCodec implements MessageCodec<StateChange, StateChange> {

  @Override
  public void encodeToWire(Buffer buffer, StateChange c) {
    Buffer json =
        new JsonObject()
            .put("check", c.checkKey())
            .put("from", c.from().name())
            .put("to", c.to().name())
            .put("at", c.at().toString())
            .put("reason", c.reason())
            .toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public StateChange decodeFromWire(int pos, Buffer buffer) {
    int len = buffer.getInt(pos);
    JsonObject j = new JsonObject(buffer.slice(pos + 4, pos + 4 + len));
    return new StateChange(
        j.getString("check"),
        CheckState.valueOf(j.getString("from")),
        CheckState.valueOf(j.getString("to")),
        Instant.parse(j.getString("at")),
        j.getString("reason"));
  }

  @Override
  public StateChange transform(StateChange c) {
    return c;
  }

  @Override
  public String name() {
    return "vigie-state-change";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
