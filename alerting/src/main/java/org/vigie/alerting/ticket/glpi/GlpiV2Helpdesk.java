package org.vigie.alerting.ticket.glpi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.ticket.Asset;
import org.vigie.alerting.ticket.Helpdesk;
import org.vigie.alerting.ticket.HelpdeskException;
import org.vigie.alerting.ticket.HelpdeskSettings;
import org.vigie.alerting.ticket.TicketRequest;

/**
 * GLPI 11's high-level API ({@code api.php/v2}, file names below are GLPI's, under {@code
 * src/Glpi/Api/HL}): an OAuth 2 bearer token ({@link GlpiOAuth}), tickets at {@code
 * /Assistance/Ticket} and their timeline at {@code /Assistance/Ticket/{id}/Timeline/Followup|
 * Solution} (Controller/ITILController.php).
 *
 * <p>What differs from v1, and how it is handled:
 *
 * <ul>
 *   <li>An expired or unknown token is answered 400 {@code ERROR_INVALID_PARAMETER} "Invalid OAuth
 *       token" (Router::handleRequest catches the OAuthServerException), a missing one 401 {@code
 *       ERROR_UNAUTHENTICATED}: both get a new token and the call once more. The request was
 *       refused before any route ran, so repeating a create is safe.
 *   <li>Search is RSQL ({@code filter}, RSQL/Parser.php): {@code =like=} is a case-sensitive LIKE
 *       where {@code *} is any text and {@code %} becomes {@code _} (one character), and a filter
 *       on a property the schema does not know is ignored, which matches every ticket. So the title
 *       is searched for {@code [<incident id>]} and every answer is checked here for it exactly.
 *   <li>Items are created with 200 (not 201), {@code {"id", "href"}} and a {@code Location} header
 *       (AbstractController::getItemLinkResponse); a refused add is 500 {@code ERROR} "Failed to
 *       create item(s)" with GLPI's reason in {@code additional_messages}, not a 4xx: a solution
 *       refused that way is checked against the ticket, which someone else may have solved.
 *   <li>Writes take the schema's names: {@code entity} and {@code category} as {@code {"id": n}},
 *       {@code status} as {@code {"id": n}}; updates are {@code PATCH}. Properties outside the
 *       schema are dropped (ResourceAccessor::getInputParamsBySchema), so the requester is added
 *       afterwards as a team member ({@code POST …/TeamMember}, role 1: CommonITILActor::REQUESTER,
 *       as GLPI passes the role through unconverted).
 *   <li>The timeline lists are {@code [{"type": "Followup", "item": {…}}]}.
 *   <li>No route links assets to a ticket (ITILController has none for Item_Ticket): {@link #link}
 *       adds only the requester; assets stay unlinked.
 * </ul>
 */
public final class GlpiV2Helpdesk implements Helpdesk {
  private static final Logger LOG = LoggerFactory.getLogger(GlpiV2Helpdesk.class);

  /** Ticket statuses (CommonITILObject): new, solved. */
  static final int NEW = 1;

  static final int SOLVED = 5;

  /** CommonITILActor::REQUESTER (Team::ROLE_REQUESTER). */
  static final int REQUESTER = 1;

  /** Tickets asked per search: the key is exact enough that more means a wrong filter. */
  static final int SEARCH_LIMIT = 50;

  private static final Pattern CREATED_ID = Pattern.compile(".*/(\\d+)/?$");

  private final WebClient client;
  private final String api;
  private final HelpdeskSettings settings;
  private final GlpiHttp.Scrubber scrubber;
  private final GlpiOAuth oauth;

