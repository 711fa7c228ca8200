package org.vigie.alerting.email;

import java.time.Duration;
import java.util.Objects;
import org.vigie.aggregator.Secret;

/**
 * How to reach the SMTP server ({@code alerting.email}); read by {@link EmailSettingsReader}. The
 * password is a {@link Secret}: {@link #toString()} never shows it.
 *
 * @param tls {@code NONE} (plain, for a relay on localhost), {@code STARTTLS} (required: never
 *     sends credentials in clear) or {@code TLS} (implicit TLS, port 465)
 * @param username null: no authentication
 * @param password null when there is no username
 * @param from the sender address, e.g. {@code "Vigie <vigie@dsi.example>"}
 * @param timeout connecting and each SMTP exchange
 */
public record EmailSettings(
    String host,
    int port,
    Tls tls,
    String username,
    Secret password,
    String from,
    Duration timeout) {

  public static final int DEFAULT_PORT = 25;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Transport security. */
  public enum Tls {
    NONE,
    STARTTLS,
    TLS
  }

  public EmailSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(timeout, "timeout");
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("a username needs a password and the other way round");
    }
  }

  /** A plain SMTP server without authentication (a local relay). */
  public static EmailSettings plain(String host, int port, String from) {
    return new EmailSettings(host, port, Tls.NONE, null, null, from, DEFAULT_TIMEOUT);
  }

  /** The same with credentials. */
  public EmailSettings withCredentials(String user, Secret secret) {
    return new EmailSettings(host, port, tls, user, secret, from, timeout);
  }

  @Override
  public String toString() {
    return "EmailSettings{host="
        + host
        + ", port="
        + port
        + ", tls="
        + tls
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", from="
        + from
        + ", timeout="
        + timeout
        + "}";
  }
}
