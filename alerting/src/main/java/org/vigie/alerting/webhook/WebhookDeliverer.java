package org.vigie.alerting.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vigie.alerting.outbox.Deliverer;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.PermanentFailure;

/**
 * The outbox's deliverer for the {@code webhook} channel (payload {@code {"event": {...}}}): POSTs
 * the event as JSON to the configured URL with
 *
 * <ul>
 *   <li>{@code Idempotency-Key: <outbox id>}, the same on every retry, so the receiver can drop a
 *       redelivery;
 *   <li>{@code X-Vigie-Signature-256: sha256=<hex HMAC-SHA256 of the exact body bytes>} when a
 *       secret is configured (GitHub's scheme, which many receivers already verify);
 *   <li>{@code Authorization: Bearer <token>} when a token is configured.
 * </ul>
 *
 * <p>2xx is delivered; 408, 429, 5xx, timeouts and connection errors fail the future (the outbox
 * retries with backoff); any other status is a {@link PermanentFailure} (dead letter at once).
 * Error messages name the URL without its query and never a secret.
 */
public final class WebhookDeliverer implements Deliverer {
  /** The outbox channel this deliverer serves. */
  public static final String CHANNEL = "webhook";

  private static final int EXCERPT = 200;

  private final WebhookSettings settings;
  private final HttpClient client;

  public WebhookDeliverer(Vertx vertx, WebhookSettings settings) {
    this.settings = settings;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setIdleTimeout((int) settings.timeout().toSeconds() + 1));
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    Object event = message.payload().getValue("event");
    if (!(event instanceof JsonObject json)) {
      return Future.failedFuture(
          new PermanentFailure("webhook " + message.id() + " has no 'event' object"));
    }
    Buffer body = json.toBuffer();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(settings.url())
            .setTimeout(settings.timeout().toMillis())
            .putHeader("Content-Type", "application/json")
            .putHeader("User-Agent", "Vigie")
            .putHeader("Idempotency-Key", message.id());
    settings.headers().forEach(options::putHeader);
    if (settings.secret() != null) {
      options.putHeader(settings.signatureHeader(), "sha256=" + hmac(settings, body.getBytes()));
    }
    if (settings.token() != null) {
      options.putHeader("Authorization", "Bearer " + settings.token().reveal());
    }
    String where = redacted(settings.url());
    return client
        .request(options)
        .compose(req -> req.send(body))
        .compose(
            resp ->
                resp.body()
                    .compose(
                        b -> {
                          int s = resp.statusCode();
                          if (s >= 200 && s <= 299) {
                            return Future.<Void>succeededFuture();
                          }
                          String why =
                              "webhook " + where + " answered HTTP " + s + ": " + scrub(excerpt(b));
                          return Future.failedFuture(
                              s == 408 || s == 429 || s >= 500
                                  ? new WebhookException(why)
                                  : new PermanentFailure(why));
                        }))
        .timeout(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof PermanentFailure || e instanceof WebhookException
                        ? e
                        : new WebhookException(
                            "webhook "
                                + where
                                + " unreachable: "
                                + scrub(String.valueOf(e.getMessage())))));
  }

  /** The signature header's value without its {@code sha256=} prefix. */
  static String hmac(WebhookSettings settings, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              settings.secret().reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private String scrub(String text) {
    String t = settings.secret() == null ? text : settings.secret().scrub(text);
    return settings.token() == null ? t : settings.token().scrub(t);
  }

  private static String excerpt(Buffer b) {
    String s = b.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "…";
  }

  /** The URL without user info or query: either may carry a key. */
  static String redacted(String url) {
    String u = url;
    int q = u.indexOf('?');
    if (q >= 0) {
      u = u.substring(0, q) + "?…";
    }
    int scheme = u.indexOf("://");
    int at = u.indexOf('@');
    int slash = u.indexOf('/', scheme + 3);
    if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
      u = u.substring(0, scheme + 3) + "…@" + u.substring(at + 1);
    }
    return u;
  }

  /** Releases the HTTP client. */
  public Future<Void> close() {
    return client.close();
  }

  /** A transient webhook failure (the outbox retries it). */
  static final class WebhookException extends RuntimeException {
    WebhookException(String message) {
      super(message, null, false, false);
    }
  }
}
