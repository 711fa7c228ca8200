package org.vigie.alerting.outbox;

import java.time.Duration;

/**
 * How the outbox retries.
 *
 * @param pollInterval how often due messages are looked for (an enqueue wakes it at once)
 * @param initialBackoff the wait after the first failure; doubled after each, with ±20 % jitter
 * @param maxBackoff the longest wait between two attempts
 * @param maxAttempts attempts before a message becomes a dead letter
 * @param lease how long a claimed message stays claimed: a delivery cut short by a crash is retried
 *     after it
 * @param deliveryTimeout a delivery not finished by then counts as failed (shorter than the lease)
 * @param concurrency deliveries in flight at once, all channels together
 */
public record OutboxOptions(
    Duration pollInterval,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxAttempts,
    Duration lease,
    Duration deliveryTimeout,
    int concurrency) {
  public OutboxOptions {
    if (deliveryTimeout.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("delivery timeout must be shorter than the lease");
    }
    if (maxAttempts < 1 || concurrency < 1) {
      throw new IllegalArgumentException("max attempts and concurrency must be at least 1");
    }
  }

  /** 1 s poll, 2 s → 10 min backoff, 25 attempts (about 3 h), 2 min lease, 60 s timeout, 32. */
  public static OutboxOptions defaults() {
    return new OutboxOptions(
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofMinutes(10),
        25,
        Duration.ofMinutes(2),
        Duration.ofSeconds(60),
        32);
  }

  public OutboxOptions withBackoff(Duration initial, Duration max) {
    return new OutboxOptions(
        pollInterval, initial, max, maxAttempts, lease, deliveryTimeout, concurrency);
  }

  public OutboxOptions withMaxAttempts(int attempts) {
    return new OutboxOptions(
        pollInterval, initialBackoff, maxBackoff, attempts, lease, deliveryTimeout, concurrency);
  }

  public OutboxOptions withLease(Duration newLease, Duration timeout) {
    return new OutboxOptions(
        pollInterval, initialBackoff, maxBackoff, maxAttempts, newLease, timeout, concurrency);
  }

  public OutboxOptions withPollInterval(Duration interval) {
    return new OutboxOptions(
        interval, initialBackoff, maxBackoff, maxAttempts, lease, deliveryTimeout, concurrency);
  }
}
