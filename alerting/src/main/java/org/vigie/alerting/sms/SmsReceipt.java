package org.vigie.alerting.sms;

import java.util.List;

/**
 * A provider's acknowledgement of an SMS.
 *
 * @param provider the provider kind ({@code http}, {@code ovh}, {@code smpp})
 * @param ids the provider's message ids (one per SMPP part, one per OVH job...)
 * @param segments how many SMS the text took
 */
public record SmsReceipt(String provider, List<String> ids, int segments) {
  public SmsReceipt {
    ids = List.copyOf(ids);
  }
}
