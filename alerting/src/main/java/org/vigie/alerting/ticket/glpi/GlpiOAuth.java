package org.vigie.alerting.ticket.glpi;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.ticket.HelpdeskException;
import org.vigie.alerting.ticket.HelpdeskSettings;

/**
 * The OAuth 2 access token of GLPI 11's high-level API, from its token endpoint {@code POST
 * api.php/token} (CoreController::token, league/oauth2-server behind it): the password grant when a
 * username is configured, else client credentials; scope {@code api}, which every route but {@code
 * /status}, {@code /graphql} and the user's own ones requires (OAuthRequestMiddleware).
 *
 * <p>The token is renewed before it expires ({@code expires_in}, one hour in GLPI: Server.php), and
 * when GLPI refuses it: with the refresh token if the grant gave one (password grant), else, or if
 * GLPI refuses that too, with the grant again. GLPI has no revocation endpoint, so {@link #forget}
 * only drops the tokens.
 */
final class GlpiOAuth {
  private static final Logger LOG = LoggerFactory.getLogger(GlpiOAuth.class);

  /** GLPI's access token lifetime when the answer has no {@code expires_in} (Server.php: PT1H). */
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  /** Renew this long before expiry, at most: a call must not start with a dying token. */
  static final Duration MAX_MARGIN = Duration.ofMinutes(1);

  private final WebClient client;
  private final String tokenUrl;
  private final HelpdeskSettings settings;
  private final GlpiHttp.Scrubber scrubber;
  private final Clock clock;
  private final Object lock = new Object();
  private Future<Token> token;

  /** The tokens of the last grant; {@code renewAt} is when to ask for new ones. */
  private record Token(Secret access, Secret refresh, Instant renewAt) {}

  GlpiOAuth(
      WebClient client,
      String tokenUrl,
      HelpdeskSettings settings,
      GlpiHttp.Scrubber scrubber,
      Clock clock) {
    this.client = client;
    this.tokenUrl = tokenUrl;
    this.settings = settings;
    this.scrubber = scrubber;
    this.clock = clock;
  }

  /** A valid access token: the current one, or a new one once it is due. */
  Future<Secret> accessToken() {
    synchronized (lock) {
      if (token == null || token.failed()) {
        token = grant();
      } else if (token.succeeded() && !clock.instant().isBefore(token.result().renewAt())) {
        token = renew(token.result());
      }
      return token.map(Token::access);
    }
  }

  /**
   * GLPI refused {@code used} (expired, revoked, or GLPI's keys changed): the next {@link
   * #accessToken()} gets another. A token already replaced by a concurrent call stays.
   */
  void refused(Secret used) {
    synchronized (lock) {
      if (token != null && token.succeeded() && token.result().access().equals(used)) {
        Token old = token.result();
        token = renew(old);
      }
    }
  }

  /** Drops the tokens (GLPI's OAuth server has no revocation endpoint to call). */
  void forget() {
    synchronized (lock) {
      token = null;
    }
  }

  private Future<Token> renew(Token old) {
    if (old.refresh() == null) {
      return grant();
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", old.refresh().reveal());
    client(form);
    form.put("scope", "api");
    return request(form, "refresh_token")
        .recover(
            e -> {
              if (e instanceof HelpdeskException h && h.status() != 0 && h.status() < 500) {
                // Refresh token expired or revoked: start over with the grant itself.
                LOG.info("GLPI refused the refresh token ({}): asking for a new grant", h.status());
                return grant();
              }
              return Future.failedFuture(e);
            });
  }

  private Future<Token> grant() {
    Map<String, String> form = new LinkedHashMap<>();
    if (settings.username() != null) {
      form.put("grant_type", "password");
      form.put("username", settings.username());
      form.put("password", settings.password() == null ? "" : settings.password().reveal());
    } else {
      form.put("grant_type", "client_credentials");
    }
    client(form);
    form.put("scope", "api");
    return request(form, form.get("grant_type"))
        .onFailure(
            e -> {
              if (e instanceof HelpdeskException h && h.status() >= 400 && h.status() < 500) {
                // invalid_client (401), invalid_grant (400: the user's password),
                // unauthorized_client
                // (400: the grant is not enabled for the client): all need the operator.
                LOG.warn(
                    "{}: check alerting.helpdesk client-id, client-secret, username and password,"
                        + " and the OAuth client's grants and scopes in GLPI",
                    h.getMessage());
              }
            });
  }

  private void client(Map<String, String> form) {
    form.put("client_id", settings.clientId() == null ? "" : settings.clientId());
    form.put(
        "client_secret", settings.clientSecret() == null ? "" : settings.clientSecret().reveal());
  }

  private Future<Token> request(Map<String, String> form, String grantType) {
    String what = "GLPI POST token (" + grantType + " grant)";
    Buffer body =
        Buffer.buffer(
            form.entrySet().stream()
                .map(
                    e ->
                        URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                            + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    HttpRequest<Buffer> r =
        client
            .requestAbs(HttpMethod.POST, tokenUrl)
            .timeout(settings.timeout().toMillis())
            .putHeader("Accept", "application/json");
    Instant asked = clock.instant();
    return GlpiHttp.send(r, body, what, scrubber).compose(resp -> token(resp, what, asked));
  }

  private Future<Token> token(HttpResponse<Buffer> resp, String what, Instant asked) {
    if (resp.statusCode() != 200) {
      // 5xx: GLPI is away; 4xx: the credentials (retried too, as v1's refused session: the
      // operator fixes them and the outbox carries on).
      return Future.failedFuture(GlpiHttp.failure(what, resp, true, scrubber));
    }
    JsonObject json;
    try {
      json = resp.bodyAsJsonObject();
    } catch (DecodeException e) {
      json = null;
    }
    String access = json == null ? null : json.getString("access_token");
    if (access == null || access.isEmpty()) {
      return Future.failedFuture(
          new HelpdeskException(what + ": the answer has no access_token", 200, true));
    }
    Secret a = Secret.of(access);
    String r = json.getString("refresh_token");
    Secret refresh = r == null || r.isEmpty() ? null : Secret.of(r);
    scrubber.current(a, refresh);
    Number seconds = json.getNumber("expires_in");
    Duration life =
        seconds == null || seconds.longValue() <= 0
            ? DEFAULT_LIFETIME
            : Duration.ofSeconds(seconds.longValue());
    Duration margin = life.dividedBy(10);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    return Future.succeededFuture(new Token(a, refresh, asked.plus(life).minus(margin)));
  }
}
