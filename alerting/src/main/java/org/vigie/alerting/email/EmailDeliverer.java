package org.vigie.alerting.email;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.outbox.Deliverer;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.PermanentFailure;

/**
 * The {@code email} channel of the outbox: sends the payload {@code {"to": [...], "subject",
 * "text", "html", "messageId", "inReplyTo"?, "attachments"?: [{"name", "contentType", "base64"}]}}
 * as a multipart (plain text + HTML, and the attachments: the monthly reports' PDF) message over
 * SMTP with the Vert.x mail client (one pooled client, kept for the life of the deliverer).
 *
 * <p>Failures: a connection problem, a timeout or a 4xx reply fail the future (the outbox retries
 * with backoff); a 5xx reply (a refused recipient, a rejected message, bad credentials) is a {@link
 * PermanentFailure}: retrying would not help. The Message-ID comes from the outbox id, so a message
 * redelivered after a crash can be recognised downstream. Error texts never contain the password
 * (nor its base64 form, as sent by AUTH PLAIN/LOGIN).
 */
public final class EmailDeliverer implements Deliverer {
  private final MailClient client;
  private final EmailSettings settings;

  public EmailDeliverer(Vertx vertx, EmailSettings settings) {
    this.settings = settings;
    MailConfig config =
        new MailConfig()
            .setHostname(settings.host())
            .setPort(settings.port())
            .setConnectTimeout((int) settings.timeout().toMillis())
            .setIdleTimeout((int) settings.timeout().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setKeepAlive(true)
            .setMaxPoolSize(4)
            .setMultiPartOnly(true);
    switch (settings.tls()) {
      case NONE -> config.setStarttls(StartTLSOptions.DISABLED);
      case STARTTLS -> config.setStarttls(StartTLSOptions.REQUIRED);
      case TLS -> config.setStarttls(StartTLSOptions.DISABLED).setSsl(true);
      default -> throw new IllegalArgumentException(settings.tls().name());
    }
    if (settings.username() != null) {
      config
          .setLogin(LoginOption.REQUIRED)
          // A password, never a bearer token: XOAUTH2 (tried first otherwise) is not for it.
          .setAuthMethods("PLAIN LOGIN")
          .setUsername(settings.username())
          .setPassword(settings.password().reveal());
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.create(vertx, config);
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    JsonObject p = message.payload();
    MailMessage mail;
    try {
      mail = mail(message.id(), p);
    } catch (RuntimeException e) {
      return Future.failedFuture(
          new PermanentFailure("malformed e-mail payload for " + message.id() + ": " + e));
    }
    return client
        .sendMail(mail)
        .timeout(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(classify(e)));
  }

  /** Closes the connection pool. */
  public Future<Void> close() {
    return client.close();
  }

  private MailMessage mail(String id, JsonObject p) {
    List<String> to = new ArrayList<>();
    JsonArray arr = p.getJsonArray("to");
    if (arr == null || arr.isEmpty()) {
      throw new IllegalArgumentException("no recipient");
    }
    arr.forEach(o -> to.add(String.valueOf(o)));
    String messageId =
        p.getString("messageId", "<" + id.replaceAll("[^A-Za-z0-9#.-]", ".") + "@vigie>");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Message-ID", messageId);
    String inReplyTo = p.getString("inReplyTo");
    if (inReplyTo != null) {
      headers.add("In-Reply-To", inReplyTo).add("References", inReplyTo);
    }
    headers.add("Auto-Submitted", "auto-generated");
    MailMessage m =
        new MailMessage()
            .setFrom(settings.from())
            .setTo(to)
            .setSubject(p.getString("subject", ""))
            .setText(p.getString("text", ""))
            .setHeaders(headers);
    String html = p.getString("html");
    if (html != null) {
      m.setHtml(html);
    }
    JsonArray attachments = p.getJsonArray("attachments");
    if (attachments != null && !attachments.isEmpty()) {
      List<MailAttachment> files = new ArrayList<>();
      for (int i = 0; i < attachments.size(); i++) {
        JsonObject a = attachments.getJsonObject(i);
        files.add(
            MailAttachment.create()
                .setName(a.getString("name"))
                .setContentType(a.getString("contentType", "application/octet-stream"))
                .setData(Buffer.buffer(Base64.getDecoder().decode(a.getString("base64")))));
      }
      m.setAttachment(files);
    }
    return m;
  }

  private Throwable classify(Throwable e) {
    String text = scrub(e.getClass().getSimpleName() + ": " + e.getMessage());
    if (e instanceof SMTPException smtp && smtp.isPermanent()) {
      return new PermanentFailure("SMTP server refused the message: " + text);
    }
    // Vert.x's exception may quote the dialogue; keep only a scrubbed text, without the cause.
    return new EmailException("SMTP delivery failed, will retry: " + text);
  }

  private String scrub(String text) {
    Secret s = settings.password();
    if (s == null || text == null) {
      return text;
    }
    String out = s.scrub(text);
    String user = settings.username();
    String pw = s.reveal();
    for (String form :
        List.of(b64(pw), b64("\0" + user + "\0" + pw), b64(user + "\0" + user + "\0" + pw))) {
      out = out.replace(form, "***");
    }
    return out;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A delivery failure worth retrying; its message is scrubbed of secrets. */
  static final class EmailException extends RuntimeException {
    EmailException(String message) {
      super(message, null, false, false);
    }
  }
}
