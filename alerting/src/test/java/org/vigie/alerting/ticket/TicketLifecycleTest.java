package org.vigie.alerting.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.StateStore;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.LocalCodec;
import org.vigie.alerting.Severity;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxOptions;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;

/**
 * The issue's scenarios end to end: incident events published on a real event bus, the {@link
 * TicketVerticle}, the real outbox on a real SQLite state store, the {@link TicketDeliverer} with
 * the GLPI client {@link Helpdesks} builds, once per GLPI API: v1 against {@link GlpiDouble}, v2
 * (the high-level API) against {@link GlpiV2Double}, both on 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ParameterizedClass(name = "GLPI API v{0}")
@ValueSource(ints = {1, 2})
class TicketLifecycleTest {
  @Parameter int version;

  private static final OutboxOptions FAST =
      OutboxOptions.defaults()
          .withPollInterval(Duration.ofMillis(50))
          .withBackoff(Duration.ofMillis(50), Duration.ofMillis(300));
  private static final Instant T0 = Instant.parse("2026-03-09T08:15:00Z");
  private static final String ID = "school:jaures@" + T0.toEpochMilli();
  private static final Origin O = Origin.builtIn("test");

  @TempDir Path dir;
  private Vertx glpiVertx;
  private Vertx vertx;
  private StateStore store;
  private Outbox outbox;
  private Helpdesk helpdesk;
  private GlpiFake glpi;
  private int routerId;
  private final Inventory inventory = inventory();

  @BeforeEach
  void start() throws Exception {
    glpiVertx = Vertx.vertx();
    if (version == 1) {
      GlpiDouble v1 = await(new GlpiDouble(glpiVertx).start());
      routerId = v1.addAsset("NetworkEquipment", "RTR-JAURES", "FCZ1", "INV-0042");
      v1.addAsset("Computer", "SRV-JAURES", "X1", "INV-0043");
      glpi = v1;
    } else {
      glpi = await(new GlpiV2Double(glpiVertx).start());
    }
    startVigie(Duration.ofSeconds(2));
  }

  /** One Vigie: its own Vert.x (but the shared double), store, outbox, verticle. */
  private void startVigie(Duration timeout) throws Exception {
    vertx = Vertx.vertx();
    vertx
        .eventBus()
        .registerDefaultCodec(IncidentEvent.class, new LocalCodec<>(IncidentEvent.class));
    store =
        await(
            StateStore.open(
                vertx, new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db"))));
    outbox = await(Outbox.open(vertx, store, FAST, Clock.systemUTC()));
    HelpdeskSettings settings =
        glpi.settings()
            .withTimeout(timeout)
            .withMappings(
                7,
                new HelpdeskSettings.Mapping(0, null),
                java.util.Map.of("lyon", new HelpdeskSettings.Mapping(3, 12)),
                "https://grafana.dsi.example/");
    helpdesk = Helpdesks.create(vertx, settings, outbox, Clock.systemUTC());
    assertThat(helpdesk.system()).isEqualTo(system());
    outbox.register(
        TicketVerticle.CHANNEL, new TicketDeliverer(helpdesk, store, Clock.systemUTC()));
    await(
        vertx.deployVerticle(
            new TicketVerticle(settings, outbox, store, inventory, Clock.systemUTC())));
  }

  /** Stops Vigie as a restart would; the double (GLPI) keeps running on its own Vert.x. */
  private void stopVigie() throws Exception {
    await(outbox.close());
    await(helpdesk.close());
    await(store.close());
    await(vertx.close());
  }

  @AfterEach
  void stop() throws Exception {
    stopVigie();
    await(glpiVertx.close());
  }

  // ---- the issue's scenarios ----

  @Test
  void schoolLinkFails_oneTicketLinkedToTheRouter_followUpsNoNewTicket_thenSolved()
      throws Exception {
    publish(
        event(
            IncidentEvent.Type.OPENED,
            1,
            incident(List.of("jaures/router", "jaures/srv"), false),
            "5/5 échos perdus, RTT —"));
    eventually(
        () ->
            glpi.tickets().size() == 1
                && (version == 2 || !glpi.linkedItems(ticketId()).isEmpty())
                && glpi.requesterIds(ticketId()).contains(7));
    JsonObject t = glpi.tickets().get(0);
    assertThat(t.getString("name"))
        .isEqualTo("[Vigie] École Jean Jaurès (Lyon) : lien internet coupé [" + ID + "]");
    assertThat(t.getString("content"))
        .contains("Appareils affectés (2)")
        .contains("<li>RTR-JAURES (jaures/router, 10.1.0.1)</li>")
        .contains("<li>Serveur (jaures/srv, 10.1.0.10)</li>")
        .contains("Premiers relevés : 5/5 échos perdus, RTT —")
        .contains("Chronologie")
        .contains(
            "https://grafana.dsi.example/d/vigie-school?var-commune=lyon&amp;var-school=jaures");
    assertThat(t.getInteger("type")).isEqualTo(1);
    assertThat(t.getInteger("urgency")).isEqualTo(5);
    assertThat(t.getInteger("impact")).isEqualTo(5);
    assertThat(t.getInteger("entities_id")).isEqualTo(3);
    assertThat(t.getInteger("itilcategories_id")).isEqualTo(12);
    assertThat(glpi.requesterIds(ticketId())).contains(7);
    if (version == 1) {
      assertThat(glpi.linkedItems(ticketId()))
          .singleElement()
          .satisfies(it -> assertThat(it.getInteger("items_id")).isEqualTo(routerId));
    } else {
      assertThat(glpi.linkedItems(ticketId())).isEmpty(); // the high-level API cannot link them
    }

    List<String> more =
        List.of("jaures/router", "jaures/srv", "jaures/ap1", "jaures/ws1", "jaures/ws2");
    publish(event(IncidentEvent.Type.UPDATED, 2, incident(more, false), "3 appareils de plus"));
    eventually(() -> glpi.followUps(ticketId()).size() == 1);
    assertThat(glpi.followUps(ticketId()).get(0).getString("content"))
        .contains("Appareils affectés (5)")
        .contains("Poste 2 (jaures/ws2");

    Incident resolved = resolved(incident(more, false), T0.plusSeconds(3720));
    publish(event(IncidentEvent.Type.RESOLVED, 3, resolved, null));
    eventually(() -> glpi.tickets().get(0).getInteger("status") == 5);
    assertThat(glpi.solutions(ticketId()).get(0).getString("content"))
        .contains("Durée de la panne : 1 h 02 min");
    assertThat(glpi.tickets()).hasSize(1);
    assertThat(glpi.createRequests()).isEqualTo(1);
    assertThat(row()).isEqualTo(system() + " " + ticketId() + " SOLVED 3/3");
  }

  @Test
  void glpiUnavailableWhenTheIncidentOpens_ticketAppearsOnceBack_exactlyOnce() throws Exception {
    glpi.down(true);
    publish(event(IncidentEvent.Type.OPENED, 1, incident(List.of("jaures/router"), false), null));
    publish(
        event(IncidentEvent.Type.ACKNOWLEDGED, 2, incident(List.of("jaures/router"), false), null));
    eventually(() -> glpi.requests().size() >= 3); // retried while down
    assertThat(glpi.tickets()).isEmpty();
    assertThat(row()).isEqualTo(system() + " null PENDING 2/0");
    glpi.down(false);
    eventually(() -> glpi.tickets().size() == 1 && glpi.followUps(ticketId()).size() == 1);
    Thread.sleep(400);
    assertThat(glpi.tickets()).hasSize(1);
    assertThat(glpi.createRequests()).isEqualTo(1);
    assertThat(glpi.followUps(ticketId()).get(0).getString("content"))
        .contains("Pris en charge par alice");
  }

  @Test
  void createTimesOutAfterGlpiStoredTheTicket_stillExactlyOneTicket() throws Exception {
    stopVigie();
    startVigie(Duration.ofMillis(500));
    glpi.dropReplyAfterNextCreate();
    publish(event(IncidentEvent.Type.OPENED, 1, incident(List.of("jaures/router"), false), null));
    eventually(
        () ->
            row()
                .startsWith(
                    system() + " " + (glpi.tickets().isEmpty() ? "x" : ticketId()) + " OPEN 1/1"));
    assertThat(glpi.tickets()).hasSize(1);
    assertThat(glpi.createRequests()).isEqualTo(1); // the retry found it by key
  }

  @Test
  void vigieRestartedMidIncident_recoverySolvesTheTicketOpenedBefore() throws Exception {
    publish(event(IncidentEvent.Type.OPENED, 1, incident(List.of("jaures/router"), false), null));
    eventually(
        () ->
            row()
                .equals(
                    system() + " " + (glpi.tickets().isEmpty() ? "x" : ticketId()) + " OPEN 1/1"));
    stopVigie();
    startVigie(Duration.ofSeconds(2));
    publish(
        event(
            IncidentEvent.Type.RESOLVED,
            2,
            resolved(incident(List.of("jaures/router"), false), T0.plusSeconds(600)),
            null));
    eventually(() -> glpi.tickets().get(0).getInteger("status") == 5);
    assertThat(glpi.tickets()).hasSize(1);
    assertThat(glpi.createRequests()).isEqualTo(1);
  }

  @Test
  void flapWithinTheWindow_reopensTheSameTicket() throws Exception {
    Incident open = incident(List.of("jaures/router"), false);
    publish(event(IncidentEvent.Type.OPENED, 1, open, null));
    publish(event(IncidentEvent.Type.RESOLVED, 2, resolved(open, T0.plusSeconds(300)), null));
    eventually(() -> !glpi.tickets().isEmpty() && glpi.tickets().get(0).getInteger("status") == 5);
    publish(event(IncidentEvent.Type.REOPENED, 3, open, null));
    eventually(
        () ->
            glpi.tickets().get(0).getInteger("status") == 1
                && glpi.followUps(ticketId()).size() == 1);
    assertThat(glpi.followUps(ticketId()).get(0).getString("content")).contains("ticket rouvert");
    publish(event(IncidentEvent.Type.RESOLVED, 4, resolved(open, T0.plusSeconds(900)), null));
    eventually(() -> glpi.tickets().get(0).getInteger("status") == 5);
    assertThat(glpi.tickets()).hasSize(1);
    assertThat(glpi.solutions(ticketId()))
        .extracting(s -> s.getInteger("status"))
        .containsExactly(4, 2);
  }

  @Test
  void mutedIncident_opensNoTicket() throws Exception {
    publish(event(IncidentEvent.Type.OPENED, 1, incident(List.of("jaures/router"), true), null));
    publish(
        event(
            IncidentEvent.Type.RESOLVED,
            2,
            resolved(incident(List.of("jaures/router"), true), T0.plusSeconds(60)),
            null));
    Incident other = withId(incident(List.of("jaures/srv"), false), "device:jaures/srv@1");
    publish(event(IncidentEvent.Type.OPENED, 1, other, null));
    eventually(() -> glpi.tickets().size() == 1);
    Thread.sleep(300);
    assertThat(glpi.tickets())
        .singleElement()
        .satisfies(t -> assertThat(t.getString("name")).contains("device:jaures/srv@1"));
  }

  @Test
  void tokensNeverAppearInLogsNorErrors() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      publish(event(IncidentEvent.Type.OPENED, 1, incident(List.of("jaures/router"), false), null));
      eventually(() -> glpi.tickets().size() == 1);
      glpi.expireCredentials();
      glpi.failNext(2, 500);
      publish(
          event(
              IncidentEvent.Type.NOTE,
              2,
              incident(List.of("jaures/router"), false),
              "appel de l'école"));
      eventually(() -> glpi.followUps(ticketId()).size() == 1);
      glpi.down(true);
      publish(event(IncidentEvent.Type.NOTE, 3, incident(List.of("jaures/router"), false), "bis"));
      eventually(() -> logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("503")));
    } finally {
      root.detachAppender(logs);
    }
    List<String> texts = new ArrayList<>();
    logs.list.forEach(e -> texts.add(e.getFormattedMessage() + " " + e.getThrowableProxy()));
    texts.addAll(column("SELECT COALESCE(last_error, '') FROM outbox"));
    texts.addAll(column("SELECT COALESCE(last_error, '') FROM ticket"));
    List<String> secrets = new ArrayList<>(glpi.secrets());
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
    assertThat(String.join("\n", texts)).contains("HTTP 503");
    for (String s : secrets) {
      assertThat(String.join("\n", texts)).doesNotContain(s);
    }
  }

  // ---- helpers ----

  private String system() {
    return version == 1 ? "glpi" : "glpi-v2";
  }

  private void publish(IncidentEvent e) {
    vertx.eventBus().publish(IncidentEvent.ADDRESS, e);
  }

  private int ticketId() {
    return glpi.tickets().get(0).getInteger("id");
  }

  private String row() {
    try {
      return rowOrThrow();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String rowOrThrow() throws Exception {
    return await(
        store.withConnection(
            c -> {
              try (ResultSet rs =
                  c.createStatement()
                      .executeQuery(
                          "SELECT system, ticket_id, status, steps_enqueued, steps_done FROM ticket")) {
                return rs.next()
                    ? rs.getString(1)
                        + " "
                        + rs.getString(2)
                        + " "
                        + rs.getString(3)
                        + " "
                        + rs.getInt(4)
                        + "/"
                        + rs.getInt(5)
                    : "none";
              }
            }));
  }

  private List<String> column(String sql) throws Exception {
    return await(
        store.withConnection(
            c -> {
              List<String> out = new ArrayList<>();
              try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                  out.add(rs.getString(1));
                }
              }
              return out;
            }));
  }

  private static void eventually(BooleanSupplier condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < end) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException | AssertionError e) {
        // not there yet
      }
      Thread.sleep(25);
    }
    throw new AssertionError("condition not met within 15 s");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static Incident incident(List<String> affected, boolean muted) {
    return new Incident(
        ID,
        "school:jaures",
        IncidentScope.SCHOOL,
        Severity.CRITICAL,
        IncidentStatus.OPEN,
        "lyon",
        "jaures",
        "jaures",
        "school-link",
        "lien internet coupé",
        affected,
        T0,
        null,
        null,
        null,
        muted,
        false);
  }

  private static Incident withId(Incident i, String id) {
    return new Incident(
        id,
        i.fingerprint(),
        IncidentScope.DEVICE,
        Severity.MAJOR,
        i.status(),
        i.communeId(),
        i.schoolId(),
        "jaures/srv",
        i.rule(),
        "serveur injoignable",
        i.affected(),
        i.openedAt(),
        null,
        null,
        null,
        false,
        false);
  }

  private static Incident resolved(Incident i, Instant at) {
    return new Incident(
        i.id(),
        i.fingerprint(),
        i.scope(),
        i.severity(),
        IncidentStatus.RESOLVED,
        i.communeId(),
        i.schoolId(),
        i.subject(),
        i.rule(),
        i.cause(),
        i.affected(),
        i.openedAt(),
        null,
        null,
        at,
        i.muted(),
        false);
  }

  private static IncidentEvent event(IncidentEvent.Type type, long seq, Incident i, String detail) {
    String actor = type == IncidentEvent.Type.ACKNOWLEDGED ? "alice" : "vigie";
    return new IncidentEvent(type, seq, i, T0.plusSeconds(seq * 60), actor, detail);
  }

  private static Inventory inventory() {
    List<CheckSpec> none = List.of();
    return new Inventory(
        List.of(new Commune("lyon", "Lyon", List.of(), O)),
        List.of(
            new School(
                "jaures",
                "École Jean Jaurès",
                "lyon",
                "1 rue Jaurès",
                new Link(LinkType.ADSL, "Orange", 8, 1, "10.1.0.1"),
                O)),
        List.of(
            new Device(
                "router", "jaures", DeviceKind.ROUTER, "RTR-JAURES", "10.1.0.1", null, none, O),
            new Device(
                "srv", "jaures", DeviceKind.SERVER, "Serveur", "10.1.0.10", "router", none, O),
            new Device(
                "ap1",
                "jaures",
                DeviceKind.ACCESS_POINT,
                "Borne 1",
                "10.1.0.20",
                "router",
                none,
                O),
            new Device(
                "ws1", "jaures", DeviceKind.WORKSTATION, "Poste 1", "10.1.0.31", "router", none, O),
            new Device(
                "ws2",
                "jaures",
                DeviceKind.WORKSTATION,
                "Poste 2",
                "10.1.0.32",
                "router",
                none,
                O)),
        null);
  }
}
