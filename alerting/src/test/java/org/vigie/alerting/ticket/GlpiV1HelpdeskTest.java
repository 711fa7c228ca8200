package org.vigie.alerting.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.ticket.glpi.GlpiV1Helpdesk;

/** The GLPI v1 client against {@link GlpiDouble}: sessions, quirks, idempotent steps. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class GlpiV1HelpdeskTest {
  private Vertx vertx;
  private GlpiDouble glpi;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    glpi = await(new GlpiDouble(vertx).start());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private GlpiV1Helpdesk client(String app, String user) {
    return new GlpiV1Helpdesk(
        vertx,
        HelpdeskSettings.glpiV1(
                glpi.url(),
                app == null ? null : Secret.of(app),
                user == null ? null : Secret.of(user))
            .withTimeout(Duration.ofMillis(800)));
  }

  private static TicketRequest request(String key) {
    return new TicketRequest(
        key, "École Jaurès — lien coupé [" + key + "]", "<p>x</p>", "x", 5, 5, 3, 12, 7, List.of());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void openedTicket_isFoundByItsKey_andCarriesTypeUrgencyEntityCategoryRequester()
      throws Exception {
    GlpiV1Helpdesk h = client(GlpiDouble.APP_TOKEN, GlpiDouble.USER_TOKEN);
    assertThat(await(h.findByKey("school:jaures@1000"))).isEmpty();
    String id = await(h.open(request("school:jaures@1000")));
    assertThat(await(h.findByKey("school:jaures@1000"))).contains(id);
    assertThat(await(h.findByKey("school:jaures@2000"))).isEmpty();
    JsonObject t = glpi.tickets().get(0);
    assertThat(t.getInteger("type")).isEqualTo(1);
    assertThat(t.getInteger("urgency")).isEqualTo(5);
    assertThat(t.getInteger("entities_id")).isEqualTo(3);
    assertThat(t.getInteger("itilcategories_id")).isEqualTo(12);
    assertThat(t.getInteger("_users_id_requester")).isEqualTo(7);
    await(h.close());
  }

  @Test
  void followUpRepeatedWithTheSameStepKey_isAddedOnce() throws Exception {
    GlpiV1Helpdesk h = client(GlpiDouble.APP_TOKEN, GlpiDouble.USER_TOKEN);
    int id = Integer.parseInt(await(h.open(request("k@1"))));
    await(h.followUp(String.valueOf(id), "k@1#2", "<p>3 appareils de plus</p>"));
    await(h.followUp(String.valueOf(id), "k@1#2", "<p>3 appareils de plus</p>"));
    await(h.followUp(String.valueOf(id), "k@1#3", "<p>pris en charge</p>"));
    assertThat(glpi.followUps(id)).hasSize(2);
  }

  @Test
  void solve_setsStatusSolved_once_andASecondRecoveryBecomesAFollowUp() throws Exception {
    GlpiV1Helpdesk h = client(GlpiDouble.APP_TOKEN, GlpiDouble.USER_TOKEN);
    int id = Integer.parseInt(await(h.open(request("k@1"))));
    await(h.solve(String.valueOf(id), "k@1#4", "rétabli"));
    await(h.solve(String.valueOf(id), "k@1#4", "rétabli"));
    assertThat(glpi.tickets().get(0).getInteger("status")).isEqualTo(5);
    assertThat(glpi.solutions(id)).hasSize(1);
    // Someone solved it in between: GLPI refuses a second solution, the text goes as follow-up.
    await(h.solve(String.valueOf(id), "k@1#9", "rétabli encore"));
    assertThat(glpi.solutions(id)).hasSize(1);
    assertThat(glpi.followUps(id)).hasSize(1);
  }

  @Test
  void reopen_bringsASolvedTicketBackToNew_andRefusesItsSolution() throws Exception {
    GlpiV1Helpdesk h = client(GlpiDouble.APP_TOKEN, GlpiDouble.USER_TOKEN);
    int id = Integer.parseInt(await(h.open(request("k@1"))));
    await(h.solve(String.valueOf(id), "k@1#2", "rétabli"));
    await(h.reopen(String.valueOf(id), "k@1#3", "récidive"));
    assertThat(glpi.tickets().get(0).getInteger("status")).isEqualTo(1);
    assertThat(glpi.solutions(id).get(0).getInteger("status")).isEqualTo(4);
    await(h.solve(String.valueOf(id), "k@1#4", "rétabli"));
    assertThat(glpi.tickets().get(0).getInteger("status")).isEqualTo(5);
    assertThat(glpi.solutions(id)).hasSize(2);
  }

  @Test
  void link_findsAssetsByExactName_notBySubstring_andLinksOnce() throws Exception {
    int router = glpi.addAsset("NetworkEquipment", "RTR-JAURES", "S1", "INV-1");
    glpi.addAsset("NetworkEquipment", "RTR-JAURES-2", "S2", "INV-2");
    GlpiV1Helpdesk h = client(GlpiDouble.APP_TOKEN, GlpiDouble.USER_TOKEN);
    int id = Integer.parseInt(await(h.open(request("k@1"))));
    List<Asset> assets =
        List.of(
            new Asset("NetworkEquipment", "jaures/router", "rtr-jaures"),
            new Asset("Computer", "jaures/nobody", "GHOST"));
    await(h.link(String.valueOf(id), assets));
    await(h.link(String.valueOf(id), assets));
    assertThat(glpi.itemTickets(id))
        .singleElement()
        .satisfies(
            it -> {
              assertThat(it.getString("itemtype")).isEqualTo("NetworkEquipment");
              assertThat(it.getInteger("items_id")).isEqualTo(router);
            });
  }

  @Test
  void expiredSession_isOpenedAgain_andTheCallSucceeds() throws Exception {
    GlpiV1Helpdesk h = client(GlpiDouble.APP_TOKEN, GlpiDouble.USER_TOKEN);
    await(h.open(request("k@1")));
    glpi.expireSessions();
    assertThat(await(h.findByKey("k@1"))).isPresent();
    assertThat(glpi.sessionsOpened()).isEqualTo(2);
  }

  @Test
  void missingUserToken_is400_wrongOne401_reportedWithGlpisCode_withoutTheToken() throws Exception {
    Throwable missing = failure(client(GlpiDouble.APP_TOKEN, null).findByKey("k"));
    assertThat(missing)
        .isInstanceOf(HelpdeskException.class)
        .hasMessage(
            "GLPI initSession: HTTP 400 ERROR_LOGIN_PARAMETERS_MISSING: parameter(s) login,"
                + " password missing");
    Throwable wrong = failure(client(GlpiDouble.APP_TOKEN, "wrong-user-token-123").findByKey("k"));
    assertThat(((HelpdeskException) wrong).status()).isEqualTo(401);
    assertThat(wrong.getMessage())
        .isEqualTo(
            "GLPI initSession: HTTP 401 ERROR_GLPI_LOGIN_USER_TOKEN: parameter user_token seems invalid")
        .doesNotContain("wrong-user-token-123");
  }

  @Test
  void serverError_isRetryable_withGlpisMessage() throws Exception {
    GlpiV1Helpdesk h = client(GlpiDouble.APP_TOKEN, GlpiDouble.USER_TOKEN);
    await(h.findByKey("k"));
    glpi.failNext(1, 500);
    HelpdeskException e = (HelpdeskException) failure(h.open(request("k@1")));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo("GLPI POST Ticket: HTTP 500 ERROR_SQL: SQL error, check GLPI logs");
  }

  @Test
  void slowReply_timesOut_asRetryable() throws Exception {
    GlpiV1Helpdesk h = client(GlpiDouble.APP_TOKEN, GlpiDouble.USER_TOKEN);
    await(h.findByKey("k"));
    glpi.slowReplies(Duration.ofSeconds(2));
    HelpdeskException e = (HelpdeskException) failure(h.findByKey("k"));
    assertThat(e.retryable()).isTrue();
    assertThat(e.status()).isZero();
    assertThat(e.getMessage()).startsWith("GLPI GET search/Ticket: no answer");
    assertThat(Optional.of(e.getMessage()))
        .get()
        .asString()
        .doesNotContain(GlpiDouble.USER_TOKEN)
        .doesNotContain(GlpiDouble.APP_TOKEN);
  }
}
