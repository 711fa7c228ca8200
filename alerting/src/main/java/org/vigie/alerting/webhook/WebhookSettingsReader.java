package org.vigie.alerting.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vigie.alerting.secrets.ConfigSecrets;
import org.vigie.inventory.ConfigNode;

/** Reads {@code alerting.webhook}; problems go to the node's list with their positions. */
public final class WebhookSettingsReader {
  private final ConfigSecrets secrets;

  public WebhookSettingsReader(ConfigSecrets secrets) {
    this.secrets = secrets;
  }

  /** The settings, or empty when the section is absent or has errors (reported). */
  public Optional<WebhookSettings> read(ConfigNode alerting) {
    Optional<ConfigNode> section = alerting.child("webhook");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    ConfigNode n = section.get();
    int before = n.problems().size();
    n.allowKeys(
        "url",
        "secret",
        "secret-file",
        "secret-env",
        "signature-header",
        "token",
        "token-file",
        "token-env",
        "headers",
        "timeout");
    String url = n.requiredString("url");
    if (url != null && !isHttpUrl(url)) {
      n.error("url", "expected an http:// or https:// URL, got '" + url + "'");
    }
    var secret = secrets.read(n, "secret", false);
    var token = secrets.read(n, "token", false);
    String header = n.string("signature-header", WebhookSettings.DEFAULT_SIGNATURE_HEADER);
    Map<String, String> headers = headers(n);
    Duration timeout = n.duration("timeout", WebhookSettings.DEFAULT_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      n.error("timeout", "must be greater than zero");
    }
    if (n.problems().size() > before || url == null) {
      return Optional.empty();
    }
    return Optional.of(
        new WebhookSettings(
            url, secret.orElse(null), header, token.orElse(null), headers, timeout));
  }

  static Map<String, String> headers(ConfigNode n) {
    Map<String, String> headers = new LinkedHashMap<>();
    n.child("headers")
        .ifPresent(
            h -> {
              for (String k : h.keys()) {
                String v = h.string(k, null);
                if (k.equalsIgnoreCase("authorization")) {
                  h.error(k, "put credentials in token-file or token-env, not in headers");
                } else if (v != null) {
                  headers.put(k, v);
                }
              }
            });
    return headers;
  }

  static boolean isHttpUrl(String url) {
    try {
      URI u = URI.create(url);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
