package org.vigie.alerting.outbox;

import io.prometheus.client.Collector;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** CONTRACT STUB until the lead's outbox is merged from main (then main's file wins). */
public interface Outbox {
  Future<Boolean> enqueue(String id, String channel, JsonObject payload);

  Future<Boolean> enqueue(String id, String channel, JsonObject payload, Instant notBefore);

  boolean enqueue(
      Connection inTransaction, String id, String channel, JsonObject payload, Instant notBefore)
      throws SQLException;

  void register(String channel, Deliverer deliverer);

  Future<Map<String, Long>> counts();

  Collector metrics();

  Future<Void> close();
}
