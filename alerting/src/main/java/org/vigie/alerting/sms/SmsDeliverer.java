package org.vigie.alerting.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.StateStore;
import org.vigie.alerting.outbox.Deliverer;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.PermanentFailure;
import org.vigie.alerting.sms.SmsSpendLedger.Reservation;

/**
 * The outbox's deliverer for the {@code sms} channel (payload {@code {"to": "+33...", "text":
 * "...", "fallbackEmail": "a@b"}}).
 *
 * <p>It encodes the text ({@link SmsEncoding}; cut to {@code max-segments}), counts its cost
 * against the daily cap ({@link SmsSpendLedger}, Europe/Paris days) and hands it to the configured
 * {@link SmsProvider}. When the cap is reached, the gateway refuses the message for good, or a
 * transient failure has lasted {@code fallback-after-attempts} attempts, the text goes by e-mail
 * instead: an {@code email} message to {@code fallbackEmail} is put in the outbox with the
 * idempotency key {@code <id>#fallback}, and this SMS counts as delivered. Without a fallback
 * address those cases fail permanently (the outbox dead-letters the message). Other transient
 * failures fail the future: the outbox retries with backoff.
 */
public final class SmsDeliverer implements Deliverer {
  /** The outbox channel this deliverer serves. */
  public static final String CHANNEL = "sms";

  /** The calendar the daily cap counts in. */
  public static final ZoneId DAY_ZONE = ZoneId.of("Europe/Paris");

  private static final Logger LOG = LoggerFactory.getLogger(SmsDeliverer.class);
  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

  private final SmsSettings settings;
  private final SmsProvider provider;
  private final Outbox outbox;
  private final SmsSpendLedger ledger;
  private final Clock clock;
  private final SmsEncoding encoding;

  /** A deliverer with the provider the settings name (HTTP template, OVHcloud or SMPP). */
  public SmsDeliverer(
      Vertx vertx, SmsSettings settings, Outbox outbox, StateStore store, Clock clock) {
    this(settings, providerFor(vertx, settings, clock), outbox, store, clock);
  }

  /** A deliverer with a given provider. */
  public SmsDeliverer(
      SmsSettings settings, SmsProvider provider, Outbox outbox, StateStore store, Clock clock) {
    this.settings = settings;
    this.provider = provider;
    this.outbox = outbox;
    this.ledger = new SmsSpendLedger(store);
    this.clock = clock;
    this.encoding = new SmsEncoding(settings.transliterate());
  }

  /** The provider the settings name. */
  public static SmsProvider providerFor(Vertx vertx, SmsSettings settings, Clock clock) {
    return switch (settings.provider()) {
      case SmsSettings.HttpTemplate h -> new HttpTemplateSmsProvider(vertx, h);
      case SmsSettings.Ovh o -> new OvhSmsProvider(vertx, o, clock);
      case SmsSettings.Smpp s -> new SmppSmsProvider(vertx, s);
    };
  }

  /** The spending ledger (today's spend for status pages and tests). */
  public SmsSpendLedger ledger() {
    return ledger;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    JsonObject p = message.payload();
    String to = p.getValue("to") instanceof String s ? s.strip() : null;
    String text = p.getValue("text") instanceof String s ? s : null;
    if (to == null || to.isEmpty() || text == null || text.isEmpty()) {
      return Future.failedFuture(
          new PermanentFailure("SMS " + message.id() + " has no 'to' or no 'text'"));
    }
    SmsEncoding.Encoded body = fit(text);
    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, DAY_ZONE);
    long cost = micros(settings.costPerSegment()) * body.segments();
    long cap = settings.dailyCap() == null ? -1 : micros(settings.dailyCap());
    return ledger
        .reserve(message.id(), day, body.segments(), cost, cap, now)
        .compose(
            r -> {
              if (r == Reservation.OVER_CAP) {
                return fallback(
                    message,
                    to,
                    "daily SMS cost cap "
                        + settings.dailyCap().toPlainString()
                        + " reached for "
                        + day);
              }
              SmsMessage sms = new SmsMessage(to, settings.sender(), body, message.id());
              return provider
                  .send(sms)
                  .compose(
                      receipt -> {
                        LOG.info(
                            "SMS {} sent via {}: {} segment(s), ids {}",
                            message.id(),
                            receipt.provider(),
                            receipt.segments(),
                            receipt.ids());
                        return Future.<Void>succeededFuture();
                      },
                      e -> ledger.release(message.id()).transform(x -> failed(message, to, e)));
            });
  }

  private Future<Void> failed(OutboxMessage message, String to, Throwable e) {
    boolean permanent = e instanceof SmsException se && se.permanent();
    // attempts counts this one (1 on the first try).
    boolean exhausted = message.attempts() >= settings.fallbackAfterAttempts();
    if (permanent || exhausted) {
      return fallback(
          message,
          to,
          (permanent ? "" : "still failing after " + message.attempts() + " attempts: ")
              + e.getMessage());
    }
    LOG.warn(
        "SMS {} not sent via {} (will retry): {}", message.id(), provider.kind(), e.getMessage());
    return Future.failedFuture(e);
  }

  private Future<Void> fallback(OutboxMessage message, String to, String reason) {
    String email = message.payload().getValue("fallbackEmail") instanceof String s ? s : null;
    if (email == null || email.isBlank()) {
      LOG.warn("SMS {} not sent and no fallbackEmail: {}", message.id(), reason);
      return Future.failedFuture(
          new PermanentFailure("SMS " + message.id() + " not sent: " + reason));
    }
    String text = message.payload().getString("text");
    String firstLine = text.lines().findFirst().orElse("").strip();
    JsonObject mail =
        new JsonObject()
            .put("to", new JsonArray().add(email.strip()))
            .put(
                "subject",
                "[Vigie SMS] "
                    + (firstLine.length() > 100 ? firstLine.substring(0, 100) : firstLine))
            .put(
                "text",
                text
                    + "\n\n-- \nCe message devait partir par SMS vers "
                    + to
                    + " ; il arrive par e-mail : "
                    + reason
                    + "\n(This message was meant as an SMS to "
                    + to
                    + "; sent by e-mail: "
                    + reason
                    + ")")
            .put("messageId", messageId(message.id() + "#fallback"));
    return outbox
        .enqueue(message.id() + "#fallback", "email", mail)
        .map(
            fresh -> {
              LOG.warn(
                  "SMS {} falls back to e-mail{}: {}",
                  message.id(),
                  fresh ? "" : " (already queued)",
                  reason);
              return (Void) null;
            });
  }

  /** The text, cut so that it takes at most max-segments SMS. */
  private SmsEncoding.Encoded fit(String text) {
    SmsEncoding.Encoded e = encoding.encode(text);
    if (e.segments() <= settings.maxSegments()) {
      return e;
    }
    String ellipsis = e.alphabet() == SmsEncoding.Alphabet.GSM7 ? "..." : "…";
    String kept = String.join("", e.parts().subList(0, settings.maxSegments()));
    SmsEncoding.Encoded cut;
    do {
      kept = kept.substring(0, kept.offsetByCodePoints(kept.length(), -1));
      cut = encoding.encode(kept + ellipsis);
    } while (cut.segments() > settings.maxSegments());
    return cut;
  }

  private static long micros(BigDecimal amount) {
    return amount.multiply(MICROS).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
  }

  /** A stable RFC 5322 Message-ID for an outbox key (which may hold '@' and '#'). */
  static String messageId(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "<sms-fallback." + HexFormat.of().formatHex(h, 0, 12) + "@vigie>";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Closes the provider's connections. */
  public Future<Void> close() {
    return provider.close();
  }
}
