package org.vigie.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of one simulated device.
 *
 * @param key the device key {@code school/device}
 * @param address the address its services listen on
 * @param running false after {@code stopDevice}
 * @param services every service by check name (plus {@code backup} and {@code ntp} on servers):
 *     true when it accepts connections
 * @param delay added before every reply
 * @param clockOffset added to the NTP time
 * @param backupAge minimum age of the newest backup; zero when backups are current
 */
public record DeviceState(
    String key,
    String address,
    boolean running,
    Map<String, Boolean> services,
    Duration delay,
    Duration clockOffset,
    Duration backupAge) {
  public DeviceState {
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
  }
}
