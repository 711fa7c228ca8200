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
      case ROUTER -> List.of(http("admin", "/"));
      // ICMP arrives with the probe issue; until then a switch has nothing to probe.
      case SWITCH, WORKSTATION -> List.of();
      case SERVER ->
          List.of(http("health", "/health"), tcp("smb", 445), tcp("ldap", 389), tcp("proxy", 3128));
      case ACCESS_POINT -> List.of(http("http", "/"));
      case PRINTER -> List.of(tcp("jetdirect", 9100));
    };
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
