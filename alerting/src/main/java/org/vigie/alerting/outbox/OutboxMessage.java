package org.vigie.alerting.outbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** CONTRACT STUB until the lead's outbox is merged from main (then main's file wins). */
public record OutboxMessage(
    String id, String channel, JsonObject payload, int attempts, Instant createdAt) {}
