package org.vigie.alerting.ticket;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.vigie.aggregator.Secret;

/**
 * A GLPI REST API double for tests, on 127.0.0.1 (GLPI itself cannot be installed here). Written
 * from GLPI's published API documentation, {@code apirest.md} of glpi-project/glpi (sections named
 * below), plus the real-GLPI quirks listed in issue #6 where that page is silent:
 *
 * <ul>
 *   <li>"Init session" / "Kill session": {@code GET initSession} with {@code App-Token} and {@code
 *       Authorization: user_token …}; missing parameters give 400 ({@code
 *       ERROR_APP_TOKEN_PARAMETERS_MISSING}, {@code ERROR_LOGIN_PARAMETERS_MISSING}), a wrong app
 *       token 400 ({@code ERROR_WRONG_APP_TOKEN_PARAMETER}), a wrong user token 401 ({@code
 *       ERROR_GLPI_LOGIN_USER_TOKEN}); every other call needs {@code Session-Token}: missing 400
 *       ({@code ERROR_SESSION_TOKEN_MISSING}), unknown or expired 401 ({@code
 *       ERROR_SESSION_TOKEN_INVALID}).
 *   <li>"Errors": every error body is GLPI's array {@code ["ERROR_CODE", "message"]}.
 *   <li>"Add item(s)": {@code POST :itemtype} with {@code {"input": {…}}} gives 201, a {@code
 *       Location} header and {@code {"id": n, "message": ""}}; an array input gives 207
 *       (Multi-Status) with one {@code {"id", "message"}} per item.
 *   <li>"Update item(s)": {@code PUT :itemtype/:id} gives 200 {@code [{"<id>": true, "message":
 *       ""}]}; 404 {@code ERROR_ITEM_NOT_FOUND} for an unknown id.
 *   <li>"Get an item" and "Get sub items": {@code GET Ticket/:id}, {@code GET
 *       Ticket/:id/ITILFollowup|ITILSolution|Item_Ticket}.
 *   <li>"Search items": {@code GET search/:itemtype} with {@code criteria[i][field|searchtype|
 *       value|link]} on numeric search options (Ticket: 1 name, 2 id, 12 status; assets: 1 name, 2
 *       id, 5 serial, 6 otherserial), {@code forcedisplay[i]}, {@code range}; answers {@code
 *       totalcount}, {@code count}, {@code data} (rows keyed by search option), {@code
 *       Content-Range}; 206 when the range cuts. Real GLPI's quirks: no {@code data} key at all
 *       when nothing matches; {@code contains} is a case-insensitive substring match where a
 *       leading {@code ^} and trailing {@code $} anchor it; {@code equals} on option 1 (the
 *       itemlink "name") compares the item's id.
 *   <li>Ticket statuses (CommonITILObject): 1 new, 2 assigned, 3 planned, 4 waiting, 5 solved, 6
 *       closed. Adding an ITILSolution solves the ticket (status 5); a solution on a solved or
 *       closed ticket is refused (400 {@code ERROR_GLPI_ADD}); setting a solved ticket's status
 *       back below 5 marks its solutions refused (solution status 4).
 * </ul>
 *
 * <p>Faults: {@link #failNext} (5xx), {@link #down} (every call 503), {@link
 * #dropReplyAfterNextCreate} (the ticket is stored, the reply never comes), {@link
 * #expireSessions}, {@link #slowReplies}. The store is inspectable: {@link #tickets}, {@link
 * #followUps}, {@link #solutions}, {@link #itemTickets}, {@link #createRequests}.
 */
public final class GlpiDouble implements GlpiFake {
  public static final String APP_TOKEN = "app-7f3a9c1e5b2d4f6a8c0e";
  public static final String USER_TOKEN = "user-3b5d7f9a1c2e4f6a8b0d";

