package org.vigie.alerting.ticket.glpi;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.ticket.HelpdeskException;

/**
 * What both GLPI clients share: sending with a deadline, reading errors, scrubbing tokens, the step
 * key marker.
 */
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
   * "Errors"); the high-level API as an object {@code status}, {@code title}, {@code detail} and
   * sometimes {@code additional_messages} (Api/HL/Controller/AbstractController.php,
   * getErrorResponseBody); its OAuth token endpoint as {@code error}, {@code error_description} or
   * {@code message}, and {@code hint} (league/oauth2-server's OAuthServerException). Returns "CODE:
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
      } else if (trimmed.startsWith("{")) {
        JsonObject o = new JsonObject(trimmed);
        if (o.getValue("status") instanceof String code) {
          return code + joined(": ", o.getValue("title"), o.getValue("detail")) + messages(o);
        }
        if (o.getValue("error") instanceof String code) {
          Object text = o.getValue("error_description", o.getValue("message"));
          return code + joined(": ", text, o.getValue("hint"));
        }
      }
    } catch (DecodeException | ClassCastException e) {
      // Not JSON (a proxy's HTML page): shown as text below.
    }
    String text = body.toString();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  /** The non-empty parts, each after {@code sep}; a detail may be an object (invalid fields). */
  private static String joined(String sep, Object... parts) {
    StringBuilder b = new StringBuilder();
    String s = sep;
    for (Object p : parts) {
      String t = p == null ? "" : String.valueOf(p).strip();
      if (!t.isEmpty()) {
        b.append(s).append(t);
        s = " — ";
      }
    }
    return b.toString();
  }

  /** GLPI's session messages (why an add failed), as {@code (message; message)}. */
  private static String messages(JsonObject o) {
    if (!(o.getValue("additional_messages") instanceof JsonArray a) || a.isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (Object m : a) {
      out.add(
          m instanceof JsonObject j ? String.valueOf(j.getValue("message")) : String.valueOf(m));
    }
    return " (" + String.join("; ", out) + ")";
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
    private volatile List<Secret> current = List.of();

    Scrubber(List<Secret> fixed) {
      this.fixed = fixed.stream().filter(Objects::nonNull).toList();
    }

    /** The tokens in use (session, access, refresh token), scrubbed too. */
    void current(Secret... tokens) {
      this.current = Arrays.stream(tokens).filter(Objects::nonNull).toList();
    }

    String scrub(String text) {
      String s = text;
      for (Secret secret : fixed) {
        s = secret.scrub(s);
      }
      for (Secret secret : current) {
        s = secret.scrub(s);
      }
      return s;
    }
  }

  /** The step key as written into follow-ups and solutions. */
  static String marker(String stepKey) {
    return "[vigie:" + stepKey + "]";
  }

  /** Whether one of these follow-ups or solutions carries the step key. */
  static boolean carries(List<JsonObject> items, String stepKey) {
    String marker = marker(stepKey);
    return items.stream().anyMatch(i -> String.valueOf(i.getValue("content")).contains(marker));
  }

  /** The HTML text with the step key appended, small, at its end. */
  static String withMarker(String html, String stepKey) {
    return html + "<p><small>" + marker(stepKey) + "</small></p>";
  }
}
