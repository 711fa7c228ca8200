package org.vigie.alerting.outbox;

/** Where a message is in its life. */
public enum OutboxStatus {
  /** Waiting for its time (first try or after a failure) or for its channel's deliverer. */
  PENDING,
  /** Claimed by a delivery; if Vigie dies now, the lease expires and it is delivered again. */
  SENDING,
  /** Delivered. */
  SENT,
  /** Given up: refused permanently, or failed too many times. */
  DEAD
}