  private final Vertx vertx;
  private HttpServer server;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final Set<String> issued = ConcurrentHashMap.newKeySet();
  private final Map<Integer, JsonObject> tickets = new TreeMap<>();
  private final List<JsonObject> followUps = new ArrayList<>();
  private final List<JsonObject> solutions = new ArrayList<>();
  private final List<JsonObject> itemTickets = new ArrayList<>();
  private final Map<String, Map<Integer, JsonObject>> assets = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(100);
  private final AtomicInteger createRequests = new AtomicInteger();
  private final AtomicInteger sessionsOpened = new AtomicInteger();
  private final List<String> requests = new ArrayList<>();
  private volatile int failNext;
  private volatile int failStatus = 500;
  private volatile boolean down;
  private volatile boolean dropNextCreateReply;
  private volatile Duration slow = Duration.ZERO;

  public GlpiDouble(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts on 127.0.0.1, any free port. */
  public Future<GlpiDouble> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route("/apirest.php/*").handler(this::faults);
    router.get("/apirest.php/initSession").handler(this::initSession);
    router.route("/apirest.php/*").handler(this::requireSession);
    router.get("/apirest.php/killSession").handler(this::killSession);
    router.get("/apirest.php/search/:itemtype").handler(this::search);
    router.get("/apirest.php/Ticket/:id").handler(this::getTicket);
    router.get("/apirest.php/Ticket/:id/:sub").handler(this::getSubItems);
    router.post("/apirest.php/:itemtype").handler(this::add);
    router.put("/apirest.php/Ticket/:id").handler(this::updateTicket);
    router
        .route("/apirest.php/*")
        .handler(
            ctx ->
                error(
                    ctx,
                    400,
                    "ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM",
                    "resource not found or not an instance of CommonDBTM"));
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
  public HelpdeskSettings settings() {
    return HelpdeskSettings.glpiV1(url(), Secret.of(APP_TOKEN), Secret.of(USER_TOKEN));
  }

  @Override
  public synchronized List<Integer> requesterIds(int ticketId) {
    JsonObject t = tickets.get(ticketId);
    Integer r = t == null ? null : t.getInteger("_users_id_requester");
    return r == null ? List.of() : List.of(r);
  }

  @Override
  public List<JsonObject> linkedItems(int ticketId) {
    return itemTickets(ticketId);
  }

  @Override
  public void expireCredentials() {
    expireSessions();
  }

  @Override
  public Set<String> secrets() {
    Set<String> all = new java.util.HashSet<>(issuedTokens());
    all.add(APP_TOKEN);
    all.add(USER_TOKEN);
    return all;
  }

  @Override
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
  }

  @Override
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  // ---- fault injection ----

  /** The next {@code n} calls fail with {@code status} and {@code ERROR_SQL}. */
  @Override
  public void failNext(int n, int status) {
    failStatus = status;
    failNext = n;
  }

  /** While down, every call gets 503 (a web server in front of a stopped PHP-FPM). */
  @Override
  public void down(boolean isDown) {
    down = isDown;
  }

  /** The next {@code POST Ticket} stores the ticket and never answers. */
  @Override
  public void dropReplyAfterNextCreate() {
    dropNextCreateReply = true;
  }

  /** Every session ends, as GLPI's session lifetime does. */
  public void expireSessions() {
    sessions.clear();
  }

  /** Every answer waits this long. */
  public void slowReplies(Duration d) {
    slow = d;
  }

  /** Adds an asset to the inventory; returns its id. */
  public synchronized int addAsset(
      String itemtype, String name, String serial, String otherserial) {
    int id = ids.incrementAndGet();
    assets
        .computeIfAbsent(itemtype, k -> new TreeMap<>())
        .put(
            id,
            new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("serial", serial)
                .put("otherserial", otherserial));
    return id;
  }

  // ---- inspection ----

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

  public synchronized List<JsonObject> itemTickets(int ticketId) {
    return itemTickets.stream().filter(f -> f.getInteger("tickets_id") == ticketId).toList();
  }

  /** {@code POST Ticket} requests received (including refused and unanswered ones). */
  @Override
  public int createRequests() {
    return createRequests.get();
  }

  /** Every session token ever handed out (secrets too: tests prove none leaks). */
  public Set<String> issuedTokens() {
    return Set.copyOf(issued);
  }

