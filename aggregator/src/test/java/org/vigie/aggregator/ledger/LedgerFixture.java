package org.vigie.aggregator.ledger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.vigie.inventory.Check;
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
 * Two schools: {@code s1} (router {@code rtr} with an {@code admin} check, no link check; server
 * {@code srv} with {@code smb} and {@code health}) and {@code s2} (router {@code rtr} with {@code
 * admin} and a dedicated {@code link} check).
 */
final class LedgerFixture {
  static final Origin HERE = Origin.builtIn("test");

  private LedgerFixture() {}

  static List<Check> checks() {
    Commune commune = new Commune("besancon", "Besançon", List.of(), HERE);
    School s1 = school("s1");
    School s2 = school("s2");
    List<Device> devices =
        List.of(
            device("s1", "rtr", DeviceKind.ROUTER, null, spec("admin", "http")),
            device(
                "s1", "srv", DeviceKind.SERVER, "rtr", spec("smb", "tcp"), spec("health", "http")),
            device(
                "s2", "rtr", DeviceKind.ROUTER, null, spec("admin", "http"), spec("link", "tcp")));
    return new Inventory(List.of(commune), List.of(s1, s2), devices, Tariff.defaults()).checks();
  }

  private static School school(String id) {
    return new School(
        id,
        "École " + id,
        "besancon",
        null,
        new Link(LinkType.FIBRE, "op", 100, 100, "127.0.0.1"),
        HERE);
  }

  private static Device device(
      String school, String id, DeviceKind kind, String parent, CheckSpec... checks) {
    return new Device(id, school, kind, id, "127.0.0.1", parent, List.of(checks), HERE);
  }

  private static CheckSpec spec(String name, String kind) {
    return new CheckSpec(
        name, kind, Duration.ofSeconds(60), Duration.ofSeconds(10), Map.of("port", "80"), HERE);
  }
}
