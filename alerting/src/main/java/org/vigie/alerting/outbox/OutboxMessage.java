package org.vigie.alerting.outbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Contract stub (replaced by the lead's outbox on merge): one message of the outbox. */
public record OutboxMessage(
    String id, String channel, JsonObject payload, int attempts, Instant createdAt) {}