  public int sessionsOpened() {
    return sessionsOpened.get();
  }

  /** Every request line and its headers, as received: tests look for leaked tokens elsewhere. */
  @Override
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  // ---- handlers ----

  private void faults(RoutingContext ctx) {
    synchronized (this) {
      requests.add(ctx.request().method() + " " + ctx.request().uri());
    }
    if (down) {
      error(ctx, 503, "ERROR_SQL", "Service Unavailable");
      return;
    }
    if (failNext > 0) {
      failNext--;
      error(ctx, failStatus, "ERROR_SQL", "SQL error, check GLPI logs");
      return;
    }
    if (slow.isZero()) {
      ctx.next();
    } else {
      vertx.setTimer(slow.toMillis(), t -> ctx.next());
    }
  }

  private void initSession(RoutingContext ctx) {
    String app = ctx.request().getHeader("App-Token");
    String auth = ctx.request().getHeader("Authorization");
    if (app == null) {
      error(ctx, 400, "ERROR_APP_TOKEN_PARAMETERS_MISSING", "missing parameter app_token");
      return;
    }
    if (!APP_TOKEN.equals(app)) {
      error(ctx, 400, "ERROR_WRONG_APP_TOKEN_PARAMETER", "parameter app_token seems wrong");
      return;
    }
    if (auth == null || !auth.startsWith("user_token ")) {
      error(ctx, 400, "ERROR_LOGIN_PARAMETERS_MISSING", "parameter(s) login, password missing");
      return;
    }
    if (!USER_TOKEN.equals(auth.substring("user_token ".length()))) {
      error(ctx, 401, "ERROR_GLPI_LOGIN_USER_TOKEN", "parameter user_token seems invalid");
      return;
    }
    String token = UUID.randomUUID().toString().replace("-", "");
    sessions.add(token);
    issued.add(token);
    sessionsOpened.incrementAndGet();
    json(ctx, 200, new JsonObject().put("session_token", token));
  }

  private void requireSession(RoutingContext ctx) {
    String token = ctx.request().getHeader("Session-Token");
    if (token == null) {
      error(ctx, 400, "ERROR_SESSION_TOKEN_MISSING", "parameter session_token is missing or empty");
    } else if (!sessions.contains(token)) {
      error(ctx, 401, "ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid");
    } else if (!APP_TOKEN.equals(ctx.request().getHeader("App-Token"))) {
      error(ctx, 400, "ERROR_WRONG_APP_TOKEN_PARAMETER", "parameter app_token seems wrong");
    } else {
      ctx.next();
    }
  }

  private void killSession(RoutingContext ctx) {
    sessions.remove(ctx.request().getHeader("Session-Token"));
    json(ctx, 200, new JsonArray());
  }

  private synchronized void add(RoutingContext ctx) {
    String itemtype = ctx.pathParam("itemtype");
    JsonObject body = ctx.body().asJsonObject();
    Object input = body == null ? null : body.getValue("input");
    if (itemtype.equals("Ticket")) {
      createRequests.incrementAndGet();
    }
    if (input instanceof JsonArray many) {
      JsonArray results = new JsonArray();
      for (int i = 0; i < many.size(); i++) {
        Object r = addOne(itemtype, many.getJsonObject(i));
        results.add(
            r instanceof Integer id
                ? new JsonObject().put("id", id).put("message", "")
                : new JsonObject().put("id", false).put("message", r));
      }
      json(ctx, 207, results);
      return;
    }
    if (!(input instanceof JsonObject one)) {
      error(ctx, 400, "ERROR_BAD_ARRAY", "input parameter must be an array of objects");
      return;
    }
    Object r = addOne(itemtype, one);
    if (r instanceof Integer id) {
      if (itemtype.equals("Ticket") && dropNextCreateReply) {
        dropNextCreateReply = false;
        return; // stored, and the client never hears it
      }
      ctx.response().putHeader("Location", url() + "apirest.php/" + itemtype + "/" + id);
      json(ctx, 201, new JsonObject().put("id", id).put("message", ""));
    } else if (r == null) {
      error(ctx, 400, "ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM", "itemtype " + itemtype);
    } else {
      error(ctx, 400, "ERROR_GLPI_ADD", (String) r);
    }
  }

