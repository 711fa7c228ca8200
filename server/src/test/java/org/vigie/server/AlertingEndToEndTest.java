package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.outbox.OutboxStatus;
import org.vigie.alerting.ticket.GlpiDouble;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.probe.SchedulerOptions;
import org.vigie.simulator.EstateGenerator;
import org.vigie.simulator.SimulatedNetwork;
import org.vigie.simulator.SimulatorOptions;

/**
 * Issues #5 and #6 through the whole pipeline: the simulator's devices on loopback, probes,
 * aggregator, incidents, notification and helpdesk, the persistent outbox, a real SMTP server
 * (GreenMail, with authentication) and the GLPI double. Alerting is configured by YAML appended to
 * the generated estate, as a DSI would write it, with secrets in files and the environment.
 *
 * <p>Timing: checks every second, DOWN after 2 failures, UP after 1 success, the school rule's
 * {@code for} 1 s, group wait 1 s; so a failure is told about 4 s after the router stops.
 */
@Timeout(90)
class AlertingEndToEndTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final String SMTP_PASSWORD = "smtp-Pw-9f2c7e1a44d0";
  private static final String TO = "dsi-ecoles@metropole.example";

  /** Long enough for anything wrongly sent after a step to arrive: for + group wait + polls. */
  private static final Duration QUIET = Duration.ofMillis(2500);

  @TempDir Path dir;
  private Vertx infra;
  private Vertx vigieVertx;
  private SimulatedNetwork network;
  private GreenMail smtp;
  private int smtpPort;
  private GlpiDouble glpi;
  private Configuration config;
  private Vigie vigie;
  private Device router;
  private String school;
  private int routerAsset;
  private final Map<String, CheckState> states = new ConcurrentHashMap<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger root;
  private Level rootLevel;

  @BeforeEach
  void setUp() throws Exception {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG); // the strictest: even debug output must not show a secret
    logs.start();
    root.addAppender(logs);

    smtpPort = freePort();
    startSmtp();
    infra = Vertx.vertx();
    glpi = new GlpiDouble(infra).start().await();
  }

  @AfterEach
  void tearDown() {
    root.detachAppender(logs);
    root.setLevel(rootLevel);
    if (vigieVertx != null) {
      vigieVertx.close().await();
    }
    infra.close().await();
    smtp.stop();
  }

  // ---- the scenarios ----

  @Test
  void schoolLinkFailure_isOneIncident_oneEmail_oneTicket_andItsRecoverySolvesTheTicket()
      throws Exception {
    start("");
    cutLink();

    eventually(() -> mails().size() == 1 && glpi.tickets().size() == 1 && linked(), "told");
    // Everything behind the router is UNREACHABLE (not DOWN) and listed on the one incident.
    List<String> behind =
        schoolDevices().stream()
            .filter(d -> !d.key().equals(router.key()) && !d.checks().isEmpty())
            .map(Device::key)
            .toList();
    assertThat(behind).hasSizeGreaterThanOrEqualTo(4);
    eventually(() -> unreachableDevices().equals(behind), "the devices behind unreachable");
    eventually(
        () -> openIncidents().size() == 1 && openIncidents().get(0).affected().containsAll(behind),
        "the incident lists them");
    List<Incident> open = openIncidents();
    assertThat(open).hasSize(1);
    Incident incident = open.get(0);
    assertThat(incident.scope()).isEqualTo(IncidentScope.SCHOOL);
    assertThat(incident.schoolId()).isEqualTo(school);
    assertThat(incident.affected()).contains(router.key());
    // One root cause: only the router's checks are DOWN.
    assertThat(
            schoolDevices().stream()
                .flatMap(d -> d.checks().stream().map(c -> d.key() + "/" + c.name()))
                .filter(k -> states.get(k) == CheckState.DOWN))
        .containsExactlyElementsOf(
            router.checks().stream().map(c -> router.key() + "/" + c.name()).toList());

    MimeMessage mail = mails().get(0);
    assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(TO);
    assertThat(GreenMailUtil.getBody(mail)).contains(incident.id());
    JsonObject ticket = glpi.tickets().get(0);
    int ticketId = ticket.getInteger("id");
    assertThat(ticket.getString("name")).contains(incident.id());
    // The ticket, with its follow-ups as devices were added, lists every device behind.
    eventually(
        () -> behind.stream().allMatch(k -> ticketText(ticketId).contains(k)),
        "the ticket lists the devices behind the router");
    assertThat(glpi.itemTickets(ticketId))
        .singleElement()
        .satisfies(
            link -> {
              assertThat(link.getString("itemtype")).isEqualTo("NetworkEquipment");
              assertThat(link.getInteger("items_id")).isEqualTo(routerAsset);
            });
    // The on-call dashboard's count: one critical school incident open.
    assertThat(Scrape.metrics(vigie.httpPort()))
        .contains(
            "vigie_incidents_open{severity=\"critical\",scope=\"school\",status=\"open\","
                + "muted=\"false\",} 1.0");
    // The devices behind the router going UNREACHABLE one by one add nothing.
    Thread.sleep(QUIET.toMillis());
    assertThat(mails()).hasSize(1);
    assertThat(glpi.createRequests()).isEqualTo(1);

    restoreLink();
    eventually(
        () -> mails().size() == 2 && status(ticketId) == 5 && openIncidents().isEmpty(),
        "recovered");
    assertThat(mails().get(1).getSubject()).isNotEqualTo(mail.getSubject());
    assertThat(mails().get(1).getHeader("In-Reply-To")[0]).isEqualTo(mail.getMessageID());
    assertThat(glpi.solutions(ticketId)).hasSize(1);
    assertThat(Scrape.metrics(vigie.httpPort()))
        .contains(
            "vigie_incidents_open{severity=\"critical\",scope=\"\",status=\"\",muted=\"\",} 0.0");
    Thread.sleep(QUIET.toMillis());
    assertThat(mails()).hasSize(2);
    assertThat(glpi.tickets()).hasSize(1);
    assertThat(glpi.createRequests()).isEqualTo(1);
    assertThat(vigie.outbox().counts().await())
        .containsEntry(OutboxStatus.PENDING, 0L)
        .containsEntry(OutboxStatus.SENDING, 0L)
        .containsEntry(OutboxStatus.DEAD, 0L);
    assertNoSecretAnywhere();
  }

  @Test
  void maintenanceWindow_overTheSameFailure_sendsNothing_andTheLedgerShowsMaintenance()
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    start(
        """
          maintenance:
            - name: router-swap
              device: %s
              start: "%s"
              end: "%s"
        """
            .formatted("ROUTER", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))));
    Instant stopped = Instant.now();
    cutLink();
    String check = router.key() + "/" + router.checks().get(0).name();
    eventually(() -> states.get(check) == CheckState.DOWN, "router down on the bus");
    // The incident is still recorded, muted; nothing goes out.
    eventually(() -> openIncidents().size() == 1, "muted incident opened");
    assertThat(openIncidents().get(0).muted()).isTrue();
    Thread.sleep(QUIET.toMillis());
    assertThat(mails()).isEmpty();
    assertThat(glpi.createRequests()).isZero();
    assertThat(glpi.tickets()).isEmpty();

    vigie.stop().await();
    List<LedgerInterval> intervals = ledger(check, stopped.minusSeconds(60), Instant.now());
    assertThat(intervals).isNotEmpty();
    assertThat(intervals).extracting(LedgerInterval::state).contains(CheckState.MAINTENANCE);
    assertThat(intervals)
        .filteredOn(i -> i.end() == null || i.end().isAfter(stopped))
        .extracting(LedgerInterval::state)
        .doesNotContain(CheckState.DOWN, CheckState.UP);
    assertNoSecretAnywhere();
  }

  @Test
  void vigieRestartedMidIncident_neitherRepeatsTheEmailNorTheTicket_andStillSolvesIt()
      throws Exception {
    start("");
    cutLink();
    eventually(() -> mails().size() == 1 && glpi.tickets().size() == 1 && linked(), "told");
    int ticketId = glpi.tickets().get(0).getInteger("id");
    String incidentId = openIncidents().get(0).id();

    // A new process on the same state store, the router still down.
    vigie.stop().await();
    vigieVertx.close().await();
    states.clear();
    startVigie();
    String check = router.key() + "/" + router.checks().get(0).name();
    eventually(() -> states.get(check) == CheckState.DOWN, "router down again after restart");
    Thread.sleep(QUIET.toMillis());
    assertThat(openIncidents()).extracting(Incident::id).containsExactly(incidentId);
    assertThat(mails()).hasSize(1);
    assertThat(glpi.createRequests()).isEqualTo(1);

    restoreLink();
    eventually(
        () -> mails().size() == 2 && status(ticketId) == 5 && openIncidents().isEmpty(),
        "recovered after restart");
    Thread.sleep(QUIET.toMillis());
    assertThat(mails()).hasSize(2);
    assertThat(glpi.tickets()).hasSize(1);
    assertThat(glpi.solutions(ticketId)).hasSize(1);
    assertNoSecretAnywhere();
  }

  @Test
  void smtpServerDownWhenTheIncidentOpens_theEmailArrivesOnceWhenItIsBack() throws Exception {
    start("");
    smtp.stop();
    cutLink();
    // The ticket proves the incident was decided while the SMTP server was away.
    eventually(() -> glpi.tickets().size() == 1, "ticket while SMTP is down");
    eventually(
        () -> logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("email message")),
        "a failed e-mail attempt");
    startSmtp();
    eventually(() -> mails().size() == 1, "e-mail after the SMTP server came back");
    Thread.sleep(QUIET.toMillis());
    assertThat(mails()).hasSize(1);
    assertThat(vigie.outbox().counts().await())
        .containsEntry(OutboxStatus.PENDING, 0L)
        .containsEntry(OutboxStatus.SENDING, 0L)
        .containsEntry(OutboxStatus.DEAD, 0L);
    assertNoSecretAnywhere();
  }

  // ---- set-up ----

  /** Generates the estate, appends the alerting section (plus {@code extra}), starts it all. */
  private void start(String extra) throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("smtp.password"), SMTP_PASSWORD + "\n");
    Files.writeString(secrets.resolve("glpi.app-token"), GlpiDouble.APP_TOKEN + "\n");
    String estate =
        new EstateGenerator()
            .generate(
                EstateGenerator.Options.defaults()
                    .withCommunes(2)
                    .withSchools(3)
                    .withCheckInterval(INTERVAL))
            // Away from the demo's 127.20/16, which a `vigie demo` on this machine may hold.
            .replace("127.20.", "127.120.")
            // The demo's own alerting section (one e-mail route) gives way to this test's.
            .replaceFirst("(?m)^alerting:\\n(?:[ #].*\\n|\\n)*", "");
    String alerting =
        """

        alerting:
          rules:
            - name: school-link-down
              on: school
              severity: critical
              for: 1s
          notify:
            group-wait: 1s
            repeat-interval: 0s
          routes:
            - name: dsi
              email: [%s]
          email:
            host: 127.0.0.1
            port: %d
            tls: none
            username: vigie
            password-file: secrets/smtp.password
            from: Vigie <vigie@metropole.example>
            timeout: 2s
          helpdesk:
            url: %s
            app-token-file: secrets/glpi.app-token
            user-token-env: GLPI_USER_TOKEN
            timeout: 2s
            assets: {field: name, from: address}
        """
            .formatted(TO, smtpPort, glpi.url());
    Path file = dir.resolve("vigie.yaml");
    // The router is known only once the estate is read: the maintenance window names it after.
    var probe = Configuration.load("probe.yaml", estate);
    router =
        probe.inventory().devices().stream()
            .filter(d -> d.kind() == DeviceKind.ROUTER)
            .findFirst()
            .orElseThrow();
    school = router.schoolId();
    Files.writeString(file, estate + alerting + extra.replace("ROUTER", router.key()));
    config = Configuration.load(file, Map.of("GLPI_USER_TOKEN", GlpiDouble.USER_TOKEN));
    routerAsset = glpi.addAsset("NetworkEquipment", router.address(), "FCZ-1", "INV-0001");

    network =
        new SimulatedNetwork(infra, config.inventory(), SimulatorOptions.defaults().withFtpPort(0));
    network.start().await();
    startVigie();
    // Everything of the school up before the failure: the failure is the only change.
    eventually(
        () ->
            schoolDevices().stream()
                .allMatch(
                    d ->
                        d.checks().stream()
                            .allMatch(c -> states.get(d.key() + "/" + c.name()) == CheckState.UP)),
        "the school up");
  }

  private void startVigie() {
    vigieVertx = Vertx.vertx();
    vigieVertx
        .eventBus()
        .<StateChange>localConsumer(
            StateChange.ADDRESS, m -> states.put(m.body().checkKey(), m.body().to()));
    VigieSettings settings =
        new VigieSettings(
            "127.0.0.1",
            0,
            new SchedulerOptions(100, 4, 0),
            new Hysteresis(2, 1),
            store(),
            java.util.Optional.empty(),
            config.settings().alerting(),
            config.settings().calendar());
    vigie =
        new Vigie(vigieVertx, config.inventory(), settings, Clock.systemUTC(), Map.of())
            .start()
            .await();
  }

  private StoreOptions store() {
    return new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db"));
  }

  private void startSmtp() {
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.setUser("vigie@metropole.example", "vigie", SMTP_PASSWORD);
    smtp.getManagers().getSmtpManager().getUserManager().setAuthRequired(true);
    smtp.start();
  }

  // ---- observations ----

  private List<MimeMessage> mails() {
    return List.of(smtp.getReceivedMessages());
  }

  private List<Incident> openIncidents() {
    return vigie.incidents().openIncidents().await();
  }

  private boolean linked() {
    return !glpi.tickets().isEmpty()
        && !glpi.itemTickets(glpi.tickets().get(0).getInteger("id")).isEmpty();
  }

  /** A ticket's content and its follow-ups. */
  private String ticketText(int ticketId) {
    StringBuilder b = new StringBuilder();
    glpi.tickets().stream()
        .filter(t -> t.getInteger("id") == ticketId)
        .forEach(t -> b.append(t.getString("content")));
    glpi.followUps(ticketId).forEach(f -> b.append('\n').append(f.getString("content")));
    return b.toString();
  }

  /**
   * The school's internet link is cut: its router and everything behind it stop answering at once
   * (the simulator powers off one device at a time; from the DSI, a cut link silences them all).
   */
  private void cutLink() {
    for (Device d : schoolDevices()) {
      network.stopDevice(d.key()).await();
    }
  }

  private void restoreLink() {
    for (Device d : schoolDevices()) {
      network.startDevice(d.key()).await();
    }
  }

  private int status(int ticketId) {
    return glpi.tickets().stream()
        .filter(t -> t.getInteger("id") == ticketId)
        .findFirst()
        .orElseThrow()
        .getInteger("status");
  }

  private List<Device> schoolDevices() {
    return config.inventory().devices().stream().filter(d -> d.schoolId().equals(school)).toList();
  }

  /** The school's devices with checks that went UNREACHABLE (everything behind the router). */
  private List<String> unreachableDevices() {
    return schoolDevices().stream()
        .filter(
            d ->
                !d.checks().isEmpty()
                    && d.checks().stream()
                        .allMatch(
                            c -> states.get(d.key() + "/" + c.name()) == CheckState.UNREACHABLE))
        .map(Device::key)
        .toList();
  }

  /** The ledger's intervals of one subject, read through the state store once Vigie stopped. */
  private List<LedgerInterval> ledger(String subject, Instant from, Instant to) {
    Vertx v = Vertx.vertx();
    try {
      StateStore s = StateStore.open(v, store()).await();
      AvailabilityLedger l =
          AvailabilityLedger.open(v, s, config.inventory().checks(), Clock.systemUTC()).await();
      List<LedgerInterval> out = l.intervals(subject, from, to).await();
      l.close().await();
      s.close().await();
      return out;
    } finally {
      v.close().await();
    }
  }

  /**
   * No secret (SMTP password and its AUTH forms, GLPI tokens, GLPI session tokens) in a log line of
   * Vigie's side, an exception's message, an e-mail, a ticket or anything in the state store
   * (outbox errors, incident timelines, ticket rows).
   */
  private void assertNoSecretAnywhere() throws Exception {
    List<String> secrets = new ArrayList<>();
    secrets.add(SMTP_PASSWORD);
    secrets.add(b64(SMTP_PASSWORD));
    secrets.add(b64("\0vigie\0" + SMTP_PASSWORD));
    secrets.add(GlpiDouble.APP_TOKEN);
    secrets.add(GlpiDouble.USER_TOKEN);
    secrets.addAll(glpi.issuedTokens());
    List<String> texts = new ArrayList<>();
    List<ILoggingEvent> events = List.copyOf(logs.list);
    assertThat(events).isNotEmpty();
    for (ILoggingEvent e : events) {
      if (e.getLoggerName().startsWith("com.icegreen")) {
        continue; // the test's SMTP server logs the dialogue it receives
      }
      texts.add(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        texts.add(t.getClassName() + ": " + t.getMessage());
      }
    }
    for (MimeMessage m : mails()) {
      texts.add(GreenMailUtil.getWholeMessage(m));
    }
    for (JsonObject t : glpi.tickets()) {
      int id = t.getInteger("id");
      texts.add(t.encode());
      glpi.followUps(id).forEach(f -> texts.add(f.encode()));
      glpi.solutions(id).forEach(f -> texts.add(f.encode()));
    }
    texts.add(dumpStore());
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as("a secret leaked").doesNotContain(secret);
      }
    }
  }

  /** Every row of every table of the state store, as text. */
  private String dumpStore() throws Exception {
    StringBuilder out = new StringBuilder();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vigie.db"));
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      assertThat(tables).contains("outbox", "incident_event", "ticket");
      for (String table : tables) {
        try (ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          ResultSetMetaData md = r.getMetaData();
          while (r.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
              out.append(r.getString(i)).append('|');
            }
            out.append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  private static void eventually(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not within 20 s: " + what);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
