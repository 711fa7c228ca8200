package org.vigie.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;
import org.vigie.inventory.Tariff;

/** Synthetic inventories whose checks all point at the {@link TargetServer} addresses. */
final class Estates {
  private static final Origin BENCH = Origin.builtIn("bench");

  private Estates() {}

  /**
   * {@code checks} checks over schools of {@code perSchool} devices with one check each; the {@code
   * httpShare} of them are HTTP, the rest TCP.
   */
  static Inventory mixed(
      int checks, int perSchool, double httpShare, Duration interval, Targets targets) {
    return estate(
        checks,
        perSchool,
        i -> {
          boolean http = (i % 100) < httpShare * 100;
          return spec(http ? "http" : "tcp", interval, http ? targets.httpPort : targets.tcpPort);
        });
  }

  /**
   * {@code checks} TCP checks, one per server, {@code perSchool} servers per school; check {@code
   * i} probes port {@code port.applyAsInt(i)} (benchmarks point groups of checks at target
   * processes they stop).
   */
  static Inventory tcp(int checks, int perSchool, Duration interval, IntUnaryOperator port) {
    return estate(checks, perSchool, i -> spec("tcp", interval, port.applyAsInt(i)));
  }

  private static CheckSpec spec(String kind, Duration interval, int port) {
    Duration timeout =
        interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(5);
    return new CheckSpec(
        kind, kind, interval, timeout, Map.of("port", Integer.toString(port)), BENCH);
  }

  /** Servers {@code d<i>} on their own loopback addresses, each with the check {@code spec(i)}. */
  private static Inventory estate(int checks, int perSchool, IntFunction<CheckSpec> spec) {
    List<Commune> communes = List.of(new Commune("bench", "Bench", List.of(), BENCH));
    List<School> schools = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    for (int i = 0; i < checks; i++) {
      String school = "s" + (i / perSchool);
      if (i % perSchool == 0) {
        schools.add(
            new School(
                school,
                school,
                "bench",
                null,
                new Link(LinkType.FIBRE, "b", 100, 100, "127.0.0.1"),
                BENCH));
      }
      devices.add(
          new Device(
              "d" + i,
              school,
              DeviceKind.SERVER,
              "d" + i,
              TargetServer.address(i),
              null,
              List.of(spec.apply(i)),
              BENCH));
    }
    return new Inventory(communes, schools, devices, Tariff.defaults());
  }
}
