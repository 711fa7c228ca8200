package org.vigie.simulator.services;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.simulator.DeviceState;
import org.vigie.simulator.SimulatorOptions;

/**
 * One simulated device: the services implied by its checks ({@code tcp} → {@link TcpService},
 * {@code http} → one {@link HttpService} per port), plus, on a server, a backup {@link FtpService}
 * and an {@link NtpService}; and the faults injected into it.
 *
 * <p>Operations on one device (start, stop, service start/stop) run one after the other, whatever
 * thread calls them, so that a listener is never bound and closed at the same time.
 */
public final class DeviceSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceSimulator.class);

  /** The name of the backup FTP service, and of the check that may give its port. */
  public static final String BACKUP = "backup";

  /** The name of the NTP service, and of the check that may give its port. */
  public static final String NTP = "ntp";

  private final Device device;
  private final DeviceFaults faults = new DeviceFaults();
  private final Map<String, Listener> byService = new LinkedHashMap<>();
  private final Set<String> enabled = ConcurrentHashMap.newKeySet();
  private final BackupCatalog catalog;
  private volatile boolean powered;
  private Future<Void> queue = Future.succeededFuture();

  /**
   * @throws IllegalArgumentException when two of the device's services need the same port in
   *     incompatible ways, or a port is not a number
   */
  public DeviceSimulator(Vertx vertx, Device device, SimulatorOptions options) {
    this.device = device;
    String key = device.key();
    String host = device.address();
    Duration idle = options.idleTimeout();
    Map<Integer, Listener> tcpPorts = new LinkedHashMap<>();
    boolean server = device.kind() == DeviceKind.SERVER;
    if (server) {
      catalog = new BackupCatalog(options.clock(), faults, options.seed(), key);
      int ftpPort = port(BACKUP, options.ftpPort());
      FtpService ftp = new FtpService(vertx, key, host, ftpPort, catalog, faults, idle);
      tcpPorts.put(ftpPort, ftp);
      byService.put(BACKUP, ftp);
    } else {
      catalog = null;
    }
    for (CheckSpec c : device.checks()) {
      if (c.kind().equals("http") && !(server && isExtra(c))) {
        int port = parsePort(c, c.param("port", "80"));
        Listener existing = tcpPorts.get(port);
        if (existing != null && !(existing instanceof HttpService)) {
          throw conflict(c, port);
        }
        HttpService http =
            existing != null
                ? (HttpService) existing
                : new HttpService(vertx, key, host, port, faults, enabled::contains);
        http.route(c.name(), c.param("path", "/"));
        tcpPorts.put(port, http);
        byService.put(c.name(), http);
      }
    }
    for (CheckSpec c : device.checks()) {
      if (c.kind().equals("tcp") && !(server && isExtra(c))) {
        int port = parsePort(c, c.param("port", null));
        // A TCP check against a port another service listens on is satisfied by that service.
        Listener l =
            tcpPorts.computeIfAbsent(
                port, p -> new TcpService(vertx, key, c.name(), host, p, idle));
        byService.put(c.name(), l);
      } else if (!c.kind().equals("http") && !(server && isExtra(c))) {
        LOG.debug("{}: no simulation for check {} of kind {}", key, c.name(), c.kind());
      }
    }
    if (server) {
      byService.put(
          NTP,
          new NtpService(vertx, key, host, port(NTP, options.ntpPort()), options.clock(), faults));
    }
  }

  private static boolean isExtra(CheckSpec c) {
    return c.name().equals(BACKUP) || c.name().equals(NTP);
  }

  /** The port of the extra service {@code name}: from the check of that name, else the default. */
  private int port(String name, int fallback) {
    return device.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .map(c -> parsePort(c, c.param("port", Integer.toString(fallback))))
        .orElse(fallback);
  }

  private int parsePort(CheckSpec c, String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          c.origin() + ": device " + device.key() + ", check " + c.name() + ": bad port " + text);
    }
  }

  private IllegalArgumentException conflict(CheckSpec c, int port) {
    return new IllegalArgumentException(
        c.origin()
            + ": device "
            + device.key()
            + ": check "
            + c.name()
            + " wants HTTP on port "
            + port
            + ", which another service of the device already uses");
  }

  public String key() {
    return device.key();
  }

  public Device device() {
    return device;
  }

  /** The distinct listening sockets of the device. */
  public List<Listener> listeners() {
    return List.copyOf(new LinkedHashSet<>(byService.values()));
  }

  /** Powers the device on with every service up (also what "start device" does). */
  public Future<Void> start() {
    return serial(
        () -> {
          powered = true;
          enabled.addAll(byService.keySet());
          return startListeners();
        });
  }

  /** Powers the device off: every listener and connection is closed. */
  public Future<Void> stop() {
    return serial(
        () -> {
          powered = false;
          return Future.join(listeners().stream().map(Listener::stop).toList()).mapEmpty();
        });
  }

  /** Clears every fault and starts the device with all its services. */
  public Future<Void> reset() {
    faults.reset();
    return start();
  }

  public Future<Void> stopService(String name) {
    Listener l = byService.get(name);
    if (l == null) {
      return unknownService(name);
    }
    return serial(
        () -> {
          enabled.remove(name);
          boolean shared =
              byService.entrySet().stream()
                  .anyMatch(e -> e.getValue() == l && enabled.contains(e.getKey()));
          // A port still serving another check stays open; the HTTP path answers 503.
          return shared ? Future.succeededFuture() : l.stop();
        });
  }

  public Future<Void> startService(String name) {
    Listener l = byService.get(name);
    if (l == null) {
      return unknownService(name);
    }
    return serial(
        () -> {
          if (!powered) {
            return Future.failedFuture(
                new IllegalStateException(
                    "device '" + device.key() + "' is stopped: start the device first"));
          }
          enabled.add(name);
          return l.start();
        });
  }

  private Future<Void> unknownService(String name) {
    return Future.failedFuture(
        new UnknownNameException(
            "unknown service '" + name + "' on device '" + device.key() + "'"));
  }

  public DeviceFaults faults() {
    return faults;
  }

  public boolean hasBackups() {
    return catalog != null;
  }

  public boolean hasNtp() {
    return byService.containsKey(NTP);
  }

  public DeviceState state() {
    Map<String, Boolean> services = new LinkedHashMap<>();
    byService.forEach(
        (name, l) -> services.put(name, powered && enabled.contains(name) && l.running()));
    return new DeviceState(
        device.key(),
        device.address(),
        powered,
        services,
        faults.delay(),
        faults.clockOffset(),
        faults.backupAge());
  }

  private Future<Void> startListeners() {
    List<Future<Void>> started = new ArrayList<>();
    for (Listener l : listeners()) {
      boolean wanted =
          byService.entrySet().stream()
              .anyMatch(e -> e.getValue() == l && enabled.contains(e.getKey()));
      if (wanted) {
        started.add(l.start());
      }
    }
    return Future.join(started)
        .transform(
            ar -> {
              List<String> errors =
                  started.stream().filter(Future::failed).map(f -> f.cause().getMessage()).toList();
              if (errors.isEmpty()) {
                return Future.succeededFuture();
              }
              Throwable first =
                  started.stream().filter(Future::failed).findFirst().orElseThrow().cause();
              return Future.failedFuture(
                  new IllegalStateException(String.join("; ", errors), first));
            });
  }

  /** Runs {@code op} after every operation queued before it on this device. */
  private synchronized Future<Void> serial(Supplier<Future<Void>> op) {
    Future<Void> result =
        queue.transform(
            ar -> {
              try {
                return op.get();
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            });
    queue = result.otherwiseEmpty();
    return result;
  }
}
