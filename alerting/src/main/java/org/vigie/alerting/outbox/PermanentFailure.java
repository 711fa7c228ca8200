package org.vigie.alerting.outbox;

/** CONTRACT STUB until the lead's outbox is merged from main (then main's file wins). */
public final class PermanentFailure extends RuntimeException {
  public PermanentFailure(String message) {
    super(message);
  }

  public PermanentFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
