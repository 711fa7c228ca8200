package org.vigie.alerting.outbox;

import io.vertx.core.Future;

/** Contract stub (replaced by the lead's outbox on merge): delivers the messages of a channel. */
public interface Deliverer {
  Future<Void> deliver(OutboxMessage message);
}
