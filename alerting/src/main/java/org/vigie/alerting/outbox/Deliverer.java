package org.vigie.alerting.outbox;

import io.vertx.core.Future;

/**
 * Delivers the messages of one outbox channel (e-mail, SMS, webhook, helpdesk). A failed future is
 * retried with exponential backoff; a future failed with {@link PermanentFailure} goes to the dead
 * letters at once. Runs on an event loop: blocking clients must move to a worker pool.
 */
@FunctionalInterface
public interface Deliverer {
  Future<Void> deliver(OutboxMessage message);
}
