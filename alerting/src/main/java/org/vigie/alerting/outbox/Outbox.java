package org.vigie.alerting.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Contract stub (replaced by the lead's outbox on merge): the part the SMS channel uses. */
public interface Outbox {
  Future<Boolean> enqueue(String id, String channel, JsonObject payload);

  Future<Boolean> enqueue(String id, String channel, JsonObject payload, Instant notBefore);

  void register(String channel, Deliverer deliverer);
}
