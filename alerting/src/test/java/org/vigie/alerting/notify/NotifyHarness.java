package org.vigie.alerting.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.LocalCodec;
import org.vigie.alerting.email.EmailDeliverer;
import org.vigie.alerting.email.EmailSettings;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxMessage;
import org.vigie.alerting.outbox.OutboxOptions;
import org.vigie.alerting.outbox.OutboxStatus;
import org.vigie.alerting.webhook.WebhookDeliverer;
import org.vigie.alerting.webhook.WebhookSettings;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Contact;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;
import org.vigie.inventory.SchoolCalendar;
import org.vigie.inventory.Tariff;

/**
 * Vigie's notification side for real: a Vert.x instance, an SQLite state store in a file, the
 * outbox, the e-mail channel to a GreenMail SMTP server on loopback, and the notification verticle
 * fed by incident events published on the event bus; with {@link WebhookSettings}, the real webhook
 * channel too. SMS messages and timeline entries are recorded by deliverers that accept them (the
 * SMS providers and the incident stage are other features'). {@link #restart} closes everything but
 * the SMTP server and the file, as a stopped and restarted Vigie would.
 */
final class NotifyHarness implements AutoCloseable {
  static final OutboxOptions FAST =
      OutboxOptions.defaults()
          .withPollInterval(Duration.ofMillis(50))
          .withBackoff(Duration.ofMillis(50), Duration.ofMillis(300))
          .withLease(Duration.ofSeconds(10), Duration.ofSeconds(5));

  final Path db;
  final int smtpPort;
  final NotifySettings settings;
  final SchoolCalendar calendar;
  final Clock clock;
  final Inventory inventory;
  final List<OutboxMessage> smsSent = new CopyOnWriteArrayList<>();
  final List<OutboxMessage> timelineSent = new CopyOnWriteArrayList<>();
  final WebhookSettings webhookSettings;
  WebhookDeliverer webhook;
  GreenMail smtp;
  Vertx vertx;
  StateStore store;
  Outbox outbox;
  EmailDeliverer email;
  NotificationVerticle verticle;

  NotifyHarness(Path dir, NotifySettings settings, SchoolCalendar calendar, Clock clock)
      throws Exception {
    this(dir, settings, calendar, clock, null);
  }

  /** With the webhook channel when {@code webhook} is not null. */
  NotifyHarness(
      Path dir,
      NotifySettings settings,
      SchoolCalendar calendar,
      Clock clock,
      WebhookSettings webhook)
      throws Exception {
    this.webhookSettings = webhook;
    this.db = dir.resolve("vigie.db");
    this.smtpPort = freePort();
    this.settings = settings;
    this.calendar = calendar;
    this.clock = clock;
    this.inventory = inventory(110);
    startSmtp();
    open();
  }

  static Inventory inventory(int schools) {
    Origin o = new Origin("test.yaml", 1, 1);
    List<Commune> communes =
        List.of(
            new Commune(
                "c1",
                "Villeurbanne",
                List.of(new Contact("Mairie", "mairie", "mairie@c1.example", null)),
                o));
    List<School> list = new ArrayList<>();
    for (int i = 1; i <= schools; i++) {
      String id = String.format("s%03d", i);
      list.add(
          new School(
              id,
              "École " + id,
              "c1",
              "1 rue " + id,
              new Link(LinkType.FIBRE, "Orange", 100, 100, "127.0.0.1"),
              o));
    }
    return new Inventory(communes, list, List.of(), Tariff.defaults());
  }

  void startSmtp() {
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  void open() throws Exception {
    vertx = Vertx.vertx();
    vertx
        .eventBus()
        .registerDefaultCodec(IncidentEvent.class, new LocalCodec<>(IncidentEvent.class));
    store = await(StateStore.open(vertx, new StoreOptions().setUrl("jdbc:sqlite:" + db)));
    outbox = await(Outbox.open(vertx, store, FAST, clock));
    email =
        new EmailDeliverer(
            vertx,
            new EmailSettings(
                "127.0.0.1",
                smtpPort,
                EmailSettings.Tls.NONE,
                null,
                null,
                "Vigie <vigie@dsi.example>",
                Duration.ofSeconds(3)));
    outbox.register("email", email);
    outbox.register(
        "sms",
        m -> {
          smsSent.add(m);
          return Future.succeededFuture();
        });
    outbox.register(
        TimelineDeliverer.CHANNEL,
        m -> {
          timelineSent.add(m);
          return Future.succeededFuture();
        });
    if (webhookSettings != null) {
      webhook = new WebhookDeliverer(vertx, webhookSettings);
      outbox.register(WebhookDeliverer.CHANNEL, webhook);
    }
    verticle = new NotificationVerticle(settings, store, outbox, calendar, inventory, clock);
    await(vertx.deployVerticle(verticle));
  }

  /** Stops Vigie (not the SMTP server) and starts it again on the same database file. */
  void restart() throws Exception {
    shutdown();
    open();
  }

  void publish(IncidentEvent e) {
    vertx.eventBus().publish(IncidentEvent.ADDRESS, e);
  }

  /** Publishes, then waits until the verticle has committed them. */
  void publishAll(IncidentEvent... events) throws Exception {
    long before = verticle.handledEvents();
    for (IncidentEvent e : events) {
      publish(e);
    }
    waitFor(() -> verticle.handledEvents() >= before + events.length);
  }

  void sweep() throws Exception {
    await(verticle.sweep());
  }

  /** Waits until no message is pending or in flight in the outbox (what is due is sent). */
  void drain() throws Exception {
    waitFor(
        () -> {
          Map<OutboxStatus, Long> c = await(outbox.counts());
          return c.getOrDefault(OutboxStatus.PENDING, 0L) == 0
              && c.getOrDefault(OutboxStatus.SENDING, 0L) == 0;
        });
  }

  long count(OutboxStatus status) throws Exception {
    return await(outbox.counts()).getOrDefault(status, 0L);
  }

  List<OutboxMessage> sms() {
    return smsSent;
  }

  MimeMessage[] mails() {
    return smtp.getReceivedMessages();
  }

  List<String> subjects() throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : mails()) {
      out.add(m.getSubject());
    }
    return out;
  }

  /** Subjects of the messages to one address, in the order received. */
  List<String> subjectsTo(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : mails()) {
      if (m.getAllRecipients()[0].toString().equals(address)) {
        out.add(m.getSubject());
      }
    }
    return out;
  }

  private void shutdown() throws Exception {
    if (vertx == null) {
      return;
    }
    await(vertx.undeploy(vertx.deploymentIDs().iterator().next()));
    await(outbox.close());
    await(email.close());
    if (webhook != null) {
      await(webhook.close());
    }
    await(store.close());
    await(vertx.close());
    vertx = null;
  }

  @Override
  public void close() throws Exception {
    shutdown();
    smtp.stop();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static void waitFor(Check c) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.ok()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }

  /** A condition that may throw. */
  interface Check {
    boolean ok() throws Exception;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
