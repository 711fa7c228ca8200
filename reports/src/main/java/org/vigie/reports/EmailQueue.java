package org.vigie.reports;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where the report e-mails go: the persistent outbox's {@code enqueue(id, channel, payload)} (wire
 * it as {@code outbox::enqueue}), which stores a message id once, ever, and answers false for an id
 * already enqueued.
 */
@FunctionalInterface
public interface EmailQueue {
  /** The outbox channel of e-mails. */
  String CHANNEL = "email";

  Future<Boolean> enqueue(String id, String channel, JsonObject payload);
}
