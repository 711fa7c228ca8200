package org.vigie.alerting.outbox;

import io.vertx.core.Future;

/** CONTRACT STUB until the lead's outbox is merged from main (then main's file wins). */
public interface Deliverer {
  Future<Void> deliver(OutboxMessage message);
}
