package org.vigie.server.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEventCodec;
import org.vigie.alerting.IncidentService;
import org.vigie.alerting.mute.Matcher;
import org.vigie.alerting.mute.MuteWindow;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.outbox.OutboxEntry;
import org.vigie.inventory.Durations;
import org.vigie.reports.ReportScheduler;

/**
 * The operations API under {@code /api}: what the on-call engineer does with incidents (list, read
 * the timeline, acknowledge — which stops the escalation —, add a note, resolve by hand), silences,
 * the outbox's dead letters, and resending a monthly report. JSON in and out.
 *
 * <p>Routes: {@code GET /incidents}, {@code GET /incidents/{id}} (with its timeline), {@code POST
 * /incidents/{id}/acknowledge|notes|resolve}, {@code GET|POST /silences}, {@code DELETE
 * /silences/{id}}, {@code GET /outbox}, {@code POST /outbox/{id}/retry}, {@code POST
 * /reports/{commune}/{YYYY-MM}/resend}.
 *
 * <p>Every call needs {@code Authorization: Bearer <vigie.http.api-token>}; without a configured
 * token the API answers 403 and says what to set. Errors are {@code {"error": "..."}} with 400 (bad
 * request), 401 (no or wrong token), 404 (no such incident), 409 (not in a state for it).
 */
