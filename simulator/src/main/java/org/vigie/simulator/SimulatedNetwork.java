package org.vigie.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.inventory.Device;
import org.vigie.inventory.Inventory;
import org.vigie.simulator.services.DeviceSimulator;
import org.vigie.simulator.services.Listener;
import org.vigie.simulator.services.UnknownNameException;

/**
 * A simulated school estate on the loopback network: every device of an {@link Inventory} listens
 * on its own address with the services its checks probe (a TCP listener per {@code tcp} check, an
 * HTTP server per {@code http} port), and every server also runs a backup FTP server and an NTP
 * responder. Faults can be injected per device, keyed by {@code school/device}.
 *
 * <p>Methods may be called from any thread. An unknown device key gives a failed future with an
 * {@link IllegalArgumentException} {@code unknown device 'x'}.
 */
public final class SimulatedNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedNetwork.class);

  private final Map<String, DeviceSimulator> devices = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException when a device's checks cannot be simulated together (bad port,
   *     HTTP and another service on one port) or two devices would listen on the same socket
   */
  public SimulatedNetwork(Vertx vertx, Inventory inventory, SimulatorOptions options) {
    Map<String, String> owners = new LinkedHashMap<>();
    for (Device d : inventory.devices()) {
      DeviceSimulator sim = new DeviceSimulator(vertx, d, options);
      for (Listener l : sim.listeners()) {
        String previous = owners.putIfAbsent(l.socket(), d.key());
        if (previous != null) {
          throw new IllegalArgumentException(
              "devices " + previous + " and " + d.key() + " would both listen on " + l.socket());
        }
      }
      devices.put(d.key(), sim);
    }
  }

  /**
   * Starts every device. When any fails (typically a port already in use or privileged), the
   * devices already started are stopped again and the future fails naming each failing device.
   */
  public Future<Void> start() {
    List<Future<Void>> started = devices.values().stream().map(DeviceSimulator::start).toList();
    return Future.join(started)
        .transform(
            ar -> {
              List<Throwable> failures =
                  started.stream().filter(Future::failed).map(Future::cause).toList();
              if (failures.isEmpty()) {
                LOG.info(
                    "simulating {} devices with {} listeners",
                    devices.size(),
                    devices.values().stream().mapToInt(d -> d.listeners().size()).sum());
                return Future.succeededFuture();
              }
              String message =
                  failures.size()
                      + " simulated device(s) failed to start: "
                      + String.join(
                          "; ", failures.stream().limit(5).map(Throwable::getMessage).toList())
                      + (failures.size() > 5 ? "; …" : "");
              return stop()
                  .transform(
                      v ->
                          Future.<Void>failedFuture(
                              new IllegalStateException(message, failures.getFirst())));
            });
  }

  /** Stops every device, closing all listeners and connections. */
  public Future<Void> stop() {
    return Future.join(devices.values().stream().map(DeviceSimulator::stop).toList()).mapEmpty();
  }

  /** The key of every device of the inventory, in inventory order. */
  public Set<String> deviceKeys() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(devices.keySet()));
  }

  public Optional<DeviceState> state(String key) {
    return Optional.ofNullable(devices.get(key)).map(DeviceSimulator::state);
  }

  /** Every device's state, in inventory order. */
  public List<DeviceState> states() {
    List<DeviceState> out = new ArrayList<>();
    devices.values().forEach(d -> out.add(d.state()));
    return out;
  }

  /** Powers a device off: its listeners and open connections close (connection refused). */
  public Future<Void> stopDevice(String key) {
    return with(key, DeviceSimulator::stop);
  }

  /** Powers a device on again, with every service up. */
  public Future<Void> startDevice(String key) {
    return with(key, DeviceSimulator::start);
  }

  /**
   * Stops one service, named by its check (or {@code backup} / {@code ntp}). An HTTP port shared
   * with another check stays open and answers 503 on this check's path.
   */
  public Future<Void> stopService(String key, String checkName) {
    return with(key, d -> d.stopService(checkName));
  }

  public Future<Void> startService(String key, String checkName) {
    return with(key, d -> d.startService(checkName));
  }

  /** Makes the newest backup of a server {@code age} old by dropping the newer files. */
  public Future<Void> staleBackup(String key, Duration age) {
    return with(
        key,
        d -> {
          if (!d.hasBackups()) {
            throw new IllegalArgumentException("device '" + key + "' has no backup service");
          }
          d.faults().backupAge(age);
          return Future.succeededFuture();
        });
  }

  /** Delays every reply of every service of the device; {@link Duration#ZERO} restores. */
  public Future<Void> slowDevice(String key, Duration delay) {
    return with(
        key,
        d -> {
          d.faults().delay(delay);
          return Future.succeededFuture();
        });
  }

  /** Shifts the time the device's NTP responder gives (clock drift). */
  public Future<Void> clockOffset(String key, Duration offset) {
    return with(
        key,
        d -> {
          if (!d.hasNtp()) {
            throw new IllegalArgumentException("device '" + key + "' has no NTP service");
          }
          d.faults().clockOffset(offset);
          return Future.succeededFuture();
        });
  }

  /** Clears every fault of the device and starts it with all its services. */
  public Future<Void> reset(String key) {
    return with(key, DeviceSimulator::reset);
  }

  private Future<Void> with(String key, Function<DeviceSimulator, Future<Void>> op) {
    DeviceSimulator d = devices.get(key);
    if (d == null) {
      return Future.failedFuture(new UnknownNameException("unknown device '" + key + "'"));
    }
    try {
      return op.apply(d);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
