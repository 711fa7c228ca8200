package org.vigie.alerting.sms;

/**
 * One SMS to send.
 *
 * @param to the recipient in international format ({@code +33612345678})
 * @param from the sender (an alphanumeric name or a number), or null for the provider's default
 * @param body the text as encoded for the air interface (alphabet and segments)
 * @param reference the outbox idempotency key, passed where the provider can keep it (client
 *     reference) so a redelivery can be recognised downstream
 */
public record SmsMessage(String to, String from, SmsEncoding.Encoded body, String reference) {
  /** The text as sent. */
  public String text() {
    return body.text();
  }
}
