package org.vigie.alerting.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.vigie.aggregator.Secret;

/**
 * The {@code alerting.webhook} section. {@code toString} never shows the secrets.
 *
 * @param url where events are POSTed
 * @param secret the HMAC-SHA256 key for the signature header, or null for unsigned requests
 * @param signatureHeader the header carrying {@code sha256=<hex HMAC of the body>}
 * @param token a bearer token for the Authorization header, or null
 * @param headers extra headers (not secrets)
 * @param timeout for the whole request
 */
public record WebhookSettings(
    String url,
    Secret secret,
    String signatureHeader,
    Secret token,
    Map<String, String> headers,
    Duration timeout) {
  public static final String DEFAULT_SIGNATURE_HEADER = "X-Vigie-Signature-256";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public WebhookSettings {
    Objects.requireNonNull(url, "url");
    headers = Map.copyOf(headers);
  }

  /** An unsigned webhook with the default header and timeout. */
  public static WebhookSettings of(String url) {
    return new WebhookSettings(
        url, null, DEFAULT_SIGNATURE_HEADER, null, Map.of(), DEFAULT_TIMEOUT);
  }
}
