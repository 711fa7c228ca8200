package org.vigie.alerting.ticket.glpi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.ticket.Asset;
import org.vigie.alerting.ticket.Helpdesk;
import org.vigie.alerting.ticket.HelpdeskException;
import org.vigie.alerting.ticket.HelpdeskSettings;
import org.vigie.alerting.ticket.TicketRequest;

/**
 * GLPI's REST API v1 ({@code apirest.php}, GLPI 9.1 to 11): a session opened with {@code
 * initSession} (App-Token and user token), {@code Session-Token} on every call, a new session when
 * GLPI says {@code ERROR_SESSION_TOKEN_INVALID} (expired), {@code killSession} at close.
 *
 * <p>Quirks handled: a search with no result has no {@code data} key; {@code equals} on search
 * option 1 (name) compares ids, so exact matches use {@code contains} with {@code ^value$}; a
 * second solution on a solved ticket is refused ({@code ERROR_GLPI_ADD}), so the recovery of a
 * ticket someone already solved becomes a follow-up.
 */
public final class GlpiV1Helpdesk implements Helpdesk {
  private static final Logger LOG = LoggerFactory.getLogger(GlpiV1Helpdesk.class);

  /** Ticket search options (Ticket::rawSearchOptions): name, id, status. */
  static final int NAME = 1;

  static final int ID = 2;
  static final int STATUS = 12;

  /** Asset search options shared by Computer, NetworkEquipment and Printer. */
  static final Map<String, Integer> ASSET_FIELDS = Map.of("name", 1, "serial", 5, "otherserial", 6);

  /** Ticket statuses (CommonITILObject): solved and closed. */
  static final int SOLVED = 5;

  static final int CLOSED = 6;

  private final WebClient client;
  private final String base;
  private final HelpdeskSettings settings;
  private final GlpiHttp.Scrubber scrubber;
  private final Object lock = new Object();
  private Future<Secret> session;

