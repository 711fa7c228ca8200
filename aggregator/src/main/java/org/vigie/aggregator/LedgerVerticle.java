package org.vigie.aggregator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every {@link StateChange} from {@link StateChange#ADDRESS} in the availability ledger and
 * keeps its heartbeat, so that time Vigie is away is counted UNKNOWN after a restart.
 */
public final class LedgerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerVerticle.class);

  private final AvailabilityLedger ledger;
  private MessageConsumer<StateChange> consumer;

  public LedgerVerticle(AvailabilityLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Future<?> start() {
    ledger.startHeartbeat(AvailabilityLedger.DEFAULT_HEARTBEAT);
    consumer =
        vertx
            .eventBus()
            .consumer(
                StateChange.ADDRESS,
                msg ->
                    ledger
                        .record(msg.body())
                        .onFailure(
                            e ->
                                LOG.error(
                                    "cannot record {} in the ledger: {}",
                                    msg.body().checkKey(),
                                    e.getMessage())));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister().compose(v -> ledger.close());
  }
}