  /** The new id, an error message, or null for an itemtype this double does not serve. */
  private Object addOne(String itemtype, JsonObject in) {
    int id = ids.incrementAndGet();
    JsonObject item = in.copy().put("id", id);
    switch (itemtype) {
      case "Ticket" -> {
        if (in.getString("name", "").isBlank() && in.getString("content", "").isBlank()) {
          return "Title or description is mandatory";
        }
        item.put("status", in.getInteger("status", 1)).put("type", in.getInteger("type", 1));
        tickets.put(id, item);
      }
      case "ITILFollowup" -> {
        if (ticketOf(in) == null) {
          return "Item not found";
        }
        followUps.add(item);
      }
      case "ITILSolution" -> {
        JsonObject t = ticketOf(in);
        if (t == null) {
          return "Item not found";
        }
        if (t.getInteger("status") >= 5) {
          return "The item is already solved, did anyone pushed a solution before you?";
        }
        item.put("status", 2); // CommonITILValidation::WAITING
        solutions.add(item);
        t.put("status", 5);
      }
      case "Item_Ticket" -> {
        if (!tickets.containsKey(in.getInteger("tickets_id", -1))) {
          return "Item not found";
        }
        itemTickets.add(item);
      }
      default -> {
        return null;
      }
    }
    return id;
  }

  private JsonObject ticketOf(JsonObject in) {
    return "Ticket".equals(in.getString("itemtype"))
        ? tickets.get(in.getInteger("items_id", -1))
        : null;
  }

  private synchronized void updateTicket(RoutingContext ctx) {
    int id = Integer.parseInt(ctx.pathParam("id"));
    JsonObject t = tickets.get(id);
    if (t == null) {
      error(ctx, 404, "ERROR_ITEM_NOT_FOUND", "Item not found");
      return;
    }
    JsonObject input = ctx.body().asJsonObject().getJsonObject("input", new JsonObject());
    Integer status = input.getInteger("status");
    if (status != null && status < 5 && t.getInteger("status") >= 5) {
      solutions.stream()
          .filter(s -> s.getInteger("items_id") == id)
          .forEach(s -> s.put("status", 4)); // CommonITILValidation::REFUSED
    }
    input.forEach(e -> t.put(e.getKey(), e.getValue()));
    json(
        ctx,
        200,
        new JsonArray().add(new JsonObject().put(String.valueOf(id), true).put("message", "")));
  }

  private synchronized void getTicket(RoutingContext ctx) {
    JsonObject t = tickets.get(Integer.parseInt(ctx.pathParam("id")));
    if (t == null) {
      error(ctx, 404, "ERROR_ITEM_NOT_FOUND", "Item not found");
    } else {
      json(ctx, 200, t);
    }
  }

  private synchronized void getSubItems(RoutingContext ctx) {
    int id = Integer.parseInt(ctx.pathParam("id"));
    if (!tickets.containsKey(id)) {
      error(ctx, 404, "ERROR_ITEM_NOT_FOUND", "Item not found");
      return;
    }
    List<JsonObject> items =
        switch (ctx.pathParam("sub")) {
          case "ITILFollowup" -> followUps(id);
          case "ITILSolution" -> solutions(id);
          case "Item_Ticket" -> itemTickets(id);
          default -> null;
        };
    if (items == null) {
      error(ctx, 400, "ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM", "sub itemtype");
      return;
    }
    json(ctx, 200, new JsonArray(new ArrayList<>(items)));
  }

