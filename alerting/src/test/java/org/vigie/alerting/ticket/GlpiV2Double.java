package org.vigie.alerting.ticket;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.vigie.aggregator.Secret;

/**
 * A double of GLPI 11's high-level API ({@code api.php/v2}) and its OAuth 2 token endpoint, on
 * 127.0.0.1 (GLPI cannot be installed here). Written from GLPI's sources (glpi-project/glpi, paths
 * below), not from guesses; where a behaviour comes from a library GLPI uses, the library is named.
 *
 * <ul>
 *   <li>Paths (src/Glpi/Controller/ApiController.php): {@code /api.php/v2[.x[.y]]/…}, the version
 *       taken out of the path; {@code /api.php/token} (also under {@code /v2}).
 *   <li>Token endpoint (src/Glpi/Api/HL/Controller/CoreController.php {@code token},
 *       src/Glpi/OAuth/ Server.php, ClientRepository.php, ScopeRepository.php,
 *       league/oauth2-server): grants {@code password}, {@code client_credentials} and {@code
 *       refresh_token}; form or JSON parameters (Glpi\Http\Request::getParsedBody); {@code 200
 *       {"token_type": "Bearer", "expires_in", "access_token", "refresh_token"}} (no refresh token
 *       for client credentials); errors as league's {@code {"error", "error_description",
 *       "message", "hint"}}: unknown grant 400 {@code unsupported_grant_type}, missing parameter
 *       400 {@code invalid_request}, unknown client or wrong secret 401 {@code invalid_client},
 *       grant not enabled for the client 400 {@code unauthorized_client}, no scope 400 {@code
 *       invalid_scope} (GLPI sets no default scope; scopes the client lacks are dropped), wrong
 *       user or password 400 {@code invalid_grant}, bad refresh token 401 {@code invalid_request}.
 *       A refresh revokes the refresh token used.
 *   <li>Authentication (src/Glpi/Api/HL/Router.php {@code handleRequest}, {@code handleAuth};
 *       Middleware/OAuthRequestMiddleware.php): no {@code Authorization} header (or a Basic one):
 *       401 {@code ERROR_UNAUTHENTICATED}; an unknown, expired or revoked bearer token: <b>400</b>
 *       {@code ERROR_INVALID_PARAMETER} "Invalid OAuth token" with league's hint as detail; a token
 *       without the {@code api} scope: 403 {@code ERROR_RIGHT_MISSING}. A client-credentials token
 *       carries no user (Router::startTemporarySession loads none), so ticket routes answer 403.
 *   <li>Request bodies (Router::handleRequest): parsed only when {@code Content-Type} is exactly
 *       {@code application/json}; invalid JSON is 400 {@code ERROR} "Invalid JSON body".
 *   <li>Errors (Controller/AbstractController.php): {@code {"status", "title", "detail"}} plus
 *       {@code additional_messages} for refused adds; 404 {@code ERROR_ITEM_NOT_FOUND} "Not found"
 *       for an unknown ticket (Middleware/CRUDRequestMiddleware.php) or path.
 *   <li>Tickets (Controller/ITILController.php, ResourceAccessor.php): {@code GET/POST
 *       /Assistance/Ticket}, {@code GET/PATCH /Assistance/Ticket/{id}}; shown in the schema's shape
 *       ({@code status: {id, name}}, {@code entity: {id, name, completename}}, {@code category},
 *       {@code external_id}, {@code team}…); written through the schema only (unknown properties
 *       dropped, dropdowns as {@code {"id": n}} or {@code n}); a create answers <b>200</b> {@code
 *       {"id", "href"}} and {@code Location}; an update answers the item; the API user becomes a
 *       requester of the tickets it opens (GLPI's default requester).
 *   <li>Timeline: {@code GET/POST /Assistance/Ticket/{id}/Timeline/Followup|Solution}; lists are
 *       {@code [{"type", "item"}]}; a solution on a solved or closed ticket is refused by
 *       ITILSolution with <b>500</b> {@code ERROR} "Failed to create item(s)" and the reason in
 *       {@code additional_messages}; a solution solves the ticket; a solved ticket set back below
 *       solved gets its solutions refused (status 4), as GLPI does.
 *   <li>Team: {@code GET/POST /Assistance/Ticket/{id}/TeamMember}; members shown without id, as
 *       {@code {role: "requester", name, …, href: "/front/user.form.php?id=n"}}; a POST takes
 *       {@code type}, {@code id}, {@code role} (numeric: GLPI passes it through unconverted) and
 *       answers 201, a duplicate or bad role 400 {@code ERROR_INVALID_PARAMETER}.
 *   <li>Search (RSQL/Lexer.php, RSQL/Parser.php, ResourceAccessor::searchBySchema): {@code filter}
 *       with {@code ==}, {@code !=}, {@code =like=}, {@code =ilike=}, {@code ;} and {@code ,}
 *       (groups are not served: 501); values bare or quoted; {@code =like=} turns {@code %} into
 *       {@code _} and {@code *} into {@code %}, then is a case-sensitive SQL LIKE; {@code ==} is
 *       case-insensitive (MySQL collation); a filter on an unknown property or with an unknown
 *       operator is ignored; {@code start}, {@code limit} (100 when absent, an assumption), {@code
 *       Content-Range}, 206 when more remain.
 * </ul>
 *
 * <p>Not served (Vigie does not use them): assets (GLPI has no route to link one to a ticket),
 * tasks, documents, validations, RSQL groups, sorting.
 *
 * <p>Faults: {@link #failNext} (5xx with GLPI's generic error), {@link #down} (503 from the web
 * server, an HTML page), {@link #dropReplyAfterNextCreate} (the ticket is stored, the reply never
 * comes), {@link #expireTokens}, {@link #tokenLifetime}, {@link #slowReplies}. The store is
 * inspectable: {@link #tickets}, {@link #followUps}, {@link #solutions}, {@link #requesterIds},
 * {@link #createRequests}, {@link #grants}, {@link #refusedTokens}, {@link #requests}. Also {@link
 * #revokeRefreshTokens}, {@link #clientGrants} and {@link #solvedByTechnicianBeforeNextSolution} (a
 * technician's solution lands between Vigie's look at the ticket and its own solution).
 */