  /**
   * @param clock decides when the access token is due for renewal
   */
  public GlpiV2Helpdesk(Vertx vertx, HelpdeskSettings settings, Clock clock) {
    this.settings = settings;
    String url = settings.url().toString();
    String base = url.endsWith("/") ? url : url + "/";
    // "/v2/" picks the latest 2.x API (Controller/ApiController.php strips it into the
    // GLPI-API-Version header); the token endpoint is outside any version.
    this.api = base + "api.php/v2/";
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setUserAgent("Vigie"));
    this.scrubber =
        new GlpiHttp.Scrubber(
            List.of(orNone(settings.clientSecret()), orNone(settings.password())));
    this.oauth = new GlpiOAuth(client, base + "api.php/token", settings, scrubber, clock);
  }

  private static Secret orNone(Secret s) {
    return s == null ? Secret.of("") : s;
  }

  @Override
  public String system() {
    return "glpi-v2";
  }

  @Override
  public Future<Optional<String>> findByKey(String incidentId) {
    String needle = "[" + incidentId + "]";
    return call(
            HttpMethod.GET,
            "Assistance/Ticket",
            r ->
                r.addQueryParam("filter", "name=like=\"*" + likePattern(needle) + "*\"")
                    .addQueryParam("start", "0")
                    .addQueryParam("limit", String.valueOf(SEARCH_LIMIT)),
            null)
        .map(
            resp ->
                array(resp).stream()
                    // LIKE's "_" is any one character, and an ignored filter matches everything:
                    // only a title holding the key itself counts.
                    .filter(t -> String.valueOf(t.getValue("name")).contains(needle))
                    .map(t -> String.valueOf(t.getValue("id")))
                    .findFirst());
  }

  /**
   * The RSQL {@code =like=} pattern matching {@code text}: characters RSQL or LIKE would read
   * (quote, backslash, {@code *}, {@code %}) become {@code *}, which widens the match; the caller
   * checks the results exactly.
   */
  static String likePattern(String text) {
    StringBuilder b = new StringBuilder();
    for (char c : text.toCharArray()) {
      b.append(c == '"' || c == '\\' || c == '*' || c == '%' ? '*' : c);
    }
    return b.toString();
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
      input.put("entity", new JsonObject().put("id", request.entityId()));
    }
    if (request.categoryId() != null) {
      input.put("category", new JsonObject().put("id", request.categoryId()));
    }
    return call(HttpMethod.POST, "Assistance/Ticket", r -> {}, input)
        .compose(resp -> createdId(resp, "GLPI POST Assistance/Ticket"))
        .compose(id -> requester(id, request.requesterId()).map(id));
  }

  /** The id GLPI answers a create with: the body's {@code id}, else the Location's last part. */
  private Future<String> createdId(HttpResponse<Buffer> resp, String what) {
    try {
      JsonObject body = resp.bodyAsJsonObject();
      if (body != null && body.getValue("id") instanceof Number n) {
        return Future.succeededFuture(String.valueOf(n.longValue()));
      }
    } catch (DecodeException | ClassCastException e) {
      // Fall back to the Location header.
    }
    String location = resp.getHeader("Location");
    var m = location == null ? null : CREATED_ID.matcher(location);
    if (m != null && m.matches()) {
      return Future.succeededFuture(m.group(1));
    }
    return Future.failedFuture(
        new HelpdeskException(
            what + ": created, but the answer has no id", resp.statusCode(), true));
  }

  /** Adds the requester to the ticket's team unless already there. */
  private Future<Void> requester(String ticketId, Integer userId) {
    if (userId == null) {
      return Future.succeededFuture();
    }
    String path = "Assistance/Ticket/" + ticketId + "/TeamMember";
    Pattern self = Pattern.compile("user\\.form\\.php\\?(?:.*&)?id=" + userId + "(?:&.*)?$");
    return call(HttpMethod.GET, path, r -> {}, null)
        .compose(
            resp -> {
              // getCleanTeam keeps no id: a member is known by its role and its form link.
              boolean there =
                  array(resp).stream()
                      .anyMatch(
                          m ->
                              ("requester".equals(String.valueOf(m.getValue("role")))
                                      || Integer.valueOf(REQUESTER).equals(m.getValue("role")))
                                  && self.matcher(String.valueOf(m.getValue("href"))).find());
              if (there) {
                return Future.succeededFuture();
              }
              JsonObject member =
                  new JsonObject().put("type", "User").put("id", userId).put("role", REQUESTER);
              return call(HttpMethod.POST, path, r -> {}, member).mapEmpty();
            });
  }

  @Override
  public Future<Void> followUp(String ticketId, String stepKey, String text) {
    return timeline(ticketId, "Followup")
        .compose(
            existing ->
                GlpiHttp.carries(existing, stepKey)
                    ? Future.succeededFuture()
                    : addToTimeline(ticketId, "Followup", stepKey, text));
  }

  private Future<Void> addToTimeline(String ticketId, String type, String stepKey, String text) {
    JsonObject input = new JsonObject().put("content", GlpiHttp.withMarker(text, stepKey));
    if (type.equals("Followup")) {
      input.put("is_private", false);
    }
    return call(
            HttpMethod.POST, "Assistance/Ticket/" + ticketId + "/Timeline/" + type, r -> {}, input)
        .mapEmpty();
  }

  @Override
  public Future<Void> solve(String ticketId, String stepKey, String text) {
    return Future.all(ticket(ticketId), timeline(ticketId, "Solution"))
        .compose(
            both -> {
              JsonObject ticket = both.resultAt(0);
              List<JsonObject> solutions = both.resultAt(1);
              if (GlpiHttp.carries(solutions, stepKey)) {
                return Future.succeededFuture();
              }
              if (status(ticket) >= SOLVED) {
                // Solved by someone else: a second solution would be refused.
                return followUp(ticketId, stepKey, text);
              }
              return addToTimeline(ticketId, "Solution", stepKey, text)
                  .recover(
                      e ->
                          e instanceof HelpdeskException h && h.status() >= 400
                              ? solvedMeanwhile(ticketId, stepKey, text, h)
                              : Future.failedFuture(e));
            });
  }

  /**
   * GLPI refuses a solution on a solved ticket with a 500 (ITILSolution::prepareInputForAdd fails,
   * the add returns false): if the ticket is solved now, the text goes as a follow-up; otherwise
   * the error stands.
   */
  private Future<Void> solvedMeanwhile(
      String ticketId, String stepKey, String text, HelpdeskException refusal) {
    return ticket(ticketId)
        .compose(
            t ->
                status(t) >= SOLVED
                    ? followUp(ticketId, stepKey, text)
                    : Future.<Void>failedFuture(refusal));
  }

  @Override
  public Future<Void> reopen(String ticketId, String stepKey, String text) {
    return ticket(ticketId)
        .compose(
            ticket -> {
              if (status(ticket) < SOLVED) {
                return Future.succeededFuture();
              }
              // Back to "new": GLPI itself moves it to "assigned" when it has technicians.
              JsonObject input = new JsonObject().put("status", new JsonObject().put("id", NEW));
              return call(HttpMethod.PATCH, "Assistance/Ticket/" + ticketId, r -> {}, input)
                  .mapEmpty();
            })
        .compose(v -> followUp(ticketId, stepKey, text));
  }

  /**
   * Adds the requester (again, if the create's answer was lost before it could be); assets are not
   * linked, the high-level API having no route for it.
   */
  @Override
  public Future<Void> link(String ticketId, List<Asset> assets) {
    if (!assets.isEmpty()) {
      LOG.debug(
          "GLPI's high-level API cannot link assets to ticket {}: {} not linked",
          ticketId,
          assets.stream().map(Asset::deviceKey).toList());
    }
    return requester(ticketId, settings.requesterId());
  }

  private Future<JsonObject> ticket(String ticketId) {
    return call(HttpMethod.GET, "Assistance/Ticket/" + ticketId, r -> {}, null)
        .map(HttpResponse::bodyAsJsonObject);
  }

  /** The ticket's status id: {@code {"status": {"id": 5, "name": "Solved"}}}. */
  static int status(JsonObject ticket) {
    Object s = ticket.getValue("status");
    if (s instanceof JsonObject o && o.getValue("id") instanceof Number n) {
      return n.intValue();
    }
    return s instanceof Number n ? n.intValue() : NEW;
  }

  private Future<List<JsonObject>> timeline(String ticketId, String type) {
    return call(
            HttpMethod.GET, "Assistance/Ticket/" + ticketId + "/Timeline/" + type, r -> {}, null)
        .map(
            resp -> {
              List<JsonObject> out = new ArrayList<>();
              for (JsonObject entry : array(resp)) {
                // [{"type": "Followup", "item": {...}}]; a bare item is taken as is.
                out.add(entry.getValue("item") instanceof JsonObject item ? item : entry);
              }
              return out;
            });
  }

  private static List<JsonObject> array(HttpResponse<Buffer> resp) {
    JsonArray a = resp.body() == null ? new JsonArray() : resp.bodyAsJsonArray();
    List<JsonObject> out = new ArrayList<>();
    for (Object o : a) {
      if (o instanceof JsonObject j) {
        out.add(j);
      }
    }
    return out;
  }

  /** One API call with the token; a token GLPI refuses is replaced, and the call made once more. */
  private Future<HttpResponse<Buffer>> call(
      HttpMethod method, String path, Consumer<HttpRequest<Buffer>> customize, JsonObject body) {
    return oauth
        .accessToken()
        .compose(
            token ->
                attempt(method, path, customize, body, token)
                    .compose(
                        resp -> {
                          if (tokenRefused(resp)) {
                            LOG.info(
                                "GLPI refused the access token ({} {}): asking for a new one",
                                resp.statusCode(),
                                GlpiHttp.errorOf(resp).lines().findFirst().orElse(""));
                            oauth.refused(token);
                            return oauth
                                .accessToken()
                                .compose(t -> attempt(method, path, customize, body, t));
                          }
                          return Future.succeededFuture(resp);
                        }))
        .compose(resp -> check(method, path, resp));
  }

  /**
   * 401 {@code ERROR_UNAUTHENTICATED} (no usable Authorization header) or 400 "Invalid OAuth token"
   * (expired, revoked, or signed with other keys).
   */
  static boolean tokenRefused(HttpResponse<Buffer> resp) {
    if (resp.statusCode() == 401) {
      return true;
    }
    if (resp.statusCode() != 400) {
      return false;
    }
    try {
      JsonObject o = resp.bodyAsJsonObject();
      return o != null && "Invalid OAuth token".equals(o.getValue("title"));
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }

  private Future<HttpResponse<Buffer>> attempt(
      HttpMethod method,
      String path,
      Consumer<HttpRequest<Buffer>> customize,
      JsonObject body,
      Secret token) {
    HttpRequest<Buffer> r =
        client
            .requestAbs(method, api + path)
            .timeout(settings.timeout().toMillis())
            .putHeader("Authorization", "Bearer " + token.reveal())
            .putHeader("Accept", "application/json");
    customize.accept(r);
    return GlpiHttp.send(r, body, GlpiHttp.describe(method, path), scrubber);
  }

  private Future<HttpResponse<Buffer>> check(
      HttpMethod method, String path, HttpResponse<Buffer> resp) {
    int s = resp.statusCode();
    if (s >= 200 && s < 300) {
      return Future.succeededFuture(resp);
    }
    // A token refused twice is about credentials or rights: worth retrying once fixed.
    boolean retryable = GlpiHttp.retryableStatus(s) || tokenRefused(resp);
    return Future.failedFuture(
        GlpiHttp.failure(GlpiHttp.describe(method, path), resp, retryable, scrubber));
  }

  /** Forgets the tokens (GLPI has no revocation endpoint) and closes the HTTP client. */
  @Override
  public Future<Void> close() {
    oauth.forget();
    client.close();
    return Future.succeededFuture();
  }
}