  public GlpiV1Helpdesk(Vertx vertx, HelpdeskSettings settings) {
    this.settings = settings;
    String url = settings.url().toString();
    this.base = (url.endsWith("/") ? url : url + "/") + "apirest.php/";
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setUserAgent("Vigie"));
    this.scrubber =
        new GlpiHttp.Scrubber(List.of(orNone(settings.appToken()), orNone(settings.userToken())));
  }

  private static Secret orNone(Secret s) {
    return s == null ? Secret.of("") : s;
  }

  @Override
  public String system() {
    return "glpi";
  }

  @Override
  public Future<Optional<String>> findByKey(String incidentId) {
    return searchTicket(incidentId)
        .map(rows -> rows.stream().findFirst().map(r -> r.getValue(String.valueOf(ID)).toString()));
  }

  private Future<List<JsonObject>> searchTicket(String key) {
    return call(
            HttpMethod.GET,
            "search/Ticket",
            r ->
                r.addQueryParam("criteria[0][field]", String.valueOf(NAME))
                    .addQueryParam("criteria[0][searchtype]", "contains")
                    .addQueryParam("criteria[0][value]", key)
                    .addQueryParam("forcedisplay[0]", String.valueOf(ID))
                    .addQueryParam("forcedisplay[1]", String.valueOf(STATUS)),
            null)
        .map(
            resp -> {
              JsonObject json = resp.bodyAsJsonObject();
              // GLPI leaves "data" out altogether when nothing matched.
              JsonArray data = json.getJsonArray("data", new JsonArray());
              List<JsonObject> rows = new ArrayList<>();
              for (int i = 0; i < data.size(); i++) {
                JsonObject row = data.getJsonObject(i);
                // "contains" is a LIKE: '_' matches any character; keep exact occurrences only.
                if (String.valueOf(row.getValue(String.valueOf(NAME))).contains(key)) {
                  rows.add(row);
                }
              }
              return rows;
            });
  }

  @Override
  public Future<String> open(TicketRequest request) {
    JsonObject input =
        new JsonObject()
            .put("name", request.title())
            .put("content", request.content())
            .put("type", 1) // Ticket::INCIDENT_TYPE
            .put("urgency", request.urgency())
            .put("impact", request.impact());
    if (request.entityId() != null) {
      input.put("entities_id", request.entityId());
    }
    if (request.categoryId() != null) {
      input.put("itilcategories_id", request.categoryId());
    }
    if (request.requesterId() != null) {
      input.put("_users_id_requester", request.requesterId());
    }
    return call(HttpMethod.POST, "Ticket", r -> {}, new JsonObject().put("input", input))
        .map(resp -> String.valueOf(resp.bodyAsJsonObject().getValue("id")));
  }

  @Override
  public Future<Void> followUp(String ticketId, String stepKey, String text) {
    return subItems(ticketId, "ITILFollowup")
        .compose(
            existing -> {
              if (GlpiHttp.carries(existing, stepKey)) {
                return Future.succeededFuture();
              }
              return addFollowUp(ticketId, stepKey, text);
            });
  }

  private Future<Void> addFollowUp(String ticketId, String stepKey, String text) {
    JsonObject input =
        new JsonObject()
            .put("itemtype", "Ticket")
            .put("items_id", Integer.parseInt(ticketId))
            .put("content", GlpiHttp.withMarker(text, stepKey));
    return call(HttpMethod.POST, "ITILFollowup", r -> {}, new JsonObject().put("input", input))
        .mapEmpty();
  }

  @Override
  public Future<Void> solve(String ticketId, String stepKey, String text) {
    return Future.all(ticket(ticketId), subItems(ticketId, "ITILSolution"))
        .compose(
            both -> {
              JsonObject ticket = both.resultAt(0);
              List<JsonObject> solutions = both.resultAt(1);
              if (GlpiHttp.carries(solutions, stepKey)) {
                return Future.succeededFuture();
              }
              if (ticket.getInteger("status", 1) >= SOLVED) {
                // Solved by someone else: a second solution would be refused.
                return followUp(ticketId, stepKey, text);
              }
              JsonObject input =
                  new JsonObject()
                      .put("itemtype", "Ticket")
                      .put("items_id", Integer.parseInt(ticketId))
                      .put("content", GlpiHttp.withMarker(text, stepKey));
              return call(
                      HttpMethod.POST,
                      "ITILSolution",
                      r -> {},
                      new JsonObject().put("input", input))
                  .<Void>mapEmpty()
                  .recover(
                      e ->
                          e instanceof HelpdeskException h && h.status() == 400
                              ? followUp(ticketId, stepKey, text)
                              : Future.failedFuture(e));
            });
  }

  @Override
  public Future<Void> reopen(String ticketId, String stepKey, String text) {
    return ticket(ticketId)
        .compose(
            ticket -> {
              if (ticket.getInteger("status", 1) < SOLVED) {
                return Future.succeededFuture();
              }
              // Back to "new": GLPI itself moves it to "assigned" when it has technicians.
              return call(
                      HttpMethod.PUT,
                      "Ticket/" + ticketId,
                      r -> {},
                      new JsonObject().put("input", new JsonObject().put("status", 1)))
                  .mapEmpty();
            })
        .compose(v -> followUp(ticketId, stepKey, text));
  }

  @Override
  public Future<Void> link(String ticketId, List<Asset> assets) {
    if (assets.isEmpty()) {
      return Future.succeededFuture();
    }
    return subItems(ticketId, "Item_Ticket")
        .compose(
            existing -> {
              Set<String> linked = new HashSet<>();
              for (JsonObject it : existing) {
                linked.add(it.getString("itemtype") + "/" + it.getValue("items_id"));
              }
              Future<Void> chain = Future.succeededFuture();
              for (Asset asset : assets) {
                chain = chain.compose(v -> linkOne(ticketId, asset, linked));
              }
              return chain;
            });
  }

  private Future<Void> linkOne(String ticketId, Asset asset, Set<String> linked) {
    int field = ASSET_FIELDS.getOrDefault(settings.assetField(), 1);
    return call(
            HttpMethod.GET,
            "search/" + asset.itemtype(),
            r ->
                r.addQueryParam("criteria[0][field]", String.valueOf(field))
                    .addQueryParam("criteria[0][searchtype]", "contains")
                    // "equals" on a name compares ids: an anchored "contains" is the exact match.
                    .addQueryParam("criteria[0][value]", "^" + asset.value() + "$")
                    .addQueryParam("forcedisplay[0]", String.valueOf(ID))
                    .addQueryParam("forcedisplay[1]", String.valueOf(field)),
            null)
        .compose(
            resp -> {
              JsonArray data = resp.bodyAsJsonObject().getJsonArray("data", new JsonArray());
              Optional<Object> id =
                  data.stream()
                      .map(JsonObject.class::cast)
                      .filter(
                          row ->
                              asset
                                  .value()
                                  .equalsIgnoreCase(
                                      String.valueOf(row.getValue(String.valueOf(field)))))
                      .map(row -> row.getValue(String.valueOf(ID)))
                      .findFirst();
              if (id.isEmpty()) {
                LOG.info(
                    "GLPI has no {} whose {} is '{}' (device {}): not linked",
                    asset.itemtype(),
                    settings.assetField(),
                    asset.value(),
                    asset.deviceKey());
                return Future.succeededFuture();
              }
              if (!linked.add(asset.itemtype() + "/" + id.get())) {
                return Future.succeededFuture();
              }
              JsonObject input =
                  new JsonObject()
                      .put("tickets_id", Integer.parseInt(ticketId))
                      .put("itemtype", asset.itemtype())
                      .put("items_id", Integer.parseInt(String.valueOf(id.get())));
              return call(
                      HttpMethod.POST, "Item_Ticket", r -> {}, new JsonObject().put("input", input))
                  .mapEmpty();
            });
  }

  private Future<JsonObject> ticket(String ticketId) {
    return call(HttpMethod.GET, "Ticket/" + ticketId, r -> {}, null)
        .map(HttpResponse::bodyAsJsonObject);
  }

  private Future<List<JsonObject>> subItems(String ticketId, String itemtype) {
    return call(
            HttpMethod.GET,
            "Ticket/" + ticketId + "/" + itemtype,
            r -> r.addQueryParam("range", "0-999"),
            null)
        .map(
            resp -> {
              JsonArray a = resp.bodyAsJsonArray();
              List<JsonObject> out = new ArrayList<>();
              for (int i = 0; i < a.size(); i++) {
                out.add(a.getJsonObject(i));
              }
              return out;
            });
  }

  /** One API call with the session; a session GLPI says expired is opened again, once. */
  private Future<HttpResponse<Buffer>> call(
      HttpMethod method, String path, Consumer<HttpRequest<Buffer>> customize, JsonObject body) {
    return session()
        .compose(token -> attempt(method, path, customize, body, token))
        .compose(
            resp -> {
              if (resp.statusCode() == 401
                  && GlpiHttp.isError(resp, "ERROR_SESSION_TOKEN_INVALID")) {
                LOG.info("GLPI session expired: opening a new one");
                forget();
                return session().compose(t -> attempt(method, path, customize, body, t));
              }
              return Future.succeededFuture(resp);
            })
        .compose(resp -> check(method, path, resp));
  }

  private Future<HttpResponse<Buffer>> attempt(
      HttpMethod method,
      String path,
      Consumer<HttpRequest<Buffer>> customize,
      JsonObject body,
      Secret token) {
    HttpRequest<Buffer> r =
        client
            .requestAbs(method, base + path)
            .timeout(settings.timeout().toMillis())
            .putHeader("Session-Token", token.reveal())
            .putHeader("Accept", "application/json");
    appToken(r);
    customize.accept(r);
    return GlpiHttp.send(r, body, GlpiHttp.describe(method, path), scrubber);
  }

  private Future<HttpResponse<Buffer>> check(
      HttpMethod method, String path, HttpResponse<Buffer> resp) {
    int s = resp.statusCode();
    if (s >= 200 && s < 300) {
      return Future.succeededFuture(resp);
    }
    // A session refused twice is about credentials or rights: worth retrying once fixed.
    boolean retryable = GlpiHttp.retryableStatus(s) || s == 401;
    return Future.failedFuture(
        GlpiHttp.failure(GlpiHttp.describe(method, path), resp, retryable, scrubber));
  }

  private void appToken(HttpRequest<Buffer> r) {
    if (settings.appToken() != null && !settings.appToken().reveal().isEmpty()) {
      r.putHeader("App-Token", settings.appToken().reveal());
    }
  }

  private Future<Secret> session() {
    synchronized (lock) {
      if (session == null || session.failed()) {
        session = initSession();
      }
      return session;
    }
  }

  private void forget() {
    synchronized (lock) {
      session = null;
    }
  }

  private Future<Secret> initSession() {
    HttpRequest<Buffer> r =
        client
            .requestAbs(HttpMethod.GET, base + "initSession")
            .timeout(settings.timeout().toMillis())
            .putHeader("Accept", "application/json");
    appToken(r);
    if (settings.userToken() != null) {
      r.putHeader("Authorization", "user_token " + settings.userToken().reveal());
    }
    return GlpiHttp.send(r, null, "GLPI initSession", scrubber)
        .compose(
            resp -> {
              if (resp.statusCode() != 200) {
                // 400: a token is missing (ERROR_LOGIN_PARAMETERS_MISSING, ERROR_APP_TOKEN_...);
                // 401: a token is wrong (ERROR_GLPI_LOGIN_USER_TOKEN). Both need the operator.
                HelpdeskException e = GlpiHttp.failure("GLPI initSession", resp, true, scrubber);
                LOG.warn("{}: check alerting.helpdesk tokens", e.getMessage());
                return Future.failedFuture(e);
              }
              Secret token = Secret.of(resp.bodyAsJsonObject().getString("session_token"));
              scrubber.current(token);
              return Future.succeededFuture(token);
            });
  }

  @Override
  public Future<Void> close() {
    Future<Secret> s;
    synchronized (lock) {
      s = session;
      session = null;
    }
    Future<Void> kill =
        s == null || !s.succeeded()
            ? Future.succeededFuture()
            : attempt(HttpMethod.GET, "killSession", r -> {}, null, s.result())
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    return kill.eventually(
        () -> {
          client.close();
          return Future.succeededFuture();
        });
  }
}
