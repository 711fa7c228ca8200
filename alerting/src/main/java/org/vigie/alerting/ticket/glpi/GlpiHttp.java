package org.vigie.alerting.ticket.glpi;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.ticket.HelpdeskException;

/** What both GLPI clients share: sending with a deadline, reading errors, scrubbing tokens. */
final class GlpiHttp {
  private GlpiHttp() {}

  /** Sends, and turns "no answer" into a retryable {@link HelpdeskException} without secrets. */
  static Future<HttpResponse<Buffer>> send(
      HttpRequest<Buffer> request, Object body, String what, Scrubber scrubber) {
    Future<HttpResponse<Buffer>> f;
    if (body instanceof JsonObject json) {
      f = request.sendJsonObject(json);
    } else if (body instanceof Buffer form) {
      f = request.putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(form);
    } else {
      f = request.send();
    }
    return f.recover(
        e ->
            Future.failedFuture(
                new HelpdeskException(
                    scrubber.scrub(
                        what
                            + ": no answer ("
                            + (e instanceof TimeoutException
                                ? "timed out"
                                : e.getClass().getSimpleName() + ": " + e.getMessage())
                            + ")"),
                    0,
                    true)));
  }

  /**
   * GLPI v1 answers errors as a JSON array {@code ["ERROR_CODE", "message"]} (apirest.md,
   * "Errors"); v2 as an object with {@code status}, {@code title}, {@code detail}. Returns "CODE:
   * message", or the raw body cut short.
   */
  static String errorOf(HttpResponse<Buffer> resp) {
    Buffer body = resp.body();
    if (body == null || body.length() == 0) {
      return "(empty body)";
    }
    try {
      String trimmed = body.toString().strip();
      if (trimmed.startsWith("[")) {
        JsonArray a = new JsonArray(trimmed);
        if (!a.isEmpty()) {
          return a.getValue(0) + (a.size() > 1 ? ": " + a.getValue(1) : "");
        }
      } else if (trimmed.startsWith("{")
          && new JsonObject(trimmed) instanceof JsonObject o
          && o.containsKey("status")) {
        return o.getValue("status")
            + ": "
            + o.getString("title", "")
            + " "
            + o.getString("detail", "");
      }
    } catch (DecodeException | ClassCastException e) {
      // Not JSON (a proxy's HTML page): shown as text below.
    }
    String text = body.toString();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  /** Whether GLPI's answer names this error code. */
  static boolean isError(HttpResponse<Buffer> resp, String code) {
    return errorOf(resp).startsWith(code);
  }

  static HelpdeskException failure(
      String what, HttpResponse<Buffer> resp, boolean retryable, Scrubber scrubber) {
    return new HelpdeskException(
        scrubber.scrub(what + ": HTTP " + resp.statusCode() + " " + errorOf(resp)),
        resp.statusCode(),
        retryable);
  }

  /** 5xx, 429 and 408 may pass later; other 4xx are about the request itself. */
  static boolean retryableStatus(int status) {
    return status >= 500 || status == 429 || status == 408;
  }

  static String describe(HttpMethod method, String path) {
    return "GLPI " + method + " " + path;
  }

  /** Removes every known secret from a text meant for logs or errors. */
  static final class Scrubber {
    private final List<Secret> fixed;
    private volatile Secret current;

    Scrubber(List<Secret> fixed) {
      this.fixed = fixed.stream().filter(Objects::nonNull).toList();
    }

    /** The session or access token in use, scrubbed too. */
    void current(Secret token) {
      this.current = token;
    }

    String scrub(String text) {
      String s = text;
      for (Secret secret : fixed) {
        s = secret.scrub(s);
      }
      Secret c = current;
      return c == null ? s : c.scrub(s);
    }
  }
}
