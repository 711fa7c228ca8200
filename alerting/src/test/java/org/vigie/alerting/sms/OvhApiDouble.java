package org.vigie.alerting.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of the OVHcloud API v1 that Vigie calls, on 127.0.0.1, written from OVHcloud's public
 * documentation:
 *
 * <ul>
 *   <li>{@code GET /1.0/auth/time}: the server's Unix time as a bare integer (used by clients to
 *       compute their clock offset; python-ovh {@code Client.time_delta}).
 *   <li>{@code POST /1.0/sms/{serviceName}/jobs}: signed with X-Ovh-Application, X-Ovh-Consumer,
 *       X-Ovh-Timestamp and X-Ovh-Signature = "$1$" + SHA1_HEX(AS+"+"+CK+"+"+METHOD+"+"+QUERY
 *       +"+"+BODY+"+"+TSTAMP) where QUERY is the full URL (OVHcloud guide "Sending SMS messages
 *       with the OVHcloud API in Java", ovh/docs; "First steps with the OVHcloud API"; python-ovh
 *       {@code Client.raw_call}, which hashes the joined string in UTF-8). The body carries {@code
 *       receivers}, {@code message}, {@code sender} or {@code senderForResponse}, {@code
 *       noStopClause}, {@code coding}, {@code priority}...; the answer is {@code
 *       {"totalCreditsRemoved":1,"invalidReceivers":[],"ids":[27814656],"validReceivers":
 *       ["+33600000000"]}} as in that guide.
 * </ul>
 *
 * <p>The double recomputes the signature from the raw request and answers 403 {@code {"errorCode":
 * "INVALID_SIGNATURE","httpCode":"403 Forbidden","message":"Invalid signature"}} when it differs
 * (errorCode/message envelope as python-ovh reads it); an unknown application or consumer key gets
 * 403 INVALID_KEY / INVALID_CREDENTIAL. A timestamp more than 30 s from the double's own clock
 * (which runs {@code clockOffsetSeconds} ahead of the machine's) is refused: the client must use
 * /auth/time. Receivers that are not +33 numbers of 9 digits after the prefix are returned in
 * {@code invalidReceivers}; the credits are one per segment the double counts by 160/70 chars.
 */
final class OvhApiDouble {
  final List<JsonObject> jobs = new CopyOnWriteArrayList<>();
  final List<HttpServerRequest> requests = new CopyOnWriteArrayList<>();
  final List<String> rawBodies = new CopyOnWriteArrayList<>();
  private final String applicationKey;
  private final String applicationSecret;
  private final String consumerKey;
  private final String serviceName;
  private final long clockOffsetSeconds;
  private final AtomicLong ids = new AtomicLong(27814656);
  private HttpServer server;

  OvhApiDouble(
      String applicationKey,
      String applicationSecret,
      String consumerKey,
      String serviceName,
      long clockOffsetSeconds) {
    this.applicationKey = applicationKey;
    this.applicationSecret = applicationSecret;
    this.consumerKey = consumerKey;
    this.serviceName = serviceName;
    this.clockOffsetSeconds = clockOffsetSeconds;
  }

  Future<OvhApiDouble> start(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(0, "127.0.0.1").map(s -> this);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.actualPort() + "/1.0";
  }

  Future<Void> stop() {
    return server.close();
  }

  private long now() {
    return System.currentTimeMillis() / 1000 + clockOffsetSeconds;
  }

  private void handle(HttpServerRequest req) {
    requests.add(req);
    if (req.method().name().equals("GET") && req.path().equals("/1.0/auth/time")) {
      req.response().putHeader("Content-Type", "application/json").end(Long.toString(now()));
      return;
    }
    req.body()
        .onSuccess(
            b -> {
              String body = b.toString();
              rawBodies.add(body);
              if (!req.path().equals("/1.0/sms/" + serviceName + "/jobs")
                  || !req.method().name().equals("POST")) {
                error(req, 404, "404 Not Found", null, "The requested object does not exist");
                return;
              }
              if (!applicationKey.equals(req.getHeader("X-Ovh-Application"))) {
                error(req, 403, "403 Forbidden", "INVALID_KEY", "Invalid application key");
                return;
              }
              if (!consumerKey.equals(req.getHeader("X-Ovh-Consumer"))) {
                error(
                    req,
                    403,
                    "403 Forbidden",
                    "INVALID_CREDENTIAL",
                    "This credential is not valid");
                return;
              }
              String ts = req.getHeader("X-Ovh-Timestamp");
              if (ts == null || !ts.matches("\\d+") || Math.abs(Long.parseLong(ts) - now()) > 30) {
                error(req, 400, "400 Bad Request", "INVALID_TIMESTAMP", "Invalid timestamp");
                return;
              }
              String expected =
                  OvhSmsProvider.signature(
                      applicationSecret, consumerKey, "POST", req.absoluteURI(), body, ts);
              if (!expected.equals(req.getHeader("X-Ovh-Signature"))) {
                error(req, 403, "403 Forbidden", "INVALID_SIGNATURE", "Invalid signature");
                return;
              }
              JsonObject job = new JsonObject(body);
              jobs.add(job);
              JsonArray valid = new JsonArray();
              JsonArray invalid = new JsonArray();
              for (Object r : job.getJsonArray("receivers")) {
                (String.valueOf(r).matches("\\+33\\d{9}") ? valid : invalid).add(r);
              }
              String message = job.getString("message");
              int perSms = "7bit".equals(job.getString("coding")) ? 160 : 70;
              int credits = valid.size() * Math.max(1, (message.length() + perSms - 1) / perSms);
              JsonArray idList = new JsonArray();
              valid.forEach(v -> idList.add(ids.incrementAndGet()));
              req.response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("totalCreditsRemoved", credits)
                          .put("invalidReceivers", invalid)
                          .put("ids", idList)
                          .put("validReceivers", valid)
                          .encode());
            });
  }

  private static void error(
      HttpServerRequest req, int status, String httpCode, String errorCode, String message) {
    JsonObject e = new JsonObject().put("httpCode", httpCode).put("message", message);
    if (errorCode != null) {
      e.put("errorCode", errorCode);
    }
    req.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(e.encode());
  }
}
