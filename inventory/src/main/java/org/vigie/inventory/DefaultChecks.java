package org.vigie.inventory;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The checks each device kind gets when the configuration's {@code check-defaults} does not name
 * that kind (see docs/configuration.md).
 */
public final class DefaultChecks {
  /** Interval of a check that does not set one. */
  public static final Duration INTERVAL = Duration.ofSeconds(60);

  /** Timeout of a check that does not set one. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Origin BUILT_IN = Origin.builtIn("built-in check defaults");

  private DefaultChecks() {}

  /** The built-in defaults of every kind (an empty list for kinds without checks). */
  public static Map<DeviceKind, List<CheckSpec>> builtIn() {
    Map<DeviceKind, List<CheckSpec>> map = new EnumMap<>(DeviceKind.class);
    for (DeviceKind kind : DeviceKind.values()) {
      map.put(kind, forKind(kind));
    }
    return Collections.unmodifiableMap(map);
  }

  /** The built-in defaults of one kind. */
  public static List<CheckSpec> forKind(DeviceKind kind) {
    return switch (kind) {
      // The school's internet link is judged from its router; SNMP gives the WAN throughput.
      case ROUTER -> List.of(check("link", "link", Map.of()), snmp(), http("admin", "/"));
      case SWITCH -> List.of(ping(), snmp());
      case SERVER ->
          List.of(
              ping(),
              http("health", "/health"),
              tcp("smb", 445),
              tcp("ldap", 389),
              tcp("proxy", 3128),
              check("ntp", "ntp", Map.of("port", "123")),
              // Hourly is enough to see a night's backup missing; the password is never in the
              // configuration: without the variable the check says so (DOWN, with the name).
              new CheckSpec(
                  "backup",
                  "backup",
                  Duration.ofHours(1),
                  Duration.ofSeconds(60),
                  Map.of(
                      "port", "21",
                      "path", "/backups",
                      "user", "vigie",
                      "password", "env:VIGIE_BACKUP_PASSWORD"),
                  BUILT_IN));
      case ACCESS_POINT -> List.of(ping(), http("http", "/"));
      case PRINTER -> List.of(ping(), tcp("jetdirect", 9100));
      // 2,300 pings a minute would only show when machines are switched off.
      case WORKSTATION -> List.of();
    };
  }

  private static CheckSpec ping() {
    return check("ping", "icmp", Map.of());
  }

  private static CheckSpec snmp() {
    return check("snmp", "snmp", Map.of("version", "2c"));
  }

  private static CheckSpec check(String name, String kind, Map<String, String> params) {
    return new CheckSpec(name, kind, INTERVAL, TIMEOUT, params, BUILT_IN);
  }

  private static CheckSpec http(String name, String path) {
    return new CheckSpec(
        name, "http", INTERVAL, TIMEOUT, Map.of("port", "80", "path", path), BUILT_IN);
  }

  private static CheckSpec tcp(String name, int port) {
    return new CheckSpec(
        name, "tcp", INTERVAL, TIMEOUT, Map.of("port", String.valueOf(port)), BUILT_IN);
  }
}
