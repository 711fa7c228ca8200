package org.vigie.alerting.email;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.PermanentFailure;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Problem;

/** The e-mail channel against GreenMail with authentication; secrets never leak. */
@Timeout(60)
class EmailDelivererIT {
  private static final String PASSWORD = "Tr0ub4dor&3-vigie";

  @TempDir Path dir;
  private GreenMail smtp;
  private Vertx vertx;
  private ListAppender<ILoggingEvent> logs;
  private Logger root;

  @BeforeEach
  void start() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.setUser("vigie@dsi.example", "vigie", PASSWORD);
    smtp.getManagers().getSmtpManager().getUserManager().setAuthRequired(true);
    smtp.start();
    vertx = Vertx.vertx();
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.DEBUG); // the strictest: even debug output must not show the secret
    logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    root.detachAppender(logs);
    root.setLevel(Level.INFO);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    smtp.stop();
  }

  private EmailSettings settings(String passwordFile) throws Exception {
    String yaml =
        "alerting:\n  email:\n    host: 127.0.0.1\n    port: "
            + smtp.getSmtp().getPort()
            + "\n    tls: none\n    username: vigie\n    password-file: "
            + passwordFile
            + "\n    from: Vigie <vigie@dsi.example>\n";
    List<Problem> problems = new ArrayList<>();
    ConfigNode alerting = ConfigNode.parse("vigie.yaml", yaml, problems).childOrEmpty("alerting");
    EmailSettings s = new EmailSettingsReader(dir, Map.of()).read(alerting).orElseThrow();
    assertThat(problems).isEmpty();
    return s;
  }

  private static OutboxMessage message(String id, String to) {
    JsonObject p =
        new JsonObject()
            .put("to", new JsonArray().add(to))
            .put("subject", "[Vigie] critique – École s001 : lien coupé")
            .put("text", "Vigie a détecté un problème")
            .put("html", "<p>Vigie a détecté un problème</p>")
            .put("messageId", "<" + id + "@vigie>");
    return new OutboxMessage(id, "email", p, 0, Instant.now());
  }

  @Test
  void withThePasswordFromAFile_sendsMultipartWithTheOutboxMessageId_andNoSecretAnywhere()
      throws Exception {
    Files.writeString(dir.resolve("smtp.password"), PASSWORD + "\n");
    EmailSettings s = settings("smtp.password");
    EmailDeliverer d = new EmailDeliverer(vertx, s);

    await(d.deliver(message("inc-1#1#email#a", "astreinte@dsi.example")));

    assertThat(smtp.getReceivedMessages()).hasSize(1);
    var m = smtp.getReceivedMessages()[0];
    assertThat(m.getMessageID()).isEqualTo("<inc-1#1#email#a@vigie>");
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    String raw = GreenMailUtil.getWholeMessage(m);
    assertThat(raw).contains("text/plain").contains("text/html");
    assertThat(s.toString()).contains("password=***").doesNotContain(PASSWORD);
    assertNoSecret(raw);
    assertNoSecretInLogs();
  }

  @Test
  void aWrongPassword_isAPermanentFailure_whoseMessageHasNoSecret() throws Exception {
    String wrong = "wrong-" + PASSWORD;
    Files.writeString(dir.resolve("smtp.password"), wrong + "\n");
    EmailDeliverer d = new EmailDeliverer(vertx, settings("smtp.password"));

    Throwable e = failure(d.deliver(message("inc-2#1#email#a", "astreinte@dsi.example")));

    assertThat(e).isInstanceOf(PermanentFailure.class);
    assertThat(e.getMessage()).startsWith("SMTP server refused the message: ");
    assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(b64(wrong));
    assertThat(smtp.getReceivedMessages()).isEmpty();
    for (ILoggingEvent ev : vigieSide()) {
      assertThat(ev.getFormattedMessage()).doesNotContain(wrong).doesNotContain(b64(wrong));
    }
  }

  @Test
  void theServerAway_isARetryableFailure() throws Exception {
    Files.writeString(dir.resolve("smtp.password"), PASSWORD + "\n");
    EmailSettings s = settings("smtp.password");
    smtp.stop();
    EmailDeliverer d = new EmailDeliverer(vertx, s);

    Throwable e = failure(d.deliver(message("inc-3#1#email#a", "astreinte@dsi.example")));

    assertThat(e).isNotInstanceOf(PermanentFailure.class);
    assertThat(e.getMessage()).startsWith("SMTP delivery failed, will retry: ");
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  private void assertNoSecret(String text) {
    assertThat(text).doesNotContain(PASSWORD).doesNotContain(b64(PASSWORD));
    assertThat(text).doesNotContain(b64("\0vigie\0" + PASSWORD));
  }

  private void assertNoSecretInLogs() {
    assertThat(vigieSide()).isNotEmpty();
    for (ILoggingEvent ev : vigieSide()) {
      assertNoSecret(ev.getFormattedMessage());
      if (ev.getThrowableProxy() != null) {
        assertNoSecret(ev.getThrowableProxy().getMessage());
      }
    }
  }

  /** Log events of Vigie's side (the test's SMTP server logs the dialogue it receives). */
  private List<ILoggingEvent> vigieSide() {
    return logs.list.stream().filter(e -> !e.getLoggerName().startsWith("com.icegreen")).toList();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
