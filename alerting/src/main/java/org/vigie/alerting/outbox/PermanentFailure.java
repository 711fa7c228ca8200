package org.vigie.alerting.outbox;

/**
 * A delivery that retrying cannot fix (a rejected address, a refused request): the message becomes
 * a dead letter. The message must not contain secrets: it is stored and shown.
 */
public final class PermanentFailure extends RuntimeException {
  public PermanentFailure(String message) {
    super(message);
  }

  public PermanentFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
