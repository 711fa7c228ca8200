package org.vigie.alerting.sms;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.secrets.ConfigSecrets;
import org.vigie.inventory.ConfigNode;

/** Reads {@code alerting.sms}; problems go to the node's list with their positions. */
public final class SmsSettingsReader {
  private static final Set<String> OVH_PRIORITIES = Set.of("high", "medium", "low", "veryLow");
  private static final Pattern ALPHA_SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}|\\+?\\d{1,16}");

  private final ConfigSecrets secrets;

  public SmsSettingsReader(ConfigSecrets secrets) {
    this.secrets = secrets;
  }

  /** The settings, or empty when the section is absent or has errors (reported). */
  public Optional<SmsSettings> read(ConfigNode alerting) {
    Optional<ConfigNode> section = alerting.child("sms");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    ConfigNode n = section.get();
    int before = n.problems().size();
    n.allowKeys(
        "provider",
        "sender",
        "cost-per-segment",
        "daily-cap",
        "transliterate",
        "max-segments",
        "fallback-after-attempts",
        "http",
        "ovh",
        "smpp");
    String kind = n.requiredString("provider");
    SmsSettings.Provider provider = null;
    if (kind != null) {
      switch (kind) {
        case "http" -> provider = http(n.childOrEmpty("http"));
        case "ovh" -> provider = ovh(n.childOrEmpty("ovh"));
        case "smpp" -> provider = smpp(n.childOrEmpty("smpp"));
        default ->
            n.error(
                "provider",
                "unknown SMS provider '" + kind + "'; expected one of: http, ovh, smpp");
      }
      for (String other : new String[] {"http", "ovh", "smpp"}) {
        if (!other.equals(kind) && n.child(other).isPresent()) {
          n.error(other, "section for provider '" + other + "' but provider is '" + kind + "'");
        }
      }
    }
    String sender = n.string("sender", null);
    if (sender != null && !ALPHA_SENDER.matcher(sender).matches()) {
      n.error("sender", "expected up to 11 letters, digits or spaces, or a phone number");
    }
    BigDecimal cost =
        n.decimal("cost-per-segment", SmsSettings.DEFAULT_COST_PER_SEGMENT, BigDecimal.ZERO);
    BigDecimal cap =
        n.child("daily-cap").isPresent() ? n.decimal("daily-cap", null, BigDecimal.ZERO) : null;
    if (cap != null && cost.signum() == 0) {
      n.error("daily-cap", "a daily cap needs cost-per-segment greater than zero");
    }
    boolean transliterate = n.bool("transliterate", SmsSettings.DEFAULT_TRANSLITERATE);
    int maxSegments = n.integer("max-segments", SmsSettings.DEFAULT_MAX_SEGMENTS, 1, 255);
    int fallbackAfter =
        n.integer("fallback-after-attempts", SmsSettings.DEFAULT_FALLBACK_AFTER_ATTEMPTS, 1, 1000);
    if (n.problems().size() > before || provider == null) {
      return Optional.empty();
    }
    return Optional.of(
        new SmsSettings(provider, sender, cost, cap, transliterate, maxSegments, fallbackAfter));
  }

  private SmsSettings.HttpTemplate http(ConfigNode n) {
    n.allowKeys(
        "method",
        "url",
        "headers",
        "content-type",
        "body",
        "success-regex",
        "success-json-path",
        "success-json-value",
        "auth-header",
        "auth-scheme",
        "token",
        "token-file",
        "token-env",
        "timeout");
    String url = n.requiredString("url");
    if (url != null && !isHttpUrl(url.replace("{", "").replace("}", ""))) {
      n.error("url", "expected an http:// or https:// URL, got '" + url + "'");
    }
    String method = n.string("method", "POST");
    if (!Set.of("GET", "POST", "PUT").contains(method)) {
      n.error("method", "expected GET, POST or PUT, got '" + method + "'");
    }
    String regex = n.string("success-regex", null);
    if (regex != null) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        n.error("success-regex", "invalid regular expression: " + e.getDescription());
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    n.child("headers")
        .ifPresent(
            h -> {
              for (String k : h.keys()) {
                String v = h.string(k, null);
                if (k.equalsIgnoreCase(n.string("auth-header", "Authorization"))) {
                  h.error(k, "put the token in token-file or token-env, not in headers");
                } else if (v != null) {
                  headers.put(k, v);
                }
              }
            });
    Secret token = secrets.read(n, "token", false).orElse(null);
    return new SmsSettings.HttpTemplate(
        method,
        url,
        headers,
        n.string("content-type", "application/json"),
        n.string("body", null),
        regex,
        n.string("success-json-path", null),
        n.string("success-json-value", null),
        n.string("auth-header", "Authorization"),
        n.string("auth-scheme", "Bearer"),
        token,
        timeout(n));
  }

  private SmsSettings.Ovh ovh(ConfigNode n) {
    n.allowKeys(
        "endpoint",
        "service-name",
        "application-key",
        "application-secret",
        "application-secret-file",
        "application-secret-env",
        "consumer-key",
        "consumer-key-file",
        "consumer-key-env",
        "no-stop-clause",
        "priority",
        "validity-period",
        "timeout");
    String endpoint = n.string("endpoint", SmsSettings.Ovh.DEFAULT_ENDPOINT);
    if (!isHttpUrl(endpoint)) {
      n.error("endpoint", "expected an https:// URL such as " + SmsSettings.Ovh.DEFAULT_ENDPOINT);
    }
    String service = n.requiredString("service-name");
    String ak = n.requiredString("application-key");
    Secret as = secrets.read(n, "application-secret", true).orElse(null);
    Secret ck = secrets.read(n, "consumer-key", true).orElse(null);
    String priority = n.string("priority", "high");
    if (!OVH_PRIORITIES.contains(priority)) {
      n.error("priority", "expected one of: high, medium, low, veryLow; got '" + priority + "'");
    }
    return new SmsSettings.Ovh(
        endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint,
        service,
        ak,
        as,
        ck,
        n.bool("no-stop-clause", true),
        priority,
        n.integer("validity-period", 2880, 1, 2880),
        timeout(n));
  }

  private SmsSettings.Smpp smpp(ConfigNode n) {
    n.allowKeys(
        "host",
        "port",
        "system-id",
        "password",
        "password-file",
        "password-env",
        "system-type",
        "long-messages",
        "enquire-link",
        "response-timeout");
    String host = n.requiredString("host");
    int port = n.integer("port", SmsSettings.Smpp.DEFAULT_PORT, 1, 65535);
    String systemId = n.requiredString("system-id");
    if (systemId != null && systemId.length() > SmppSmsProvider.MAX_SYSTEM_ID) {
      n.error("system-id", "SMPP allows at most " + SmppSmsProvider.MAX_SYSTEM_ID + " characters");
    }
    Secret password = secrets.read(n, "password", true).orElse(null);
    if (password != null && password.reveal().length() > SmppSmsProvider.MAX_PASSWORD) {
      n.error(
          "password-" + (n.child("password-file").isPresent() ? "file" : "env"),
          "SMPP passwords have at most " + SmppSmsProvider.MAX_PASSWORD + " characters");
    }
    String mode = n.string("long-messages", "udh");
    SmsSettings.LongMessages longMessages = SmsSettings.LongMessages.UDH;
    switch (mode) {
      case "udh" -> longMessages = SmsSettings.LongMessages.UDH;
      case "payload" -> longMessages = SmsSettings.LongMessages.PAYLOAD;
      default -> n.error("long-messages", "expected udh or payload, got '" + mode + "'");
    }
    Duration enquire = n.duration("enquire-link", SmsSettings.Smpp.DEFAULT_ENQUIRE_LINK);
    if (enquire.compareTo(Duration.ofSeconds(1)) < 0) {
      n.error("enquire-link", "must be at least 1s");
    }
    Duration response = n.duration("response-timeout", SmsSettings.DEFAULT_TIMEOUT);
    if (response.isZero() || response.isNegative()) {
      n.error("response-timeout", "must be greater than zero");
    }
    return new SmsSettings.Smpp(
        host,
        port,
        systemId,
        password,
        n.string("system-type", ""),
        longMessages,
        enquire,
        response);
  }

  private static Duration timeout(ConfigNode n) {
    Duration d = n.duration("timeout", SmsSettings.DEFAULT_TIMEOUT);
    if (d.isZero() || d.isNegative()) {
      n.error("timeout", "must be greater than zero");
      return SmsSettings.DEFAULT_TIMEOUT;
    }
    return d;
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI u = URI.create(url);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
