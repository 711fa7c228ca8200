package org.vigie.alerting.outbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A message handed to a {@link Deliverer}.
 *
 * @param id the idempotency key: pass it downstream where the receiver can deduplicate (e-mail
 *     Message-ID, SMS client reference, helpdesk search key)
 * @param attempts this delivery included (1 on the first try)
 */
public record OutboxMessage(
    String id, String channel, JsonObject payload, int attempts, Instant createdAt) {}
