package org.vigie.alerting.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Sends SMS through any HTTP API described by a request template (see {@link
 * SmsSettings.HttpTemplate}). A 2xx answer is success, further checked by an optional regex on the
 * body or a JSON path; 408, 429 and 5xx are retried, other statuses fail permanently.
 */
public final class HttpTemplateSmsProvider implements SmsProvider {
  private static final int EXCERPT = 200;

  private final SmsSettings.HttpTemplate settings;
  private final HttpClient client;
  private final Pattern success;

  public HttpTemplateSmsProvider(Vertx vertx, SmsSettings.HttpTemplate settings) {
    this.settings = settings;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setIdleTimeout((int) settings.timeout().toSeconds() + 1));
    this.success =
        settings.successRegex() == null
            ? null
            : Pattern.compile(settings.successRegex(), Pattern.DOTALL);
  }

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public Future<SmsReceipt> send(SmsMessage message) {
    String url = fill(settings.url(), message, HttpTemplateSmsProvider::urlEncode);
    String body = settings.body() == null ? "" : fill(settings.body(), message, bodyEscaper());
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(settings.method().toUpperCase(Locale.ROOT)))
            .setAbsoluteURI(url)
            .setTimeout(settings.timeout().toMillis());
    settings.headers().forEach(options::addHeader);
    if (settings.body() != null) {
      options.putHeader("Content-Type", settings.contentType());
    }
    if (settings.token() != null) {
      String scheme = settings.authScheme();
      options.putHeader(
          settings.authHeader(),
          scheme.isEmpty() ? settings.token().reveal() : scheme + " " + settings.token().reveal());
    }
    String where = redactedTarget(url);
    return client
        .request(options)
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> judge(resp.statusCode(), b.toString(), message)))
        .timeout(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof SmsException
                        ? e
                        : SmsException.temporary(
                            "SMS gateway " + where + " unreachable: " + scrub(describe(e)))));
  }

  private SmsReceipt judge(int status, String body, SmsMessage message) {
    if (status < 200 || status > 299) {
      throw SmsException.forStatus(
          status, "SMS gateway answered HTTP " + status + ": " + scrub(excerpt(body)));
    }
    if (success != null && !success.matcher(body).find()) {
      throw SmsException.permanent(
          "SMS gateway answer does not match success-regex: " + scrub(excerpt(body)));
    }
    if (settings.successJsonPath() != null) {
      Object value = jsonPath(body, settings.successJsonPath());
      boolean ok =
          settings.successJsonValue() == null
              ? value != null && !Boolean.FALSE.equals(value)
              : value != null && String.valueOf(value).equals(settings.successJsonValue());
      if (!ok) {
        throw SmsException.permanent(
            "SMS gateway answer has "
                + settings.successJsonPath()
                + " = "
                + value
                + ": "
                + scrub(excerpt(body)));
      }
    }
    return new SmsReceipt("http", List.of(message.reference()), message.body().segments());
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  private UnaryOperator<String> bodyEscaper() {
    String type = settings.contentType().toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      return HttpTemplateSmsProvider::jsonEscape;
    }
    if (type.contains("x-www-form-urlencoded")) {
      return HttpTemplateSmsProvider::urlEncode;
    }
    return UnaryOperator.identity();
  }

  private static String fill(String template, SmsMessage m, UnaryOperator<String> escape) {
    Map<String, String> values =
        Map.of(
            "{to}", m.to(),
            "{text}", m.text(),
            "{ref}", m.reference(),
            "{from}", m.from() == null ? "" : m.from());
    StringBuilder out = new StringBuilder(template.length() + m.text().length());
    int i = 0;
    // One pass, so a placeholder inside the alert text is never expanded again.
    while (i < template.length()) {
      String hit = null;
      if (template.charAt(i) == '{') {
        for (String key : values.keySet()) {
          if (template.startsWith(key, i)) {
            hit = key;
            break;
          }
        }
      }
      if (hit == null) {
        out.append(template.charAt(i++));
      } else {
        out.append(escape.apply(values.get(hit)));
        i += hit.length();
      }
    }
    return out.toString();
  }

  static String jsonEscape(String s) {
    String quoted = Json.encode(s);
    return quoted.substring(1, quoted.length() - 1);
  }

  static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Object jsonPath(String body, String path) {
    Object node;
    try {
      node = Json.decodeValue(body);
    } catch (DecodeException e) {
      return null;
    }
    for (String step : path.split("\\.")) {
      if (node instanceof JsonObject o) {
        node = o.getValue(step);
      } else if (node instanceof JsonArray a && step.matches("\\d+")) {
        int i = Integer.parseInt(step);
        node = i < a.size() ? a.getValue(i) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  private String scrub(String text) {
    return settings.token() == null ? text : settings.token().scrub(text);
  }

  /** The URL without its query: a gateway may take a key there. */
  static String redactedTarget(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  static String excerpt(String body) {
    String s = body.strip().replaceAll("\\s+", " ");
    return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "…";
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
