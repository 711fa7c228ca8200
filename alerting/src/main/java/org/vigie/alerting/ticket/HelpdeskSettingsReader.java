package org.vigie.alerting.ticket;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.Severity;
import org.vigie.inventory.ConfigNode;

/**
 * Reads {@code alerting.helpdesk} (and {@code alerting.grafana-url} for the dashboard link) into
 * {@link HelpdeskSettings}. Problems go to the node's sink with their positions; secrets come from
 * {@code *-file} (relative to the configuration file) or {@code *-env} (from the map passed in) and
 * never appear in a message.
 */
public final class HelpdeskSettingsReader {
  private static final List<String> V1_KEYS =
      List.of("app-token-file", "app-token-env", "user-token-file", "user-token-env");
  private static final List<String> V2_KEYS =
      List.of(
          "client-id",
          "client-secret-file",
          "client-secret-env",
          "username",
          "password-file",
          "password-env");

  private final Path base;
  private final Map<String, String> env;

  /**
   * @param base the configuration file's folder
   * @param env the process environment, for {@code *-env} keys
   */
  public HelpdeskSettingsReader(Path base, Map<String, String> env) {
    this.base = base;
    this.env = Map.copyOf(env);
  }

  /** The settings, or empty when there is no {@code helpdesk} key (no tickets). */
  public Optional<HelpdeskSettings> read(ConfigNode alerting) {
    Optional<ConfigNode> node = alerting.child("helpdesk");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    ConfigNode n = node.get();
    n.allowKeys(
        "system",
        "url",
        "version",
        "app-token-file",
        "app-token-env",
        "user-token-file",
        "user-token-env",
        "client-id",
        "client-secret-file",
        "client-secret-env",
        "username",
        "password-file",
        "password-env",
        "timeout",
        "min-severity",
        "requester",
        "entity",
        "category",
        "communes",
        "assets",
        "mail-to");
    String system = n.string("system", "glpi");
    if (!system.equals("glpi") && !system.equals("email") && !system.equals("webhook")) {
      n.error("system", "unknown helpdesk '" + system + "'; expected one of: glpi, email, webhook");
    }
    URI url = null;
    int version = n.integer("version", 1, 1, 2);
    Secret app = secret(n, "app-token");
    Secret user = secret(n, "user-token");
    Secret clientSecret = secret(n, "client-secret");
    Secret password = secret(n, "password");
    if (system.equals("glpi")) {
      String u = n.requiredString("url");
      if (u != null) {
        try {
          url = new URI(u);
          if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            n.error("url", "expected an http or https URL, got '" + u + "'");
          }
        } catch (URISyntaxException e) {
          n.error("url", "not a URL: '" + u + "'");
        }
      }
      if (version == 1) {
        if (n.string("user-token-file", null) == null && n.string("user-token-env", null) == null) {
          n.reportMissing("user-token-file");
        }
        for (String k : V2_KEYS) {
          if (n.child(k).isPresent()) {
            n.error(
                k,
                "only for version 2 (GLPI 11 high-level API, OAuth); version 1 (apirest.php)"
                    + " uses app-token-file and user-token-file");
          }
        }
      }
      if (version == 2) {
        if (n.string("client-id", null) == null) {
          n.reportMissing("client-id");
        }
        if (n.string("client-secret-file", null) == null
            && n.string("client-secret-env", null) == null) {
          n.reportMissing("client-secret-file");
        }
        boolean hasUser = n.child("username").isPresent();
        boolean hasPassword =
            n.child("password-file").isPresent() || n.child("password-env").isPresent();
        if (hasUser && !hasPassword) {
          n.reportMissing("password-file");
        } else if (hasPassword && !hasUser) {
          n.error(
              n.child("password-file").isPresent() ? "password-file" : "password-env",
              "a password needs a username (password grant); leave both out for the client"
                  + " credentials grant");
        }
        for (String k : V1_KEYS) {
          if (n.child(k).isPresent()) {
            n.error(
                k,
                "only for version 1 (apirest.php); version 2 authenticates with client-id,"
                    + " client-secret-file, username and password-file (OAuth)");
          }
        }
      }
    }
    String mailTo = n.string("mail-to", null);
    if (system.equals("email") && mailTo == null) {
      n.reportMissing("mail-to");
    }
    Duration timeout = n.duration("timeout", HelpdeskSettings.DEFAULT_TIMEOUT);
    String sev = n.string("min-severity", "warning");
    Severity min = HelpdeskSettings.DEFAULT_MIN_SEVERITY;
    try {
      min = Severity.valueOf(sev.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      n.error(
          "min-severity",
          "unknown severity '" + sev + "'; expected critical, major, minor or warning");
    }
    Integer requester = optionalId(n, "requester");
    HelpdeskSettings.Mapping def =
        new HelpdeskSettings.Mapping(optionalId(n, "entity"), optionalId(n, "category"));
    Map<String, HelpdeskSettings.Mapping> communes = new LinkedHashMap<>();
    ConfigNode c = n.childOrEmpty("communes");
    for (String commune : c.keys()) {
      ConfigNode m = c.childOrEmpty(commune);
      m.allowKeys("entity", "category");
      communes.put(
          commune,
          new HelpdeskSettings.Mapping(
              m.child("entity").isPresent() ? optionalId(m, "entity") : def.entityId(),
              m.child("category").isPresent() ? optionalId(m, "category") : def.categoryId()));
    }
    ConfigNode assets = n.childOrEmpty("assets");
    assets.allowKeys("field", "from");
    String field = assets.string("field", HelpdeskSettings.DEFAULT_ASSET_FIELD);
    if (!field.equals("name") && !field.equals("serial") && !field.equals("otherserial")) {
      assets.error("field", "expected name, serial or otherserial, got '" + field + "'");
    }
    String from = assets.string("from", HelpdeskSettings.DEFAULT_ASSET_SOURCE);
    if (!from.equals("id") && !from.equals("name") && !from.equals("address")) {
      assets.error("from", "expected id, name or address, got '" + from + "'");
    }
    return Optional.of(
        new HelpdeskSettings(
            system,
            url,
            version,
            app,
            user,
            n.string("client-id", null),
            clientSecret,
            n.string("username", null),
            password,
            timeout,
            min,
            requester,
            def,
            communes,
            field,
            from,
            mailTo,
            alerting.string("grafana-url", null)));
  }

  private static Integer optionalId(ConfigNode n, String key) {
    return n.child(key).isPresent() ? n.integer(key, 0, 0, Integer.MAX_VALUE) : null;
  }

  /** {@code <key>-file} or {@code <key>-env}; null if neither. */
  private Secret secret(ConfigNode n, String key) {
    String file = n.string(key + "-file", null);
    String var = n.string(key + "-env", null);
    if (file != null && var != null) {
      n.error(key + "-env", "give either " + key + "-file or " + key + "-env, not both");
      return null;
    }
    if (file != null) {
      Path p = base.resolve(file);
      try {
        String first =
            Files.readString(p, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (first.isEmpty()) {
          n.error(key + "-file", "secret file is empty: " + p);
          return null;
        }
        return Secret.of(first);
      } catch (IOException e) {
        n.error(
            key + "-file",
            "cannot read secret file " + p + " (" + e.getClass().getSimpleName() + ")");
        return null;
      }
    }
    if (var != null) {
      String v = env.get(var);
      if (v == null || v.isBlank()) {
        n.error(key + "-env", "environment variable " + var + " is not set or empty");
        return null;
      }
      return Secret.of(v.strip());
    }
    return null;
  }
}
