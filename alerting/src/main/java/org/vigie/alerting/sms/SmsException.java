package org.vigie.alerting.sms;

/**
 * Why a provider did not take an SMS. A permanent failure (refused credentials, an invalid number,
 * a 4xx answer) will not succeed by retrying: the SMS channel falls back to e-mail at once. A
 * transient one (a timeout, a 5xx, a throttled SMSC) is retried by the outbox. Messages never
 * contain a secret.
 */
public final class SmsException extends RuntimeException {
  private final boolean permanent;

  private SmsException(String message, boolean permanent, Throwable cause) {
    super(message, cause, false, true);
    this.permanent = permanent;
  }

  public static SmsException permanent(String message) {
    return new SmsException(message, true, null);
  }

  public static SmsException temporary(String message) {
    return new SmsException(message, false, null);
  }

  public static SmsException temporary(String message, Throwable cause) {
    return new SmsException(message, false, cause);
  }

  /**
   * The failure an HTTP status means: 408, 429 and 5xx are transient, every other non-2xx is
   * permanent.
   */
  public static SmsException forStatus(int status, String message) {
    boolean retry = status == 408 || status == 429 || status >= 500;
    return new SmsException(message, !retry, null);
  }

  /** Whether retrying cannot help. */
  public boolean permanent() {
    return permanent;
  }
}
