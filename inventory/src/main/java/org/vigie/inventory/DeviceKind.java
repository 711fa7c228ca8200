package org.vigie.inventory;

import java.util.Arrays;
import java.util.Optional;

/** What a device is; decides its default checks and its default parent in the topology. */
public enum DeviceKind {
  ROUTER("router"),
  SWITCH("switch"),
  SERVER("server"),
  ACCESS_POINT("access-point"),
  WORKSTATION("workstation"),
  PRINTER("printer");

  private final String key;

  DeviceKind(String key) {
    this.key = key;
  }

  /** The name used in configuration files and metric labels. */
  public String key() {
    return key;
  }

  public static Optional<DeviceKind> fromKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
  }
}
