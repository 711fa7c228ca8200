package org.vigie.alerting.outbox;

/** Contract stub (replaced by the lead's outbox on merge): a failure not worth retrying. */
public final class PermanentFailure extends RuntimeException {
  public PermanentFailure(String message) {
    super(message);
  }

  public PermanentFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
