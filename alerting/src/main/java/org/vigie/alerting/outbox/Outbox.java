package org.vigie.alerting.outbox;

import io.prometheus.client.Collector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vigie.aggregator.StateStore;

/**
 * Every outgoing call (e-mail, SMS, webhook, helpdesk) goes through this persistent queue in the
 * state store (table {@code outbox}), so that nothing is lost when a server is down or Vigie
 * restarts, and nothing is sent twice when an event is replayed: the idempotency key is the primary
 * key, and a key once enqueued is never enqueued again.
 *
 * <p>Delivery is at least once: a crash between a delivery and its "sent" mark delivers again after
 * the lease. Deliverers pass the message id downstream so that receivers can deduplicate. Failures
 * are retried with exponential backoff; permanent failures and exhausted messages become dead
 * letters, counted in {@link #metrics()}.
 */
public interface Outbox {

  /** Opens the outbox over {@code store} (already migrated) and starts its delivery loop. */
  static Future<Outbox> open(Vertx vertx, StateStore store, OutboxOptions options, Clock clock) {
    return JdbcOutbox.open(vertx, store, options, clock);
  }

  /** Stores a message to deliver now; false if that id was enqueued before (ever). */
  default Future<Boolean> enqueue(String id, String channel, JsonObject payload) {
    return enqueue(id, channel, payload, null);
  }

  /**
   * Stores a message to deliver at or after {@code notBefore} (null: now); false if that id was
   * enqueued before.
   */
  Future<Boolean> enqueue(String id, String channel, JsonObject payload, Instant notBefore);

  /**
   * The same inside the caller's transaction (see {@link StateStore#inTransaction}), so that a
   * message is stored if and only if the caller's own changes are; delivery starts at the next
   * poll, or at once after {@link #wake()}.
   */
  boolean enqueue(
      Connection inTransaction, String id, String channel, JsonObject payload, Instant notBefore)
      throws SQLException;

  /** Looks for due messages now rather than at the next poll. */
  void wake();

  /** Sets the deliverer of a channel; its messages wait until one is registered. */
  void register(String channel, Deliverer deliverer);

  /** Messages by status, all channels. */
  Future<Map<OutboxStatus, Long>> counts();

  /** One message, or null. */
  Future<OutboxEntry> entry(String id);

  /** The most recent dead letters, newest first. */
  Future<List<OutboxEntry>> deadLetters(int limit);

  /** Puts a dead letter back in the queue for a fresh round of attempts; false if not dead. */
  Future<Boolean> retry(String id);

  /**
   * {@code vigie_outbox_messages{channel,status}} (refreshed at every poll), {@code
   * vigie_outbox_delivered_total}, {@code vigie_outbox_failures_total}, {@code
   * vigie_outbox_dead_letters_total} by channel, and {@code vigie_outbox_oldest_pending_seconds}.
   */
  Collector metrics();

  /** Stops the loop and waits for deliveries in flight; the store stays open (it is shared). */
  Future<Void> close();
}
