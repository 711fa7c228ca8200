package org.vigie.alerting.sms;

import io.vertx.core.Future;

/**
 * Sends SMS through one gateway. The returned future fails with an {@link SmsException} that says
 * whether retrying can help; it never blocks an event loop.
 */
public interface SmsProvider {

  /** The provider kind, for logs and metrics: {@code http}, {@code ovh}, {@code smpp}. */
  String kind();

  /** Hands {@code message} to the gateway; completes when the gateway accepted it. */
  Future<SmsReceipt> send(SmsMessage message);

  /** Releases connections (an SMPP session, HTTP clients). */
  Future<Void> close();
}
