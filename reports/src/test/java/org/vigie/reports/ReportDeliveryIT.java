package org.vigie.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.reports.ReportFixture.await;
import static org.vigie.reports.ReportFixture.device;
import static org.vigie.reports.ReportFixture.spec;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.alerting.email.EmailDeliverer;
import org.vigie.alerting.email.EmailSettings;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxOptions;
import org.vigie.alerting.outbox.OutboxStatus;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.calendar.FrenchSchoolCalendar;
import org.vigie.reports.internal.JdbcIncidentSource;

/**
 * The monthly e-mails through the real outbox and e-mail deliverer to an SMTP server on loopback
 * (GreenMail): each commune receives its month once, with the PDF attached, however often the
 * sending runs and even when its record was lost after the outbox took the message.
 */
@Timeout(120)
class ReportDeliveryIT {
  static final YearMonth OCTOBER = YearMonth.of(2025, 10);

  @TempDir Path dir;
  ReportFixture f;
  GreenMail smtp;
  Outbox outbox;
  EmailDeliverer email;

  @BeforeEach
  void setUp() throws Exception {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    f =
        new ReportFixture(
            dir,
            ReportFixture.inventory(
                List.of(
                    ReportFixture.commune("besancon", "Besançon"),
                    ReportFixture.commune("dole", "Dole")),
                List.of(
                    ReportFixture.school("ferry", "École Jules Ferry", "besancon"),
                    ReportFixture.school("pasteur", "École Pasteur", "dole")),
                List.of(
                    device("ferry", "rtr", DeviceKind.ROUTER, spec("link", "link")),
                    device("pasteur", "rtr", DeviceKind.ROUTER, spec("link", "link")))),
            ReportSchedulerTest.NOW);
    outbox =
        await(
            Outbox.open(
                f.vertx,
                f.store,
                OutboxOptions.defaults().withPollInterval(Duration.ofMillis(100)),
                Clock.systemUTC()));
    email =
        new EmailDeliverer(
            f.vertx,
            new EmailSettings(
                "127.0.0.1",
                smtp.getSmtp().getPort(),
                EmailSettings.Tls.NONE,
                null,
                null,
                "Vigie <vigie@dsi.example>",
                Duration.ofSeconds(10)));
    outbox.register(EmailQueue.CHANNEL, email);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(outbox.close());
    await(email.close());
    f.close();
    smtp.stop();
  }

  private long sent() throws Exception {
    Map<OutboxStatus, Long> counts = await(outbox.counts());
    return counts.getOrDefault(OutboxStatus.SENT, 0L);
  }

  @Test
  void eachCommuneGetsItsMonthOnce_withThePdf() throws Exception {
    ReportGenerator generator =
        new ReportGenerator(
            LedgerReader.of(f.ledger),
            new JdbcIncidentSource(f.store),
            FrenchSchoolCalendar.defaults(),
            f.inventory,
            LinkQualitySource.none(),
            Clock.fixed(ReportSchedulerTest.NOW, ZoneOffset.UTC));
    ReportScheduler scheduler =
        new ReportScheduler(
            new ReportSettings(
                ReportLanguage.FR, false, LocalTime.of(7, 0), List.of(ReportFormat.PDF), List.of()),
            generator,
            f.inventory,
            f.store,
            outbox::enqueue,
            Clock.fixed(ReportSchedulerTest.NOW, ZoneOffset.UTC));
    await(f.vertx.deployVerticle(scheduler));

    assertThat(await(scheduler.sendMonth(OCTOBER))).hasSize(2);
    assertThat(smtp.waitForIncomingEmail(30_000, 2)).isTrue();
    // Again, and again after losing the records (a crash right after the outbox took them).
    assertThat(await(scheduler.sendMonth(OCTOBER))).isEmpty();
    await(
        f.store.inTransaction(
            c -> c.createStatement().executeUpdate("DELETE FROM report_delivery")));
    assertThat(await(scheduler.sendMonth(OCTOBER))).hasSize(2);
    assertThat(await(scheduler.sends("besancon", OCTOBER))).isEqualTo(1);
    long deadline = System.currentTimeMillis() + 3_000;
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(100); // give a duplicate every chance to arrive
    }
    assertThat(sent()).isEqualTo(2);
    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).hasSize(2);
    MimeMessage besancon =
        List.of(mails).stream()
            .filter(m -> subject(m).contains("Besançon"))
            .findFirst()
            .orElseThrow();
    assertThat(besancon.getAllRecipients()[0].toString()).isEqualTo("mairie@besancon.test");
    assertThat(besancon.getMessageID()).isEqualTo("<report.besancon.2025-10.1@vigie>");
    List<Part> attachments = attachments((Multipart) besancon.getContent());
    assertThat(attachments).hasSize(1);
    assertThat(attachments.getFirst().getFileName()).isEqualTo("vigie-besancon-2025-10.pdf");
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    attachments.getFirst().getInputStream().transferTo(pdf);
    assertThat(new String(pdf.toByteArray(), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo("%PDF-");

    // On demand: once more, a new message.
    await(scheduler.resend("besancon", OCTOBER));
    assertThat(smtp.waitForIncomingEmail(30_000, 3)).isTrue();
    List<String> ids = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      ids.add(m.getMessageID());
    }
    assertThat(ids)
        .containsExactlyInAnyOrder(
            "<report.besancon.2025-10.1@vigie>",
            "<report.dole.2025-10.1@vigie>",
            "<report.besancon.2025-10.2@vigie>");
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Part> attachments(Multipart mp) throws Exception {
    List<Part> out = new ArrayList<>();
    for (int i = 0; i < mp.getCount(); i++) {
      Part p = mp.getBodyPart(i);
      if (p.getContent() instanceof Multipart inner) {
        out.addAll(attachments(inner));
      } else if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
        out.add(p);
      }
    }
    return out;
  }
}
