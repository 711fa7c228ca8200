package org.vigie.alerting.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.MutableClock;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.ticket.glpi.GlpiV2Helpdesk;

/** The GLPI v2 client (high-level API) against {@link GlpiV2Double}: OAuth, quirks, idempotence. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GlpiV2HelpdeskTest {
  private Vertx vertx;
  private GlpiV2Double glpi;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-09T08:00:00Z"));
  private final List<GlpiV2Helpdesk> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    glpi = await(new GlpiV2Double(vertx).start());
  }

  @AfterEach
  void stop() throws Exception {
    for (GlpiV2Helpdesk c : clients) {
      await(c.close());
    }
    await(vertx.close());
  }

  private GlpiV2Helpdesk client() {
    return client(glpi.settings());
  }

  private GlpiV2Helpdesk client(HelpdeskSettings s) {
    GlpiV2Helpdesk h =
        new GlpiV2Helpdesk(
            vertx,
            s.withTimeout(Duration.ofMillis(800))
                .withMappings(
                    GlpiV2Double.DSI_USER,
                    new HelpdeskSettings.Mapping(null, null),
                    java.util.Map.of(),
                    null),
            clock);
    clients.add(h);
    return h;
  }

  private static TicketRequest request(String key) {
    return new TicketRequest(
        key,
        "[Vigie] École Jaurès (Lyon) : lien coupé [" + key + "]",
        "<p>x</p>",
        "x",
        5,
        4,
        3,
        12,
        GlpiV2Double.DSI_USER,
        List.of());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static HelpdeskException failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(HelpdeskException.class);
      return (HelpdeskException) e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  // ---- tickets ----

  @Test
  void openedTicket_carriesTypeUrgencyImpactEntityCategory_andTheRequester() throws Exception {
    GlpiV2Helpdesk h = client();
    assertThat(h.system()).isEqualTo("glpi-v2");
    String id = await(h.open(request("school:jaures@1000")));
    JsonObject t = glpi.tickets().get(0);
    assertThat(t.getInteger("id")).isEqualTo(Integer.parseInt(id));
    assertThat(t.getString("name")).endsWith("[school:jaures@1000]");
    assertThat(t.getString("content")).isEqualTo("<p>x</p>");
    assertThat(t.getInteger("type")).isEqualTo(1);
    assertThat(t.getInteger("urgency")).isEqualTo(5);
    assertThat(t.getInteger("impact")).isEqualTo(4);
    assertThat(t.getInteger("entities_id")).isEqualTo(3);
    assertThat(t.getInteger("itilcategories_id")).isEqualTo(12);
    // GLPI made the API user a requester; Vigie adds the configured one, once.
    await(h.link(id, List.of(new Asset("NetworkEquipment", "jaures/router", "RTR-JAURES"))));
    assertThat(glpi.requesterIds(Integer.parseInt(id)))
        .containsExactlyInAnyOrder(GlpiV2Double.API_USER, GlpiV2Double.DSI_USER);
    assertThat(glpi.linkedItems(Integer.parseInt(id))).isEmpty();
  }

  @Test
  void findByKey_matchesTheKeyExactly_notLikesWildcardsNorAPrefix() throws Exception {
    GlpiV2Helpdesk h = client();
    assertThat(await(h.findByKey("school:jaures@1000"))).isEmpty();
    String id = await(h.open(request("school:jaures@1000")));
    String odd = await(h.open(request("device:a\"b%c*d\\e@1")));
    assertThat(await(h.findByKey("school:jaures@1000"))).contains(id);
    assertThat(await(h.findByKey("device:a\"b%c*d\\e@1"))).contains(odd);
    // "_" is any one character in GLPI's LIKE, and "school:jaures@100" is inside "…@1000".
    assertThat(await(h.findByKey("school:ja_res@1000"))).isEmpty();
    assertThat(await(h.findByKey("school:jaures@100"))).isEmpty();
    assertThat(await(h.findByKey("SCHOOL:JAURES@1000"))).isEmpty();
    assertThat(glpi.requests())
        .anyMatch(r -> r.startsWith("GET /api.php/v2/Assistance/Ticket?filter=name%3Dlike%3D"));
  }

  @Test
  void followUpRepeatedWithTheSameStepKey_isAddedOnce() throws Exception {
    GlpiV2Helpdesk h = client();
    int id = Integer.parseInt(await(h.open(request("k@1"))));
    await(h.followUp(String.valueOf(id), "k@1#2", "<p>3 appareils de plus</p>"));
    await(h.followUp(String.valueOf(id), "k@1#2", "<p>3 appareils de plus</p>"));
    await(h.followUp(String.valueOf(id), "k@1#3", "<p>pris en charge</p>"));
    assertThat(glpi.followUps(id))
        .extracting(f -> f.getString("content"))
        .containsExactly(
            "<p>3 appareils de plus</p><p><small>[vigie:k@1#2]</small></p>",
            "<p>pris en charge</p><p><small>[vigie:k@1#3]</small></p>");
  }

  @Test
  void solve_solvesOnce_andASecondRecoveryBecomesAFollowUp() throws Exception {
    GlpiV2Helpdesk h = client();
    int id = Integer.parseInt(await(h.open(request("k@1"))));
    await(h.solve(String.valueOf(id), "k@1#4", "rétabli"));
    await(h.solve(String.valueOf(id), "k@1#4", "rétabli"));
    assertThat(glpi.tickets().get(0).getInteger("status")).isEqualTo(5);
    assertThat(glpi.solutions(id)).hasSize(1);
    await(h.solve(String.valueOf(id), "k@1#9", "rétabli encore"));
    assertThat(glpi.solutions(id)).hasSize(1);
    assertThat(glpi.followUps(id))
        .singleElement()
        .satisfies(f -> assertThat(f.getString("content")).contains("[vigie:k@1#9]"));
  }

  @Test
  void solutionRefusedBecauseATechnicianSolvedTheTicketMeanwhile_becomesAFollowUp()
      throws Exception {
    GlpiV2Helpdesk h = client();
    int id = Integer.parseInt(await(h.open(request("k@1"))));
    glpi.solvedByTechnicianBeforeNextSolution();
    await(h.solve(String.valueOf(id), "k@1#2", "rétabli"));
    assertThat(glpi.solutions(id))
        .singleElement()
        .satisfies(s -> assertThat(s.getString("content")).isEqualTo("Redémarré le routeur."));
    assertThat(glpi.followUps(id))
        .singleElement()
        .satisfies(f -> assertThat(f.getString("content")).contains("[vigie:k@1#2]"));
  }

  @Test
  void reopen_bringsASolvedTicketBackToNew_andGlpiRefusesItsSolution() throws Exception {
    GlpiV2Helpdesk h = client();
    int id = Integer.parseInt(await(h.open(request("k@1"))));
    await(h.reopen(String.valueOf(id), "k@1#2", "récidive")); // not solved: a follow-up only
    assertThat(glpi.tickets().get(0).getInteger("status")).isEqualTo(1);
    await(h.solve(String.valueOf(id), "k@1#3", "rétabli"));
    await(h.reopen(String.valueOf(id), "k@1#4", "récidive"));
    await(h.reopen(String.valueOf(id), "k@1#4", "récidive"));
    assertThat(glpi.tickets().get(0).getInteger("status")).isEqualTo(1);
    assertThat(glpi.solutions(id).get(0).getInteger("status")).isEqualTo(4);
    assertThat(glpi.followUps(id)).hasSize(2);
    await(h.solve(String.valueOf(id), "k@1#5", "rétabli"));
    assertThat(glpi.tickets().get(0).getInteger("status")).isEqualTo(5);
    assertThat(glpi.solutions(id)).extracting(s -> s.getInteger("status")).containsExactly(4, 2);
  }

  @Test
  void createTimingOutAfterGlpiStoredTheTicket_isFoundByItsKey() throws Exception {
    GlpiV2Helpdesk h = client();
    glpi.dropReplyAfterNextCreate();
    HelpdeskException e = failure(h.open(request("k@1")));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).startsWith("GLPI POST Assistance/Ticket: no answer (timed out");
    assertThat(await(h.findByKey("k@1")))
        .contains(String.valueOf(glpi.tickets().get(0).getInteger("id")));
    assertThat(glpi.createRequests()).isEqualTo(1);
  }

  // ---- OAuth ----

  @Test
  void expiredToken_isRefreshed_andTheCallSucceeds() throws Exception {
    GlpiV2Helpdesk h = client();
    await(h.open(request("k@1")));
    glpi.expireTokens();
    assertThat(await(h.findByKey("k@1"))).isPresent();
    assertThat(glpi.refusedTokens()).isEqualTo(1);
    assertThat(glpi.grants("password")).isEqualTo(1);
    assertThat(glpi.grants("refresh_token")).isEqualTo(1);
  }

  @Test
  void expiredToken_andRefusedRefreshToken_startOverWithThePasswordGrant() throws Exception {
    GlpiV2Helpdesk h = client();
    await(h.open(request("k@1")));
    glpi.expireTokens();
    glpi.revokeRefreshTokens();
    assertThat(await(h.findByKey("k@1"))).isPresent();
    assertThat(glpi.grants("password")).isEqualTo(2);
  }

  @Test
  void tokenNearItsExpiry_isRenewedBeforeUse_withoutARefusedCall() throws Exception {
    GlpiV2Helpdesk h = client();
    await(h.findByKey("k@1"));
    clock.advance(Duration.ofMinutes(58));
    await(h.findByKey("k@1"));
    assertThat(glpi.grants("refresh_token")).isZero();
    clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // within a minute of the hour
    await(h.findByKey("k@1"));
    assertThat(glpi.grants("refresh_token")).isEqualTo(1);
    assertThat(glpi.refusedTokens()).isZero();
  }

  @Test
  void wrongSecret_is401InvalidClient_wrongPassword400InvalidGrant_neverShowingThem()
      throws Exception {
    HelpdeskException client =
        failure(
            client(
                    HelpdeskSettings.glpiV2(
                        glpi.url(),
                        GlpiV2Double.CLIENT_ID,
                        Secret.of("wrong-secret-4711"),
                        GlpiV2Double.USERNAME,
                        Secret.of(GlpiV2Double.PASSWORD)))
                .findByKey("k"));
    assertThat(client.status()).isEqualTo(401);
    assertThat(client.retryable()).isTrue();
    assertThat(client.getMessage())
        .isEqualTo(
            "GLPI POST token (password grant): HTTP 401 invalid_client: Client authentication failed");
    HelpdeskException user =
        failure(
            client(
                    HelpdeskSettings.glpiV2(
                        glpi.url(),
                        GlpiV2Double.CLIENT_ID,
                        Secret.of(GlpiV2Double.CLIENT_SECRET),
                        GlpiV2Double.USERNAME,
                        Secret.of("wrong-password-0815")))
                .findByKey("k"));
    assertThat(user.status()).isEqualTo(400);
    assertThat(user.getMessage())
        .isEqualTo(
            "GLPI POST token (password grant): HTTP 400 invalid_grant: The user credentials were"
                + " incorrect.")
        .doesNotContain("wrong-password-0815")
        .doesNotContain(GlpiV2Double.CLIENT_SECRET);
  }

  @Test
  void clientCredentialsGrant_getsAToken_butGlpiGivesItNoUserRights() throws Exception {
    GlpiV2Helpdesk h =
        client(
            HelpdeskSettings.glpiV2(
                glpi.url(),
                GlpiV2Double.CLIENT_ID,
                Secret.of(GlpiV2Double.CLIENT_SECRET),
                null,
                null));
    HelpdeskException e = failure(h.findByKey("k"));
    assertThat(glpi.grants("client_credentials")).isEqualTo(1);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .isEqualTo(
            "GLPI GET Assistance/Ticket: HTTP 403 ERROR_RIGHT_MISSING: You don't have permission to"
                + " perform this action.");
  }

  @Test
  void grantNotEnabledForTheClient_isReported() throws Exception {
    glpi.clientGrants("client_credentials");
    HelpdeskException e = failure(client().findByKey("k"));
    assertThat(e.getMessage())
        .isEqualTo(
            "GLPI POST token (password grant): HTTP 400 unauthorized_client: The authenticated"
                + " client is not authorized to use this authorization grant type.");
  }

  // ---- faults ----

  @Test
  void serverError_isRetryable_withGlpisMessage() throws Exception {
    GlpiV2Helpdesk h = client();
    await(h.findByKey("k"));
    glpi.failNext(1, 500);
    HelpdeskException e = failure(h.open(request("k@1")));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "GLPI POST Assistance/Ticket: HTTP 500 ERROR: An error occurred while processing your"
                + " request.");
  }

  @Test
  void glpiDown_isRetryable_andBackUp_works() throws Exception {
    GlpiV2Helpdesk h = client();
    glpi.down(true);
    HelpdeskException e = failure(h.findByKey("k"));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).startsWith("GLPI POST token (password grant): HTTP 503 <html>");
    glpi.down(false);
    assertThat(await(h.findByKey("k"))).isEmpty();
  }

  @Test
  void slowReply_timesOut_asRetryable() throws Exception {
    GlpiV2Helpdesk h = client();
    await(h.findByKey("k"));
    glpi.slowReplies(Duration.ofSeconds(2));
    HelpdeskException e = failure(h.findByKey("k"));
    assertThat(e.retryable()).isTrue();
    assertThat(e.status()).isZero();
    assertThat(e.getMessage()).startsWith("GLPI GET Assistance/Ticket: no answer (timed out");
  }

  @Test
  void noSecretInLogsNorErrors() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    List<String> texts = new ArrayList<>();
    try {
      GlpiV2Helpdesk h = client();
      String id = await(h.open(request("k@1")));
      glpi.expireTokens();
      await(h.followUp(id, "k@1#2", "x"));
      glpi.failNext(1, 502);
      texts.add(failure(h.followUp(id, "k@1#3", "y")).getMessage());
      glpi.expireTokens();
      glpi.revokeRefreshTokens();
      glpi.down(true);
      texts.add(failure(h.followUp(id, "k@1#3", "y")).getMessage());
      glpi.down(false);
      texts.add(
          failure(
                  client(
                          HelpdeskSettings.glpiV2(
                              glpi.url(),
                              GlpiV2Double.CLIENT_ID,
                              Secret.of(GlpiV2Double.CLIENT_SECRET),
                              GlpiV2Double.USERNAME,
                              Secret.of("wrong-" + GlpiV2Double.PASSWORD)))
                      .findByKey("k"))
              .getMessage());
    } finally {
      root.detachAppender(logs);
    }
    logs.list.forEach(e -> texts.add(e.getFormattedMessage() + " " + e.getThrowableProxy()));
    String all = String.join("\n", texts);
    assertThat(all).contains("HTTP 502").contains("HTTP 503").contains("invalid_grant");
    assertThat(glpi.secrets()).hasSizeGreaterThanOrEqualTo(6);
    for (String s : glpi.secrets()) {
      assertThat(all).doesNotContain(s);
    }
  }
}