public final class GlpiV2Double implements GlpiFake {
  public static final String CLIENT_ID = "9a1c5e7b3d2f4a6c8e0b1d3f5a7c9e1b";
  public static final String CLIENT_SECRET = "secret-5f3a9c1e7b2d4f6a8c0e2b4d6f8a";
  public static final String USERNAME = "vigie";
  public static final String PASSWORD = "pw-8c0e2b4d6f8a1c3e5a7b";

  /** The API user's id, and another user (the configured requester in tests). */
  public static final int API_USER = 12;

  public static final int DSI_USER = 7;

  private static final String V = "/api\\.php(?:/v2(?:\\.\\d+){0,2})?";
  private static final Map<Integer, String> STATUS_NAMES =
      Map.of(
          1, "New",
          2, "Processing (assigned)",
          3, "Processing (planned)",
          4, "Pending",
          5, "Solved",
          6, "Closed");

  private final Vertx vertx;
  private final SecureRandom random = new SecureRandom();
  private HttpServer server;
  private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
  private final Set<String> issued = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> grants = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final Map<Integer, JsonObject> tickets = new TreeMap<>();
  private final List<JsonObject> followUps = new ArrayList<>();
  private final List<JsonObject> solutions = new ArrayList<>();
  private final List<JsonObject> ticketUsers = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(200);
  private final AtomicInteger createRequests = new AtomicInteger();
  private final List<String> requests = new ArrayList<>();
  private volatile Set<String> clientGrants = Set.of("password", "client_credentials");
  private volatile Duration lifetime = Duration.ofHours(1);
  private volatile int failNext;
  private volatile int failStatus = 500;
  private volatile boolean down;
  private volatile boolean dropNextCreateReply;
  private volatile boolean technicianSolvesFirst;
  private volatile Duration slow = Duration.ZERO;

  /** What a token was granted: its user (null for client credentials), scopes, expiry. */
  private record Grant(String client, Integer user, List<String> scopes, Instant expires) {}

  public GlpiV2Double(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts on 127.0.0.1, any free port. */
  public Future<GlpiV2Double> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route("/api.php/*").handler(this::faults);
    router.postWithRegex("/api\\.php(?:/v2(?:\\.\\d+){0,2})?/token").handler(this::token);
    router.routeWithRegex(V + "/.*").handler(this::authenticate);
    router.routeWithRegex(V + "/.*").handler(this::jsonBody);
    String ticket = V + "/Assistance/Ticket";
    String one = ticket + "/(?<id>\\d+)";
    router.getWithRegex(ticket).handler(this::searchTickets);
    router.postWithRegex(ticket).handler(this::createTicket);
    router.getWithRegex(one).handler(this::getTicket);
    router.patchWithRegex(one).handler(this::updateTicket);
    router.getWithRegex(one + "/Timeline/(?<type>Followup|Solution)").handler(this::timeline);
    router.postWithRegex(one + "/Timeline/(?<type>Followup|Solution)").handler(this::addTimeline);
    router.getWithRegex(one + "/TeamMember").handler(this::team);
    router.postWithRegex(one + "/TeamMember").handler(this::addTeamMember);
    router
        .routeWithRegex(V + "/.*")
        .handler(ctx -> error(ctx, 404, "ERROR_ITEM_NOT_FOUND", "Not found", null));
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(
            s -> {
              server = s;
              return this;
            });
  }

