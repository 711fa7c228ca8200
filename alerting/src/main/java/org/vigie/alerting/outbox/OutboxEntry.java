package org.vigie.alerting.outbox;

import java.time.Instant;

/** A stored message as operators see it (dead letters, status pages). */
public record OutboxEntry(
    String id,
    String channel,
    OutboxStatus status,
    int attempts,
    Instant createdAt,
    Instant nextAttempt,
    Instant doneAt,
    String lastError) {}
