package org.vigie.alerting.sms;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.vigie.aggregator.Secret;

/**
 * The {@code alerting.sms} section: which gateway, the sender, what a segment costs and how much
 * may be spent per day (Europe/Paris calendar day), encoding options. Secrets are {@link Secret}s:
 * {@code toString} never shows them.
 *
 * @param provider the gateway and its keys
 * @param sender the sender name or number, or null for the gateway's default
 * @param costPerSegment what one SMS segment costs (any currency; 0 = not counted)
 * @param dailyCap the most that may be spent per day, or null for no cap; over it, SMS fall back to
 *     e-mail
 * @param transliterate replace French characters outside GSM-7 to keep 160 characters per SMS
 * @param maxSegments longer texts are cut to this many segments (a runaway text costs money)
 * @param fallbackAfterAttempts after this many failed attempts a transient failure falls back to
 *     e-mail instead of being retried again
 */
public record SmsSettings(
    Provider provider,
    String sender,
    BigDecimal costPerSegment,
    BigDecimal dailyCap,
    boolean transliterate,
    int maxSegments,
    int fallbackAfterAttempts) {

  public static final BigDecimal DEFAULT_COST_PER_SEGMENT = BigDecimal.ZERO;
  public static final boolean DEFAULT_TRANSLITERATE = false;
  public static final int DEFAULT_MAX_SEGMENTS = 4;
  public static final int DEFAULT_FALLBACK_AFTER_ATTEMPTS = 5;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public SmsSettings {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(costPerSegment, "costPerSegment");
  }

  /** A gateway kind and its keys. */
  public sealed interface Provider permits HttpTemplate, Ovh, Smpp {
    /** {@code http}, {@code ovh} or {@code smpp}. */
    String kind();
  }

  /**
   * Any HTTP SMS API, described by a request template. {@code {to}}, {@code {text}}, {@code {ref}}
   * and {@code {from}} are replaced in the URL (URL-encoded) and in the body (JSON-escaped for a
   * JSON body, URL-encoded for a form, as is otherwise).
   *
   * @param headers extra request headers (not secrets: the token goes in {@code authHeader})
   * @param successRegex if set, a 2xx answer whose body does not match is a permanent failure
   * @param successJsonPath if set, a dotted path in the JSON answer that must exist (and equal
   *     {@code successJsonValue} if that is set)
   * @param authHeader the header that carries the token ({@code Authorization})
   * @param authScheme written before the token ({@code Bearer}); empty for the bare token
   * @param token the API token, or null
   */
  public record HttpTemplate(
      String method,
      String url,
      Map<String, String> headers,
      String contentType,
      String body,
      String successRegex,
      String successJsonPath,
      String successJsonValue,
      String authHeader,
      String authScheme,
      Secret token,
      Duration timeout)
      implements Provider {
    public HttpTemplate {
      headers = Map.copyOf(headers);
    }

    @Override
    public String kind() {
      return "http";
    }
  }

  /**
   * The OVHcloud SMS API ({@code POST /sms/{serviceName}/jobs}, signed requests).
   *
   * @param endpoint the API root, e.g. {@code https://eu.api.ovh.com/1.0}
   * @param serviceName the SMS account, e.g. {@code sms-ab12345-1}
   * @param applicationKey the application key (AK), not a secret
   * @param applicationSecret the application secret (AS)
   * @param consumerKey the consumer key (CK)
   * @param noStopClause leave out OVH's "STOP" line (alerts are not marketing)
   * @param priority OVH priority: high, medium, low, veryLow
   * @param validityPeriod minutes the operator keeps trying an unreachable phone
   */
  public record Ovh(
      String endpoint,
      String serviceName,
      String applicationKey,
      Secret applicationSecret,
      Secret consumerKey,
      boolean noStopClause,
      String priority,
      int validityPeriod,
      Duration timeout)
      implements Provider {
    public static final String DEFAULT_ENDPOINT = "https://eu.api.ovh.com/1.0";

    @Override
    public String kind() {
      return "ovh";
    }
  }

  /**
   * An operator's SMSC over SMPP 3.4, bound as a transmitter.
   *
   * @param longMessages how texts over one segment travel: {@code udh} (concatenated parts) or
   *     {@code payload} (one submit_sm with message_payload)
   * @param enquireLink the keep-alive interval
   * @param responseTimeout how long to wait for a bind or submit_sm response
   */
  public record Smpp(
      String host,
      int port,
      String systemId,
      Secret password,
      String systemType,
      LongMessages longMessages,
      Duration enquireLink,
      Duration responseTimeout)
      implements Provider {
    public static final int DEFAULT_PORT = 2775;
    public static final Duration DEFAULT_ENQUIRE_LINK = Duration.ofSeconds(30);

    @Override
    public String kind() {
      return "smpp";
    }
  }

  /** How SMPP sends a text longer than one segment. */
  public enum LongMessages {
    /** Concatenated parts, each with a user data header (esm_class 0x40). */
    UDH,
    /** One submit_sm carrying the whole text in the message_payload TLV. */
    PAYLOAD
  }
}
