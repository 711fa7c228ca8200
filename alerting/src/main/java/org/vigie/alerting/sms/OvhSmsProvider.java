package org.vigie.alerting.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends SMS through the OVHcloud API v1: {@code POST {endpoint}/sms/{serviceName}/jobs}, signed as
 * OVHcloud documents ("First steps with the OVHcloud API"; the official python-ovh client):
 *
 * <pre>
 * X-Ovh-Application: AK
 * X-Ovh-Consumer:    CK
 * X-Ovh-Timestamp:   server time (local time + the offset read from GET /auth/time)
 * X-Ovh-Signature:   "$1$" + SHA1_HEX(AS + "+" + CK + "+" + METHOD + "+" + full URL + "+" + body
 *                    + "+" + timestamp)   (UTF-8)
 * </pre>
 *
 * <p>The body is the job: {@code message}, {@code receivers}, {@code sender} (or {@code
 * senderForResponse} when none is configured), {@code charset} UTF-8, {@code coding} 7bit or 8bit
 * from {@link SmsEncoding}, {@code class} phoneDisplay, {@code noStopClause}, {@code priority},
 * {@code validityPeriod}. The answer lists {@code ids}, {@code validReceivers}, {@code
 * invalidReceivers} and {@code totalCreditsRemoved}; a receiver OVH calls invalid is a permanent
 * failure. HTTP 400/401/403/404 are permanent (OVH's errorCode and message are kept), 408, 429 and
 * 5xx transient.
 */
public final class OvhSmsProvider implements SmsProvider {
  private static final Duration TIME_REFRESH = Duration.ofHours(1);

  private final SmsSettings.Ovh settings;
  private final Clock clock;
  private final HttpClient client;
  // Offset between OVH's clock and ours, in seconds, re-read every hour.
  private Future<Long> delta;
  private Instant deltaReadAt = Instant.EPOCH;

  public OvhSmsProvider(Vertx vertx, SmsSettings.Ovh settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setIdleTimeout((int) settings.timeout().toSeconds() + 1));
  }

  @Override
  public String kind() {
    return "ovh";
  }

  @Override
  public Future<SmsReceipt> send(SmsMessage message) {
    String url =
        settings.endpoint()
            + "/sms/"
            + URLEncoder.encode(settings.serviceName(), StandardCharsets.UTF_8).replace("+", "%20")
            + "/jobs";
    String body = job(message).encode();
    return timeDelta()
        .compose(
            d -> {
              String timestamp = Long.toString(clock.instant().getEpochSecond() + d);
              RequestOptions options =
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setAbsoluteURI(url)
                      .setTimeout(settings.timeout().toMillis())
                      .putHeader("Content-Type", "application/json")
                      .putHeader("Accept", "application/json")
                      .putHeader("X-Ovh-Application", settings.applicationKey())
                      .putHeader("X-Ovh-Consumer", settings.consumerKey().reveal())
                      .putHeader("X-Ovh-Timestamp", timestamp)
                      .putHeader(
                          "X-Ovh-Signature",
                          signature(
                              settings.applicationSecret().reveal(),
                              settings.consumerKey().reveal(),
                              "POST",
                              url,
                              body,
                              timestamp));
              return client
                  .request(options)
                  .compose(req -> req.send(Buffer.buffer(body)))
                  .compose(r -> r.body().map(b -> judge(r.statusCode(), b.toString(), message)));
            })
        .timeout(settings.timeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof SmsException
                        ? e
                        : SmsException.temporary(
                            "OVHcloud API "
                                + settings.endpoint()
                                + " unreachable: "
                                + scrub(HttpTemplateSmsProvider.describe(e)))));
  }

  /**
   * The OVHcloud signature of one request: {@code "$1$" + SHA1_HEX(AS+"+"+CK+"+"+METHOD+"+"+URL
   * +"+"+BODY+"+"+TIMESTAMP)}.
   */
  public static String signature(
      String applicationSecret,
      String consumerKey,
      String method,
      String url,
      String body,
      String timestamp) {
    String toSign = String.join("+", applicationSecret, consumerKey, method, url, body, timestamp);
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1").digest(toSign.getBytes(StandardCharsets.UTF_8));
      return "$1$" + HexFormat.of().formatHex(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  private JsonObject job(SmsMessage message) {
    JsonObject job =
        new JsonObject()
            .put("charset", "UTF-8")
            .put("class", "phoneDisplay")
            .put("coding", message.body().alphabet() == SmsEncoding.Alphabet.GSM7 ? "7bit" : "8bit")
            .put("message", message.text())
            .put("noStopClause", settings.noStopClause())
            .put("priority", settings.priority())
            .put("receivers", new JsonArray().add(message.to()))
            .put("validityPeriod", settings.validityPeriod());
    if (message.from() == null || message.from().isBlank()) {
      job.put("senderForResponse", true);
    } else {
      job.put("sender", message.from());
    }
    return job;
  }

  private SmsReceipt judge(int status, String body, SmsMessage message) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      json = new JsonObject();
    }
    if (status < 200 || status > 299) {
      if (status == 400 || status == 401 || status == 403) {
        // A rejected signature may come from a clock jump: read /auth/time again next time.
        deltaReadAt = Instant.EPOCH;
      }
      String why =
          json.containsKey("message")
              ? json.getString("errorCode", "") + " " + json.getString("message")
              : HttpTemplateSmsProvider.excerpt(body);
      throw SmsException.forStatus(
          status, "OVHcloud API answered HTTP " + status + ": " + scrub(why.strip()));
    }
    JsonArray valid = json.getJsonArray("validReceivers", new JsonArray());
    JsonArray invalid = json.getJsonArray("invalidReceivers", new JsonArray());
    if (!valid.contains(message.to())) {
      throw SmsException.permanent(
          "OVHcloud refused the receiver "
              + message.to()
              + (invalid.isEmpty() ? "" : " (invalidReceivers " + invalid.encode() + ")"));
    }
    List<String> ids = new ArrayList<>();
    json.getJsonArray("ids", new JsonArray()).forEach(id -> ids.add(String.valueOf(id)));
    Number credits = json.getNumber("totalCreditsRemoved", message.body().segments());
    return new SmsReceipt("ovh", ids, (int) Math.ceil(credits.doubleValue()));
  }

  private Future<Long> timeDelta() {
    Instant now = clock.instant();
    if (delta == null || deltaReadAt.plus(TIME_REFRESH).isBefore(now)) {
      deltaReadAt = now;
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setAbsoluteURI(settings.endpoint() + "/auth/time")
              .setTimeout(settings.timeout().toMillis());
      Future<Long> read =
          client
              .request(options)
              .compose(req -> req.send())
              .compose(
                  r -> {
                    if (r.statusCode() != 200) {
                      return Future.failedFuture(
                          SmsException.temporary(
                              "OVHcloud GET /auth/time answered HTTP " + r.statusCode()));
                    }
                    return r.body();
                  })
              .map(b -> Long.parseLong(b.toString().strip()) - clock.instant().getEpochSecond());
      delta = read;
      read.onFailure(e -> deltaReadAt = Instant.EPOCH);
    }
    return delta;
  }

  private String scrub(String text) {
    return settings.consumerKey().scrub(settings.applicationSecret().scrub(text));
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