  private synchronized void search(RoutingContext ctx) {
    String itemtype = ctx.pathParam("itemtype");
    Map<Integer, JsonObject> items =
        itemtype.equals("Ticket") ? tickets : assets.getOrDefault(itemtype, Map.of());
    Map<Integer, String> fields =
        itemtype.equals("Ticket")
            ? Map.of(1, "name", 2, "id", 12, "status", 21, "content")
            : Map.of(1, "name", 2, "id", 5, "serial", 6, "otherserial");
    Predicate<JsonObject> filter = x -> true;
    List<Integer> shown = new ArrayList<>(List.of(1, 2, 80));
    for (int i = 0; ctx.queryParams().contains("criteria[" + i + "][field]"); i++) {
      String p = "criteria[" + i + "][";
      int field = Integer.parseInt(ctx.queryParams().get(p + "field]"));
      String type = ctx.queryParams().get(p + "searchtype]");
      String value = ctx.queryParams().get(p + "value]");
      String link = ctx.queryParams().get(p + "link]");
      if (!fields.containsKey(field)) {
        error(ctx, 400, "ERROR", "unknown search option " + field);
        return;
      }
      if (!shown.contains(field)) {
        shown.add(field);
      }
      Predicate<JsonObject> c = criterion(fields.get(field), field, type, value);
      filter = "OR".equals(link) ? filter.or(c) : filter.and(c);
    }
    for (int i = 0; ctx.queryParams().contains("forcedisplay[" + i + "]"); i++) {
      int f = Integer.parseInt(ctx.queryParams().get("forcedisplay[" + i + "]"));
      if (!shown.contains(f)) {
        shown.add(f);
      }
    }
    List<JsonObject> matched = items.values().stream().filter(filter).toList();
    String range = ctx.queryParams().get("range");
    int start = 0;
    int end = 49;
    if (range != null) {
      String[] se = range.split("-");
      start = Integer.parseInt(se[0]);
      end = Integer.parseInt(se[1]);
    }
    JsonObject out =
        new JsonObject()
            .put("totalcount", matched.size())
            .put("sort", new JsonArray().add(1))
            .put("order", new JsonArray().add("ASC"));
    if (matched.isEmpty()) {
      out.put("count", 0);
      ctx.response().putHeader("Content-Range", "0-0/0");
      json(ctx, 200, out); // no "data" key at all, as GLPI
      return;
    }
    JsonArray data = new JsonArray();
    for (int i = start; i <= end && i < matched.size(); i++) {
      JsonObject item = matched.get(i);
      JsonObject row = new JsonObject();
      for (int f : shown) {
        row.put(String.valueOf(f), f == 80 ? "Entité racine" : item.getValue(fields.get(f)));
      }
      data.add(row);
    }
    out.put("count", data.size()).put("data", data);
    int last = Math.min(end, matched.size() - 1);
    ctx.response().putHeader("Content-Range", start + "-" + last + "/" + matched.size());
    json(ctx, data.size() < matched.size() ? 206 : 200, out);
  }

  private static Predicate<JsonObject> criterion(String key, int field, String type, String value) {
    return switch (type) {
      case "contains" -> x -> contains(String.valueOf(x.getValue(key)), value);
      case "notcontains" -> x -> !contains(String.valueOf(x.getValue(key)), value);
      // GLPI's quirk: "equals" on the itemlink (option 1) compares the item's id.
      case "equals" ->
          field == 1
              ? x -> String.valueOf(x.getValue("id")).equals(value)
              : x -> String.valueOf(x.getValue(key)).equals(value);
      case "notequals" -> x -> !String.valueOf(x.getValue(field == 1 ? "id" : key)).equals(value);
      default -> x -> false;
    };
  }

  /** GLPI's text search: case-insensitive LIKE, {@code ^} and {@code $} anchor. */
  private static boolean contains(String text, String pattern) {
    String t = text.toLowerCase(Locale.ROOT);
    String p = pattern.toLowerCase(Locale.ROOT);
    boolean head = p.startsWith("^");
    boolean tail = p.endsWith("$");
    p = p.substring(head ? 1 : 0, p.length() - (tail ? 1 : 0));
    if (head && tail) {
      return t.equals(p);
    }
    if (head) {
      return t.startsWith(p);
    }
    if (tail) {
      return t.endsWith(p);
    }
    return t.contains(p);
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonArray().add(code).add(message));
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=UTF-8")
        .end(body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
  }
}