public final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);
  private static final String JSON = "application/json";
  private static final Set<String> MATCH_KEYS =
      Set.of("device", "school", "commune", "provider", "link-type");

  private final Optional<Secret> token;
  private final Supplier<IncidentService> incidents;
  private final Supplier<Outbox> outbox;
  private final Supplier<ReportScheduler> reports;
  private final Clock clock;

  /**
   * @param token the API token; empty: the API is off
   * @param incidents the running alerting stage's service (resolved per call: the stages start
   *     after the HTTP server is built)
   */
  public Api(
      Optional<Secret> token,
      Supplier<IncidentService> incidents,
      Supplier<Outbox> outbox,
      Supplier<ReportScheduler> reports,
      Clock clock) {
    this.token = token;
    this.incidents = incidents;
    this.outbox = outbox;
    this.reports = reports;
    this.clock = clock;
  }

  /** The routes, to mount under {@code /api}. */
  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route().handler(this::authorize);
    r.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
    r.get("/incidents").handler(ctx -> reply(ctx, 200, openIncidents()));
    r.get("/incidents/:id").handler(ctx -> reply(ctx, 200, incident(ctx.pathParam("id"))));
    r.post("/incidents/:id/acknowledge")
        .handler(
            ctx ->
                onIncident(
                    ctx, (s, id, b) -> s.acknowledge(id, user(b), b.getString("comment", ""))));
    r.post("/incidents/:id/notes")
        .handler(ctx -> onIncident(ctx, (s, id, b) -> s.note(id, user(b), required(b, "text"))));
    r.post("/incidents/:id/resolve")
        .handler(
            ctx ->
                onIncident(ctx, (s, id, b) -> s.resolve(id, user(b), b.getString("comment", ""))));
    r.get("/silences").handler(ctx -> reply(ctx, 200, Future.succeededFuture(muteWindows())));
    r.post("/silences").handler(ctx -> withBody(ctx, this::silence));
    r.delete("/silences/:id")
        .handler(
            ctx ->
                reply(
                    ctx,
                    200,
                    orFail(
                        incidents.get().removeSilence(ctx.pathParam("id")),
                        "removed",
                        () -> new NotFound("no silence " + ctx.pathParam("id")))));
    r.get("/outbox").handler(ctx -> reply(ctx, 200, outboxState()));
    r.post("/outbox/:id/retry")
        .handler(
            ctx ->
                reply(
                    ctx,
                    200,
                    orFail(
                        outbox.get().retry(ctx.pathParam("id")),
                        "retried",
                        () ->
                            new Conflict("no dead letter " + ctx.pathParam("id") + " to retry"))));
    r.post("/reports/:commune/:month/resend").handler(this::resend);
    return r;
  }

  private void authorize(RoutingContext ctx) {
    if (token.isEmpty()) {
      error(
          ctx,
          403,
          "the API is off: set vigie.http.api-token-file or vigie.http.api-token-env"
              + " (docs/configuration.md)");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
    // Constant time, so that the token cannot be guessed byte by byte from response times.
    if (!MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8),
        token.get().reveal().getBytes(StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"vigie\"");
      error(ctx, 401, "missing or wrong token: send Authorization: Bearer <vigie.http.api-token>");
      return;
    }
    ctx.next();
  }

  private Future<JsonObject> openIncidents() {
    return incidents
        .get()
        .openIncidents()
        .map(
            list -> {
              JsonArray a = new JsonArray();
              list.forEach(i -> a.add(IncidentEventCodec.toJson(i)));
              return new JsonObject().put("incidents", a);
            });
  }

  private Future<JsonObject> incident(String id) {
    IncidentService s = incidents.get();
    return s.incident(id)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.failedFuture(new NotFound("no incident " + id))
                    : s.timeline(id)
                        .map(
                            events -> {
                              JsonArray t = new JsonArray();
                              events.forEach(e -> t.add(IncidentEventCodec.toJson(e)));
                              return new JsonObject()
                                  .put("incident", IncidentEventCodec.toJson(found.get()))
                                  .put("timeline", t);
                            }));
  }

  private Future<JsonObject> silence(JsonObject b) {
    JsonObject m = b.getJsonObject("match");
    if (m == null) {
      throw new BadRequest(
          "match is required: {\"school\": ..., \"device\": ..., \"commune\": ...,"
              + " \"provider\": ..., \"link-type\": ...}");
    }
    for (String key : m.fieldNames()) {
      if (!MATCH_KEYS.contains(key)) {
        throw new BadRequest(
            "match."
                + key
                + ": unknown key; expected device, school, commune, provider or link-type");
      }
    }
    Instant start = b.containsKey("start") ? instant(b, "start") : clock.instant();
    Instant end;
    if (b.containsKey("end")) {
      end = instant(b, "end");
    } else if (b.containsKey("duration")) {
      try {
        // The configuration's format (30m, 2h, 1d), so that a silence is written one way.
        end = start.plus(Durations.parse(b.getString("duration")));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new BadRequest(
            "duration: expected e.g. 30m, 2h or 1d, got " + b.getValue("duration"));
      }
    } else {
      throw new BadRequest("end (ISO-8601 instant) or duration (e.g. 2h) is required");
    }
    return incidents
        .get()
        .silence(Matcher.fromJson(m), start, end, user(b), b.getString("comment", ""))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof IllegalArgumentException ? new BadRequest(e.getMessage()) : e))
        .map(
            id ->
                new JsonObject()
                    .put("id", id)
                    .put("start", start.toString())
                    .put("end", end.toString()));
  }

  /** Maintenance windows (configuration) and silences (run time), with whether each is open. */
  private JsonObject muteWindows() {
    Instant now = clock.instant();
    JsonArray out = new JsonArray();
    for (MuteWindow w : incidents.get().muteWindows()) {
      JsonObject j =
          new JsonObject()
              .put("id", w.name())
              .put("type", w.maintenance() ? "maintenance" : "silence")
              .put("match", w.matcher().toJson())
              .put("active", w.covers(now))
              .put("comment", w.comment());
      if (w.days() == null) {
        j.put("start", w.start().toString()).put("end", w.end().toString());
      } else {
        JsonArray days = new JsonArray();
        w.days().stream().sorted().forEach(d -> days.add(d.name().toLowerCase()));
        j.put("days", days)
            .put("from", w.from().toString())
            .put("to", w.to().toString())
            .put("zone", w.zone().getId());
      }
      out.add(j);
    }
    return new JsonObject().put("windows", out);
  }

  private Future<JsonObject> outboxState() {
    Outbox o = outbox.get();
    return o.counts()
        .compose(
            counts ->
                o.deadLetters(50)
                    .map(
                        dead -> {
                          JsonObject c = new JsonObject();
                          counts.forEach((status, n) -> c.put(status.name(), n));
                          JsonArray d = new JsonArray();
                          for (OutboxEntry e : dead) {
                            d.add(
                                new JsonObject()
                                    .put("id", e.id())
                                    .put("channel", e.channel())
                                    .put("attempts", e.attempts())
                                    .put("createdAt", e.createdAt().toString())
                                    .put("lastError", e.lastError()));
                          }
                          return new JsonObject().put("counts", c).put("deadLetters", d);
                        }));
  }

  private void resend(RoutingContext ctx) {
    YearMonth month;
    try {
      month = YearMonth.parse(ctx.pathParam("month"));
    } catch (DateTimeParseException e) {
      error(ctx, 400, "month: expected YYYY-MM, got " + ctx.pathParam("month"));
      return;
    }
    String commune = ctx.pathParam("commune");
    Future<JsonObject> f;
    try {
      f =
          reports
              .get()
              .resend(commune, month)
              .map(
                  d ->
                      new JsonObject()
                          .put("commune", d.communeId())
                          .put("month", d.month().toString())
                          .put("messageId", d.messageId())
                          .put("sent", d.sent()));
    } catch (IllegalArgumentException e) {
      f = Future.failedFuture(new NotFound(e.getMessage()));
    }
    reply(ctx, 200, f);
  }

  // ---- plumbing

  /**
   * {@code {"<key>": true}} when {@code done} is true, else the failure {@code otherwise} gives.
   */
  private static Future<JsonObject> orFail(
      Future<Boolean> done, String key, Supplier<RuntimeException> otherwise) {
    return done.compose(
        ok ->
            ok
                ? Future.succeededFuture(new JsonObject().put(key, true))
                : Future.failedFuture(otherwise.get()));
  }

  private interface BodyCall {
    Future<JsonObject> apply(JsonObject body);
  }

  private interface IncidentCall {
    Future<Incident> apply(IncidentService s, String id, JsonObject body);
  }

  /** A change to the incident of the path, answered with the incident as it is after it. */
  private void onIncident(RoutingContext ctx, IncidentCall call) {
    withBody(
        ctx,
        b -> call.apply(incidents.get(), ctx.pathParam("id"), b).map(IncidentEventCodec::toJson));
  }

  private void withBody(RoutingContext ctx, BodyCall call) {
    JsonObject body;
    try {
      String text = ctx.body().asString();
      body = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (DecodeException e) {
      error(ctx, 400, "the body is not a JSON object: " + e.getMessage());
      return;
    }
    Future<JsonObject> f;
    try {
      f = call.apply(body);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    reply(ctx, 200, f);
  }

  private void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(
        ar -> {
          if (ar.succeeded()) {
            ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", JSON)
                .end(ar.result().encodePrettily());
            return;
          }
          Throwable e = ar.cause();
          int code =
              switch (e) {
                case BadRequest _ -> 400;
                case NotFound _ -> 404;
                case Conflict _ -> 409;
                // The incident stage's words: "no open incident X", "already acknowledged".
                case IllegalArgumentException _ -> 404;
                case IllegalStateException _ -> 409;
                default -> 500;
              };
          if (code == 500) {
            LOG.warn("api: {} {} failed", ctx.request().method(), ctx.request().path(), e);
          }
          error(ctx, code, e.getMessage());
        });
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", JSON)
        .end(new JsonObject().put("error", message).encodePrettily());
  }

  private static String user(JsonObject b) {
    return required(b, "user");
  }

  private static String required(JsonObject b, String key) {
    Object v = b.getValue(key);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new BadRequest(key + " is required (a string)");
    }
    return s;
  }

  private static Instant instant(JsonObject b, String key) {
    try {
      return Instant.parse(b.getString(key));
    } catch (DateTimeParseException | ClassCastException e) {
      throw new BadRequest(key + ": expected an ISO-8601 instant such as 2026-12-04T07:00:00Z");
    }
  }

  private static final class BadRequest extends IllegalArgumentException {
    BadRequest(String message) {
      super(message);
    }
  }

  private static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  private static final class Conflict extends RuntimeException {
    Conflict(String message) {
      super(message);
    }
  }
}