  @Override
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
  }

  @Override
  public HelpdeskSettings settings() {
    return HelpdeskSettings.glpiV2(
        url(), CLIENT_ID, Secret.of(CLIENT_SECRET), USERNAME, Secret.of(PASSWORD));
  }

  @Override
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  // ---- fault injection and set-up ----

  /** The next {@code n} API calls fail with {@code status} and GLPI's generic error body. */
  @Override
  public void failNext(int n, int status) {
    failStatus = status;
    failNext = n;
  }

  /** While down, every call gets the web server's 503 page (PHP-FPM stopped). */
  @Override
  public void down(boolean isDown) {
    down = isDown;
  }

  /** The next ticket create stores the ticket and never answers. */
  @Override
  public void dropReplyAfterNextCreate() {
    dropNextCreateReply = true;
  }

  /** Every access token issued so far expires now (refresh tokens stay valid). */
  public void expireTokens() {
    Instant past = Instant.now().minusSeconds(1);
    accessTokens.replaceAll((k, g) -> new Grant(g.client(), g.user(), g.scopes(), past));
  }

  @Override
  public void expireCredentials() {
    expireTokens();
  }

  /** Every refresh token issued so far is revoked (GLPI's refresh tokens expire too). */
  public void revokeRefreshTokens() {
    refreshTokens.clear();
  }

  /**
   * Just before the next solution request is handled, a technician solves the ticket (the race
   * between Vigie's look at the ticket and its solution).
   */
  public void solvedByTechnicianBeforeNextSolution() {
    technicianSolvesFirst = true;
  }

  /** The lifetime ({@code expires_in}) of the access tokens issued from now on. */
  public void tokenLifetime(Duration d) {
    lifetime = d;
  }

  /** The grants the OAuth client is allowed (GLPI's client form). */
  public void clientGrants(String... grantTypes) {
    clientGrants = Set.of(grantTypes);
  }

  /** Every answer waits this long. */
  public void slowReplies(Duration d) {
    slow = d;
  }

  // ---- inspection ----

  /** The tickets as GLPI's table holds them (status, entities_id, itilcategories_id…). */
  @Override
  public synchronized List<JsonObject> tickets() {
    return tickets.values().stream().map(JsonObject::copy).toList();
  }

  @Override
  public synchronized List<JsonObject> followUps(int ticketId) {
    return followUps.stream().filter(f -> f.getInteger("items_id") == ticketId).toList();
  }

  @Override
  public synchronized List<JsonObject> solutions(int ticketId) {
    return solutions.stream().filter(f -> f.getInteger("items_id") == ticketId).toList();
  }

  @Override
  public synchronized List<Integer> requesterIds(int ticketId) {
    return ticketUsers.stream()
        .filter(u -> u.getInteger("tickets_id") == ticketId && u.getInteger("type") == 1)
        .map(u -> u.getInteger("users_id"))
        .toList();
  }

  /** Always empty: the high-level API cannot link assets to a ticket. */
  @Override
  public List<JsonObject> linkedItems(int ticketId) {
    return List.of();
  }

  @Override
  public int createRequests() {
    return createRequests.get();
  }

  /** Tokens granted with {@code grantType} ({@code password}, {@code refresh_token}…). */
  public int grants(String grantType) {
    AtomicInteger n = grants.get(grantType);
    return n == null ? 0 : n.get();
  }

  /** Calls answered "Invalid OAuth token". */
  public int refusedTokens() {
    return refused.get();
  }

  /** Every access and refresh token ever handed out. */
  public Set<String> issuedTokens() {
    return Set.copyOf(issued);
  }

  @Override
  public Set<String> secrets() {
    Set<String> all = new HashSet<>(issued);
    all.add(CLIENT_SECRET);
    all.add(PASSWORD);
    return all;
  }

  /** Every request line, as received. */
  @Override
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  // ---- handlers: faults, OAuth ----

  private void faults(RoutingContext ctx) {
    synchronized (this) {
      requests.add(ctx.request().method() + " " + ctx.request().uri());
    }
    if (down) {
      ctx.response()
          .setStatusCode(503)
          .putHeader("Content-Type", "text/html")
          .end(
              "<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
                  + "<center><h1>503 Service Temporarily Unavailable</h1></center></body></html>");
      return;
    }
    if (failNext > 0) {
      failNext--;
      // ResourceAccessor's answer to an unexpected exception outside debug mode.
      error(ctx, failStatus, "ERROR", "An error occurred while processing your request.", null);
      return;
    }
    if (slow.isZero()) {
      ctx.next();
    } else {
      vertx.setTimer(slow.toMillis(), t -> ctx.next());
    }
  }

  private void token(RoutingContext ctx) {
    Map<String, String> p = new TreeMap<>();
    if ("application/json".equals(ctx.request().getHeader("Content-Type"))) {
      try {
        ctx.body().asJsonObject().forEach(e -> p.put(e.getKey(), String.valueOf(e.getValue())));
      } catch (DecodeException | ClassCastException e) {
        error(ctx, 400, "ERROR", "Invalid JSON body", null);
        return;
      }
    } else {
      MultiMap form = ctx.request().formAttributes();
      form.forEach(e -> p.put(e.getKey(), e.getValue()));
    }
    String type = p.get("grant_type");
    if (type == null || !Set.of("password", "client_credentials", "refresh_token").contains(type)) {
      oauthError(
          ctx,
          400,
          "unsupported_grant_type",
          "The authorization grant type is not supported by the authorization server.",
          "Check that all required parameters have been provided");
      return;
    }
    String client = p.get("client_id");
    if (client == null) {
      invalidRequest(ctx, "client_id");
      return;
    }
    if (!CLIENT_ID.equals(client) || !CLIENT_SECRET.equals(p.get("client_secret"))) {
      oauthError(ctx, 401, "invalid_client", "Client authentication failed", null);
      return;
    }
    if (!type.equals("refresh_token") && !clientGrants.contains(type)) {
      oauthError(
          ctx,
          400,
          "unauthorized_client",
          "The authenticated client is not authorized to use this authorization grant type.",
          null);
      return;
    }
    List<String> scopes = scopes(p.get("scope"));
    switch (type) {
      case "client_credentials" -> {
        if (scopes.isEmpty()) {
          invalidScope(ctx);
          return;
        }
        issue(ctx, type, new Grant(client, null, scopes, null), false);
      }
      case "password" -> {
        if (scopes.isEmpty()) {
          invalidScope(ctx);
          return;
        }
        if (p.get("username") == null) {
          invalidRequest(ctx, "username");
          return;
        }
        if (p.get("password") == null) {
          invalidRequest(ctx, "password");
          return;
        }
        if (!USERNAME.equals(p.get("username")) || !PASSWORD.equals(p.get("password"))) {
          oauthError(ctx, 400, "invalid_grant", "The user credentials were incorrect.", null);
          return;
        }
        issue(ctx, type, new Grant(client, API_USER, scopes, null), true);
      }
      default -> {
        String refresh = p.get("refresh_token");
        if (refresh == null) {
          invalidRequest(ctx, "refresh_token");
          return;
        }
        Grant g = refreshTokens.remove(refresh);
        if (g == null) {
          oauthError(
              ctx,
              401,
              "invalid_request",
              "The refresh token is invalid.",
              "Token has been revoked");
          return;
        }
        issue(ctx, type, g, true);
      }
    }
  }

  /** GLPI's ScopeRepository keeps only the scopes the client is allowed ({@code api} here). */
  private static List<String> scopes(String requested) {
    if (requested == null || requested.isBlank()) {
      return List.of();
    }
    return List.of(requested.strip().split("\\s+")).stream()
        .filter(s -> s.equals("api") || s.equals("status"))
        .distinct()
        .toList();
  }

  private void issue(RoutingContext ctx, String type, Grant g, boolean withRefresh) {
    String access = jwtLike();
    Grant granted = new Grant(g.client(), g.user(), g.scopes(), Instant.now().plus(lifetime));
    accessTokens.put(access, granted);
    issued.add(access);
    grants.computeIfAbsent(type, k -> new AtomicInteger()).incrementAndGet();
    JsonObject out =
        new JsonObject()
            .put("token_type", "Bearer")
            .put("expires_in", lifetime.toSeconds())
            .put("access_token", access);
    if (withRefresh) {
      String refresh = randomToken(96);
      refreshTokens.put(refresh, granted);
      issued.add(refresh);
      out.put("refresh_token", refresh);
    }
    ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
    json(ctx, 200, out);
  }

  private String jwtLike() {
    return "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + randomToken(48) + "." + randomToken(64);
  }

  private String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void invalidRequest(RoutingContext ctx, String parameter) {
    oauthError(
        ctx,
        400,
        "invalid_request",
        "The request is missing a required parameter, includes an invalid parameter value, includes"
            + " a parameter more than once, or is otherwise malformed.",
        "Check the `" + parameter + "` parameter");
  }

  private static void invalidScope(RoutingContext ctx) {
    oauthError(
        ctx,
        400,
        "invalid_scope",
        "The requested scope is invalid, unknown, or malformed",
        "Specify a scope in the request or set a default scope");
  }

  private static void oauthError(
      RoutingContext ctx, int status, String error, String description, String hint) {
    JsonObject body =
        new JsonObject()
            .put("error", error)
            .put("error_description", description)
            .put("message", description);
    if (hint != null) {
      body.put("hint", hint);
    }
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"OAuth\"");
    }
    json(ctx, status, body);
  }

  private void authenticate(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    if (auth == null || auth.startsWith("Basic ") || !auth.startsWith("Bearer ")) {
      json(
          ctx,
          401,
          new JsonObject()
              .put("title", "You are not authenticated")
              .put("detail", "The Authorization header is missing or invalid")
              .put("status", "ERROR_UNAUTHENTICATED"));
      return;
    }
    Grant g = accessTokens.get(auth.substring("Bearer ".length()).strip());
    if (g == null || !Instant.now().isBefore(g.expires())) {
      refused.incrementAndGet();
      error(
          ctx,
          400,
          "ERROR_INVALID_PARAMETER",
          "Invalid OAuth token",
          "Access token could not be verified");
      return;
    }
    if (!g.scopes().contains("api") || g.user() == null) {
      error(
          ctx,
          403,
          "ERROR_RIGHT_MISSING",
          "You don't have permission to perform this action.",
          null);
      return;
    }
    ctx.put("user", g.user());
    ctx.next();
  }

  /** Router::handleRequest: the body counts only with exactly {@code application/json}. */
  private void jsonBody(RoutingContext ctx) {
    JsonObject params = new JsonObject();
    if ("application/json".equals(ctx.request().getHeader("Content-Type"))
        && ctx.body().length() > 0) {
      try {
        Object v = ctx.body().asJsonObject();
        params = (JsonObject) v;
      } catch (DecodeException | ClassCastException e) {
        error(ctx, 400, "ERROR", "Invalid JSON body", null);
        return;
      }
    }
    ctx.put("params", params == null ? new JsonObject() : params);
    ctx.next();
  }

  // ---- handlers: tickets ----

  private synchronized void searchTickets(RoutingContext ctx) {
    Predicate<JsonObject> filter;
    try {
      filter = rsql(ctx.queryParams().get("filter"));
    } catch (UnsupportedOperationException e) {
      error(ctx, 501, "ERROR", "Not served by GlpiV2Double", e.getMessage());
      return;
    }
    List<JsonObject> matched =
        tickets.values().stream().map(this::ticketView).filter(filter).toList();
    int start = intParam(ctx, "start", 0);
    int limit = intParam(ctx, "limit", 100);
    JsonArray page = new JsonArray();
    for (int i = start; i < matched.size() && i < start + limit; i++) {
      page.add(matched.get(i));
    }
    int total = matched.size();
    boolean more = start + limit < total;
    int end = Math.max(0, start + limit - 1);
    if (end > total) {
      end = total - 1;
    }
    ctx.response().putHeader("Content-Range", start + "-" + end + "/" + total);
    json(ctx, more ? 206 : 200, page);
  }

  private static int intParam(RoutingContext ctx, String name, int def) {
    String v = ctx.queryParams().get(name);
    return v == null ? def : Integer.parseInt(v);
  }

  private synchronized void createTicket(RoutingContext ctx) {
    createRequests.incrementAndGet();
    JsonObject in = input(ctx);
    if (in.getString("name", "").isBlank() && in.getString("content", "").isBlank()) {
      addFailed(ctx, "Title or description is mandatory");
      return;
    }
    int id = ids.incrementAndGet();
    JsonObject t =
        new JsonObject()
            .put("id", id)
            .put("name", in.getString("name", ""))
            .put("content", in.getString("content", ""))
            .put("status", in.getInteger("status", 1))
            .put("type", in.getInteger("type", 1))
            .put("urgency", in.getInteger("urgency", 3))
            .put("impact", in.getInteger("impact", 3))
            .put("entities_id", in.getInteger("entities_id", 0))
            .put("itilcategories_id", in.getInteger("itilcategories_id", 0))
            .put("externalid", in.getString("externalid", ""))
            .put("is_deleted", false)
            .put("date_creation", Instant.now().toString());
    tickets.put(id, t);
    // GLPI's default: whoever opens a ticket is its requester.
    ticketUsers.add(
        new JsonObject()
            .put("tickets_id", id)
            .put("users_id", (Integer) ctx.get("user"))
            .put("type", 1));
    if (dropNextCreateReply) {
      dropNextCreateReply = false;
      return; // stored, and the client never hears it
    }
    created(ctx, "/Assistance/Ticket/" + id, id);
  }

  /**
   * The ticket's writable schema properties as table columns (ResourceAccessor::
   * getInputParamsBySchema): anything else is dropped.
   */
  private static JsonObject input(RoutingContext ctx) {
    JsonObject p = ctx.get("params");
    JsonObject in = new JsonObject();
    for (String k : List.of("name", "content", "type", "urgency", "impact")) {
      if (p.containsKey(k)) {
        in.put(k, p.getValue(k));
      }
    }
    if (p.containsKey("external_id")) {
      in.put("externalid", p.getValue("external_id"));
    }
    Map<String, String> dropdowns =
        Map.of("entity", "entities_id", "category", "itilcategories_id", "status", "status");
    dropdowns.forEach(
        (prop, column) -> {
          Object v = p.getValue(prop);
          Object id = v instanceof JsonObject o ? o.getValue("id") : v;
          if (id != null) {
            in.put(column, id instanceof Number n ? n.intValue() : Integer.parseInt(id.toString()));
          }
        });
    return in;
  }

  private synchronized void getTicket(RoutingContext ctx) {
    JsonObject t = tickets.get(Integer.parseInt(ctx.pathParam("id")));
    if (t == null) {
      notFound(ctx);
    } else {
      json(ctx, 200, ticketView(t));
    }
  }

  private synchronized void updateTicket(RoutingContext ctx) {
    int id = Integer.parseInt(ctx.pathParam("id"));
    JsonObject t = tickets.get(id);
    if (t == null) {
      notFound(ctx);
      return;
    }
    JsonObject in = input(ctx);
    in.remove("entities_id"); // an entity change is a transfer (ResourceAccessor::updateBySchema)
    Integer status = in.getInteger("status");
    if (status != null && status < 5 && t.getInteger("status") >= 5) {
      solutions.stream()
          .filter(s -> s.getInteger("items_id") == id)
          .forEach(s -> s.put("status", 4)); // CommonITILValidation::REFUSED
    }
    in.forEach(e -> t.put(e.getKey(), e.getValue()));
    json(ctx, 200, ticketView(t));
  }

  /** The Ticket schema's view of a row. */
  private JsonObject ticketView(JsonObject t) {
    int id = t.getInteger("id");
    int status = t.getInteger("status");
    int entity = t.getInteger("entities_id");
    int category = t.getInteger("itilcategories_id");
    return new JsonObject()
        .put("id", id)
        .put("name", t.getString("name"))
        .put("content", t.getString("content"))
        .put("is_deleted", t.getBoolean("is_deleted"))
        .put(
            "category",
            category == 0
                ? null
                : new JsonObject().put("id", category).put("name", "Catégorie " + category))
        .put("location", null)
        .put("urgency", t.getInteger("urgency"))
        .put("impact", t.getInteger("impact"))
        .put("priority", Math.max(t.getInteger("urgency"), t.getInteger("impact")))
        .put("actiontime", 0)
        .put("date_creation", t.getString("date_creation"))
        .put("date_mod", t.getString("date_creation"))
        .put("date", t.getString("date_creation"))
        .put("type", t.getInteger("type"))
        .put("external_id", t.getString("externalid"))
        .put("request_type", null)
        .put("status", new JsonObject().put("id", status).put("name", STATUS_NAMES.get(status)))
        .put(
            "entity",
            new JsonObject()
                .put("id", entity)
                .put("name", entity == 0 ? "Root entity" : "Entité " + entity)
                .put(
                    "completename", entity == 0 ? "Root entity" : "Root entity > Entité " + entity))
        .put("team", team(id));
  }

  // ---- handlers: timeline and team ----

  private synchronized void timeline(RoutingContext ctx) {
    int id = Integer.parseInt(ctx.pathParam("id"));
    if (!tickets.containsKey(id)) {
      notFound(ctx);
      return;
    }
    String type = ctx.pathParam("type");
    List<JsonObject> items = type.equals("Followup") ? followUps(id) : solutions(id);
    JsonArray out = new JsonArray();
    for (JsonObject i : items) {
      JsonObject item =
          new JsonObject()
              .put("id", i.getInteger("id"))
              .put("itemtype", "Ticket")
              .put("items_id", id)
              .put("content", i.getString("content"))
              .put(
                  "user",
                  new JsonObject().put("id", i.getInteger("users_id")).put("name", USERNAME))
              .put("user_editor", null);
      if (type.equals("Followup")) {
        item.put("is_private", i.getBoolean("is_private", false))
            .put("request_type", null)
            .put("date_creation", i.getString("date_creation"))
            .put("date_mod", i.getString("date_creation"));
      }
      out.add(new JsonObject().put("type", type).put("item", item));
    }
    json(ctx, 200, out);
  }

  private synchronized void addTimeline(RoutingContext ctx) {
    int ticketId = Integer.parseInt(ctx.pathParam("id"));
    JsonObject t = tickets.get(ticketId);
    if (t == null) {
      notFound(ctx);
      return;
    }
    String type = ctx.pathParam("type");
    JsonObject p = ctx.get("params");
    int id = ids.incrementAndGet();
    JsonObject item =
        new JsonObject()
            .put("id", id)
            .put("itemtype", "Ticket")
            .put("items_id", ticketId)
            .put("content", p.getString("content", ""))
            .put("users_id", (Integer) ctx.get("user"))
            .put("date_creation", Instant.now().toString());
    if (type.equals("Followup")) {
      item.put("is_private", Boolean.TRUE.equals(p.getValue("is_private")));
      followUps.add(item);
    } else {
      if (technicianSolvesFirst) {
        technicianSolvesFirst = false;
        solutions.add(
            new JsonObject()
                .put("id", ids.incrementAndGet())
                .put("itemtype", "Ticket")
                .put("items_id", ticketId)
                .put("content", "Redémarré le routeur.")
                .put("users_id", DSI_USER)
                .put("status", 2));
        t.put("status", 5);
      }
      if (t.getInteger("status") >= 5) {
        addFailed(ctx, "The item is already solved, did anyone pushed a solution before you?");
        return;
      }
      item.put("status", 2); // CommonITILValidation::WAITING
      solutions.add(item);
      t.put("status", 5);
    }
    created(ctx, "/Assistance/Ticket/" + ticketId + "/Timeline/" + type + "/" + id, id);
  }

  private synchronized void team(RoutingContext ctx) {
    int id = Integer.parseInt(ctx.pathParam("id"));
    if (!tickets.containsKey(id)) {
      notFound(ctx);
      return;
    }
    json(ctx, 200, team(id));
  }

  private JsonArray team(int ticketId) {
    JsonArray out = new JsonArray();
    for (JsonObject u : ticketUsers) {
      if (u.getInteger("tickets_id") == ticketId) {
        int user = u.getInteger("users_id");
        String name = user == API_USER ? USERNAME : "user" + user;
        out.add(
            new JsonObject()
                .put(
                    "role",
                    switch (u.getInteger("type")) {
                      case 1 -> "requester";
                      case 2 -> "assigned";
                      default -> "observer";
                    })
                .put("name", name)
                .put("realname", name.toUpperCase(Locale.ROOT))
                .put("firstname", "")
                .put("display_name", name.toUpperCase(Locale.ROOT))
                .put("href", "/front/user.form.php?id=" + user));
      }
    }
    return out;
  }

  private synchronized void addTeamMember(RoutingContext ctx) {
    int id = Integer.parseInt(ctx.pathParam("id"));
    if (!tickets.containsKey(id)) {
      notFound(ctx);
      return;
    }
    JsonObject p = ctx.get("params");
    boolean valid =
        "User".equals(p.getValue("type"))
            && p.getValue("id") instanceof Number
            && p.getValue("role") instanceof Number r
            && r.intValue() >= 1
            && r.intValue() <= 3;
    if (valid) {
      int user = p.getInteger("id");
      int role = p.getInteger("role");
      // glpi_tickets_users is unique on (ticket, type, user): a second add fails.
      valid =
          ticketUsers.stream()
              .noneMatch(
                  u ->
                      u.getInteger("tickets_id") == id
                          && u.getInteger("users_id") == user
                          && u.getInteger("type") == role);
      if (valid) {
        ticketUsers.add(
            new JsonObject().put("tickets_id", id).put("users_id", user).put("type", role));
      }
    }
    if (!valid) {
      error(ctx, 400, "ERROR_INVALID_PARAMETER", "One or more parameters are invalid", null);
      return;
    }
    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end("null");
  }

  // ---- RSQL ----

  private static final Set<String> OPERATORS = Set.of("==", "!=", "=like=", "=ilike=");

  /**
   * The filter as a predicate on a schema view. Lexer.php splits on unquoted {@code ;} and {@code
   * ,}; Parser.php skips filters on unknown properties or with unknown operators.
   */
  static Predicate<JsonObject> rsql(String filter) {
    if (filter == null || filter.isBlank()) {
      return x -> true;
    }
    List<String> parts = new ArrayList<>();
    List<Character> links = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    Character quote = null;
    for (char c : filter.toCharArray()) {
      if (quote != null) {
        cur.append(c);
        if (c == quote) {
          quote = null;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        cur.append(c);
      } else if (c == '(' || c == ')') {
        throw new UnsupportedOperationException("RSQL groups");
      } else if (c == ';' || c == ',') {
        parts.add(cur.toString());
        links.add(c);
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    Predicate<JsonObject> result = null;
    for (int i = 0; i < parts.size(); i++) {
      Predicate<JsonObject> p = comparison(parts.get(i));
      if (p == null) {
        continue; // an invalid filter is ignored, not refused
      }
      if (result == null) {
        result = p;
      } else {
        result = links.get(i - 1) == ',' ? result.or(p) : result.and(p);
      }
    }
    return result == null ? x -> true : result;
  }

  private static final Pattern COMPARISON =
      Pattern.compile("^(?<prop>[a-zA-Z0-9_.]+)(?<op>=[a-z]*=|!=)(?<value>.*)$", Pattern.DOTALL);

  private static final Set<String> TICKET_PROPERTIES =
      Set.of(
          "id",
          "name",
          "content",
          "status.id",
          "type",
          "urgency",
          "impact",
          "entity.id",
          "category.id",
          "external_id");

  private static Predicate<JsonObject> comparison(String text) {
    var m = COMPARISON.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    String prop = m.group("prop");
    String op = m.group("op");
    String value = m.group("value");
    if (!TICKET_PROPERTIES.contains(prop) || !OPERATORS.contains(op)) {
      return null;
    }
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      value = value.substring(1, value.length() - 1);
    }
    String v = value;
    return switch (op) {
      case "==" -> x -> valueOf(x, prop).equalsIgnoreCase(v);
      case "!=" -> x -> !valueOf(x, prop).equalsIgnoreCase(v);
      case "=like=" -> {
        Pattern like = like(v, false);
        yield x -> like.matcher(valueOf(x, prop)).matches();
      }
      default -> {
        Pattern like = like(v, true);
        yield x -> like.matcher(valueOf(x, prop)).matches();
      }
    };
  }

  private static String valueOf(JsonObject view, String prop) {
    Object v = view;
    for (String part : prop.split("\\.")) {
      v = v instanceof JsonObject o ? o.getValue(part) : null;
    }
    return v == null ? "" : String.valueOf(v);
  }

  /**
   * Parser.php: {@code %} → {@code _}, {@code *} → {@code %}; then SQL LIKE, {@code \} escaping.
   */
  static Pattern like(String rsqlValue, boolean ignoreCase) {
    String sql = rsqlValue.replace('%', '_').replace('*', '%');
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\\' && i + 1 < sql.length()) {
        re.append(Pattern.quote(String.valueOf(sql.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(
        re.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
  }

  // ---- answers ----

  private static void created(RoutingContext ctx, String href, int id) {
    ctx.response().putHeader("Location", href);
    json(ctx, 200, new JsonObject().put("id", id).put("href", href));
  }

  /** AbstractController::getCRUDErrorResponse: GLPI's session message says why. */
  private static void addFailed(RoutingContext ctx, String why) {
    json(
        ctx,
        500,
        new JsonObject()
            .put("status", "ERROR")
            .put("title", "Failed to create item(s)")
            .put("detail", null)
            .put(
                "additional_messages",
                new JsonArray()
                    .add(new JsonObject().put("priority", "error").put("message", why))));
  }

  private static void notFound(RoutingContext ctx) {
    error(ctx, 404, "ERROR_ITEM_NOT_FOUND", "Not found", null);
  }

  private static void error(
      RoutingContext ctx, int status, String code, String title, String detail) {
    json(
        ctx,
        status,
        new JsonObject().put("status", code).put("title", title).put("detail", detail));
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=UTF-8")
        .end(body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
  }
}
