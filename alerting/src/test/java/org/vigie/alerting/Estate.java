package org.vigie.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * Test estates. Each school {@code sN}: router {@code router} (checks {@code link} of kind link,
 * {@code admin}), switch {@code switch} (ping) behind it, server {@code srv} (ping, health, backup)
 * and access points {@code ap-1}, {@code ap-2}, {@code ap-3} (ping) behind the switch.
 */
final class Estate {
  static final Origin HERE = Origin.builtIn("test");

  private Estate() {}

  static Inventory schools(int count, String provider) {
    Commune commune = new Commune("besancon", "Besançon", List.of(), HERE);
    List<School> schools = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String s = "s" + i;
      schools.add(
          new School(
              s,
              "École " + s,
              "besancon",
              null,
              new Link(LinkType.FIBRE, provider, 100, 100, "127.0.0.1"),
              HERE));
      devices.add(
          device(
              s, "router", DeviceKind.ROUTER, null, spec("link", "link"), spec("admin", "http")));
      devices.add(device(s, "switch", DeviceKind.SWITCH, "router", spec("ping", "icmp")));
      devices.add(
          device(
              s,
              "srv",
              DeviceKind.SERVER,
              "switch",
              spec("ping", "icmp"),
              spec("health", "http"),
              spec("backup", "backup")));
      for (int a = 1; a <= 3; a++) {
        devices.add(device(s, "ap-" + a, DeviceKind.ACCESS_POINT, "switch", spec("ping", "icmp")));
      }
    }
    return new Inventory(List.of(commune), schools, devices, Tariff.defaults());
  }

  /**
   * One school {@code s1} with no router nor switch: {@code servers} servers {@code srv-N} (ping)
   * at the top of its topology, as a school whose link is only known by its servers.
   */
  static Inventory flat(int servers) {
    Commune commune = new Commune("besancon", "Besançon", List.of(), HERE);
    School school =
        new School(
            "s1",
            "École s1",
            "besancon",
            null,
            new Link(LinkType.ADSL, "Orange", 8, 1, null),
            HERE);
    List<Device> devices = new ArrayList<>();
    for (int i = 1; i <= servers; i++) {
      devices.add(device("s1", "srv-" + i, DeviceKind.SERVER, null, spec("ping", "icmp")));
    }
    return new Inventory(List.of(commune), List.of(school), devices, Tariff.defaults());
  }

  private static Device device(
      String school, String id, DeviceKind kind, String parent, CheckSpec... checks) {
    return new Device(id, school, kind, id, "127.0.0.1", parent, List.of(checks), HERE);
  }

  private static CheckSpec spec(String name, String kind) {
    return new CheckSpec(
        name, kind, Duration.ofSeconds(60), Duration.ofSeconds(10), Map.of(), HERE);
  }
}
