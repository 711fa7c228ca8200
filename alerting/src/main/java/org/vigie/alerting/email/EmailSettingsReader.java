package org.vigie.alerting.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigie.aggregator.Secret;
import org.vigie.alerting.notify.NotifySettingsReader;
import org.vigie.inventory.ConfigNode;

/**
 * Reads {@code alerting.email}. The password comes from {@code password-file} (relative to the
 * configuration file's folder) or {@code password-env} (a variable of the environment map passed
 * in), never from the YAML; errors name the file or variable, never the value.
 */
public final class EmailSettingsReader {
  private final Path base;
  private final Map<String, String> env;

  /**
   * @param base the configuration file's folder
   * @param env the process environment (the caller passes {@code System.getenv()})
   */
  public EmailSettingsReader(Path base, Map<String, String> env) {
    this.base = base;
    this.env = env;
  }

  /** The settings, or empty when {@code alerting.email} is absent or has problems (reported). */
  public Optional<EmailSettings> read(ConfigNode alerting) {
    Optional<ConfigNode> node = alerting.child("email");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    ConfigNode n = node.get();
    int before = n.problems().size();
    n.allowKeys(
        "host",
        "port",
        "tls",
        "username",
        "password-file",
        "password-env",
        "from",
        "language",
        "timeout");
    String host = n.requiredString("host");
    String tlsText = n.string("tls", "starttls");
    EmailSettings.Tls tls = EmailSettings.Tls.STARTTLS;
    try {
      tls = EmailSettings.Tls.valueOf(tlsText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      n.error("tls", "expected none, starttls or tls, got '" + tlsText + "'");
    }
    int port =
        n.integer(
            "port", tls == EmailSettings.Tls.TLS ? 465 : EmailSettings.DEFAULT_PORT, 1, 65535);
    String from = n.requiredString("from");
    if (from != null && !from.contains("@")) {
      n.error("from", "expected an e-mail address, got '" + from + "'");
    }
    Duration timeout = n.duration("timeout", EmailSettings.DEFAULT_TIMEOUT);
    NotifySettingsReader.language(n);
    String user = n.string("username", null);
    Secret password = password(n);
    if (user != null && password == null && n.problems().size() == before) {
      n.error("username", "a username needs a password: add password-file or password-env");
    }
    if (user == null && password != null) {
      n.error("username", "a password is given but no username");
    }
    if (n.problems().size() > before || host == null || from == null) {
      return Optional.empty();
    }
    return Optional.of(
        new EmailSettings(host, port, tls, user, user == null ? null : password, from, timeout));
  }

  private Secret password(ConfigNode n) {
    String file = n.string("password-file", null);
    String var = n.string("password-env", null);
    if (file != null && var != null) {
      n.error("password-env", "give either password-file or password-env, not both");
      return null;
    }
    if (file != null) {
      Path p = base.resolve(file);
      try {
        String first = Files.readString(p, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (first.strip().isEmpty()) {
          n.error("password-file", "password file is empty: " + p);
          return null;
        }
        return Secret.of(first.strip());
      } catch (IOException e) {
        n.error(
            "password-file",
            (Files.exists(p) ? "cannot read password file " : "password file not found: ") + p);
        return null;
      }
    }
    if (var != null) {
      String v = env.get(var);
      if (v == null || v.isBlank()) {
        n.error("password-env", "environment variable " + var + " is not set or empty");
        return null;
      }
      return Secret.of(v.strip());
    }
    return null;
  }
}
