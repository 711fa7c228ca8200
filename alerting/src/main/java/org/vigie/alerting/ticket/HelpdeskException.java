package org.vigie.alerting.ticket;

/**
 * A helpdesk call failed. {@link #retryable()} says whether the same call may succeed later (the
 * helpdesk is away, slow, or the session expired) or never will (the request itself is refused).
 * Messages never contain a token: implementations scrub them.
 */
public final class HelpdeskException extends RuntimeException {
  private final int status;
  private final boolean retryable;

  public HelpdeskException(String message, int status, boolean retryable) {
    super(message);
    this.status = status;
    this.retryable = retryable;
  }

  /** The HTTP status, 0 when there was no answer. */
  public int status() {
    return status;
  }

  public boolean retryable() {
    return retryable;
  }
}
