package org.vigie.dashboards;

import java.util.List;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;
import org.vigie.inventory.Tariff;

/** Small inventories for the tests. */
final class Estates {
  private Estates() {}

  /** Two communes, three schools on fibre, ADSL and satellite, a server and an AP each. */
  static Inventory small() {
    Origin o = Origin.builtIn("test");
    List<Commune> communes =
        List.of(
            new Commune("besancon", "Besançon", List.of(), o),
            new Commune("dole", "Dole", List.of(), o));
    List<School> schools =
        List.of(
            school("jules-ferry", "besancon", LinkType.FIBRE),
            school("pasteur", "besancon", LinkType.ADSL),
            school("les-pres", "dole", LinkType.SATELLITE));
    List<Device> devices =
        schools.stream()
            .flatMap(
                s ->
                    java.util.stream.Stream.of(
                        new Device(
                            "srv",
                            s.id(),
                            DeviceKind.SERVER,
                            "server",
                            "127.0.0.1",
                            null,
                            List.of(),
                            o),
                        new Device(
                            "ap1",
                            s.id(),
                            DeviceKind.ACCESS_POINT,
                            "AP",
                            "127.0.0.2",
                            null,
                            List.of(),
                            o)))
            .toList();
    return new Inventory(communes, schools, devices, Tariff.defaults());
  }

  private static School school(String id, String commune, LinkType type) {
    return new School(
        id,
        id,
        commune,
        "1 rue " + id,
        new Link(type, "isp", 100, 50, "127.0.0.1"),
        Origin.builtIn("test"));
  }
}
